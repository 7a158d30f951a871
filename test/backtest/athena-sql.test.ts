import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patternSet } from '../../bench/patterns.js';
import { patternCondition, prefilterQuery } from '../../src/backtest/athena-sql.js';
import { parseScope } from '../../src/backtest/scope.js';
import {
  type CompiledPattern,
  compilePattern,
  InvalidPatternError,
} from '../../src/match/index.js';
import { loadPlaybooks } from '../../src/playbook/index.js';
import { corpusAvailable, readCorpusJson } from '../match/corpus.js';
import { type CorpusRecord, corpusCloudTrailRecords } from './cloudtrail-records.js';
import { cloudTrailTable } from './duckdb-table.js';

const compiles = (source: unknown): CompiledPattern[] => {
  try {
    return [compilePattern(source)];
  } catch (error) {
    if (error instanceof InvalidPatternError) return [];
    throw error;
  }
};

/** Every pattern of the corpus, the shipped playbooks' patterns, and a generated set of 1000. */
async function allPatterns(records: readonly CorpusRecord[]): Promise<CompiledPattern[]> {
  const { playbooks } = await loadPlaybooks(['playbooks']);
  const sources: unknown[] = [
    ...readCorpusJson<{ cases: { pattern: unknown }[] }>(
      'eventbridge_patterns/localstack/localstack_event_pattern_cases.json',
      { cases: [] },
    ).cases.map((c) => c.pattern),
    ...readCorpusJson<{ cases: { rule: unknown }[] }>(
      'eventbridge_patterns/event-ruler/correctness_cases_with_expected.json',
      { cases: [] },
    ).cases.map((c) => c.rule),
    ...readCorpusJson<{ patterns: { pattern: unknown }[] }>(
      'eventbridge_patterns/realworld/patterns.json',
      {
        patterns: [],
      },
    ).patterns.map((p) => p.pattern),
    ...patternSet(
      1000,
      records.map((r) => r.event),
    ),
  ];
  return [...playbooks.flatMap((p) => [p.match, ...p.unless]), ...sources.flatMap(compiles)];
}

describe.skipIf(!corpusAvailable)(
  'the Athena prefilter, run in DuckDB over every CloudTrail record of the corpus',
  () => {
    const records = corpusAvailable ? corpusCloudTrailRecords() : [];
    let table: Awaited<ReturnType<typeof cloudTrailTable>>;
    beforeAll(async () => {
      table = await cloudTrailTable(records);
    }, 60_000);
    afterAll(() => table?.close());

    it('holds the corpus records', async () => {
      expect(records.length).toBeGreaterThan(700);
      expect((await table.paths('SELECT "$path" FROM cloudtrail_logs')).size).toBe(records.length);
    });

    it('never drops a record the exact matcher matches, for any pattern', async () => {
      const patterns = await allPatterns(records);
      expect(patterns.length).toBeGreaterThan(1200);
      let matches = 0;
      let dropped = 0;
      for (const pattern of patterns) {
        const expected = records.filter((r) => pattern.matches(r.event)).map((r) => r.path);
        matches += expected.length;
        const kept = await table.paths(
          `SELECT "$path" FROM cloudtrail_logs WHERE ${patternCondition(pattern)}`,
        );
        const missing = expected.filter((p) => !kept.has(p));
        if (missing.length > 0) {
          throw new Error(
            `${JSON.stringify(pattern.source)} drops ${missing.slice(0, 3).join(', ')}`,
          );
        }
        dropped += records.length - kept.size;
      }
      expect(matches).toBeGreaterThan(500);
      // It is a filter: most (pattern, record) pairs are left out.
      expect(dropped / (patterns.length * records.length)).toBeGreaterThan(0.75);
    }, 120_000);

    it('keeps what the shipped playbooks match, within the scope, and little else', async () => {
      const { playbooks } = await loadPlaybooks(['playbooks']);
      const scope = parseScope({ since: '2019-01-01', regions: 'us-east-1,us-west-2' });
      const sql = prefilterQuery(playbooks, 'cloudtrail_logs', scope);
      const kept = await table.paths(sql);
      const expected = records.filter(
        (r) =>
          r.event.time >= '2019-01-01T00:00:00Z' &&
          ['us-east-1', 'us-west-2'].includes(r.event.region) &&
          playbooks.some((p) => p.match.matches(r.event)),
      );
      expect(expected.length).toBeGreaterThan(0);
      for (const r of expected) expect(kept).toContain(r.path);
      expect(kept.size).toBeLessThan(records.length / 10);
      expect(sql).toContain('"timestamp" >= \'2018/12/31\'');
      expect(sql).toContain("\"region\" IN ('us-east-1', 'us-west-2')");
    });

    it('quotes values, so a pattern cannot inject SQL', () => {
      const sql = patternCondition(compilePattern({ detail: { eventName: ["x' OR 1=1 --"] } }));
      expect(sql).toBe("eventname = 'x'' OR 1=1 --'");
    });
  },
);
