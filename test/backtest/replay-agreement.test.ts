import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { corpusAvailable } from '../match/corpus.js';
import { deleteTrail, trailKey, writeArchive } from './archive.js';
import { corpusRecords } from './corpus-records.js';

const ENV = {
  PARRY_NOTIFY_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:parry',
  PARRY_ACCOUNT_ID: '111122223333',
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

// Values no trail writes, but an archive may hold: not objects, a bad time, a bad source.
const ODD = [null, 'text', [1], { eventSource: 'nowhere', eventTime: 'x', awsRegion: 'r' }];

/** A DeleteTrail record's text (notify-cloudtrail-tampering matches it) with `edit` made to it. */
const trail = (edit: (text: string) => string): string =>
  edit(JSON.stringify(deleteTrail('111122223333', 'us-east-1', '2026-03-25T18:21:37Z', 'forged')));

// Records spelled to mislead a reader of bytes, which backtest is (src/backtest/log-records.ts):
// JSON.parse of the whole file, as replay does it, says what each one is.
const MISLEADING = [
  trail((t) => t.replace('"eventName":"DeleteTrail"', '"eventName":"Delete\\u0054rail"')),
  trail((t) => t.replace('"eventName":', '"event\\u004eame":')),
  trail((t) => t.replace('"eventSource":"cloudtrail.', '"eventSource":"cloud\\u0074rail.')),
  trail((t) => t.replace('{', '{"eventName":"ListTrails",')),
  trail((t) =>
    t
      .replace('"eventName":"DeleteTrail"', '"eventName":"CreateTrail"')
      .replace('{', '{"eventName":"DeleteTrail",'),
  ),
  trail((t) =>
    t.replace(/"eventName":"DeleteTrail"/, '"eventName":"DeleteTrail","eventName":"CreateTrail"'),
  ),
  trail((t) =>
    t.replace(
      '"eventName":"DeleteTrail"',
      '"eventName":"CreateTrail","requestParameters2":{"eventName":"DeleteTrail"}',
    ),
  ),
  trail((t) => t.replace(/"recipientAccountId":"\d+",?/, '')),
  trail((t) => t.replace('"readOnly":false', '"read\\u004fnly":true')),
  trail((t) => t.replace('"readOnly":false', '"readOnly":true')),
  trail((t) => t.replace('"awsRegion":"us-east-1"', '"awsRegion":1')),
];

/**
 * A playbook per service of the corpus, matching the calls it makes there, with an `unless`,
 * one mode or the other, one receiving read-only events: many records match, some are vetoed,
 * some stopped by guards, some only reach the read-only playbook.
 */
function playbooksFor(records: readonly unknown[]): string[] {
  const names = new Map<string, Set<string>>();
  for (const r of records) {
    if (!isObject(r) || typeof r.eventSource !== 'string' || typeof r.eventName !== 'string')
      continue;
    const service = /^([a-z0-9-]+)\.amazonaws\.com$/.exec(r.eventSource)?.[1];
    if (service === undefined) continue;
    names.set(service, (names.get(service) ?? new Set()).add(r.eventName));
  }
  const services = [...names].sort((a, b) => b[1].size - a[1].size).slice(0, 12);
  return services.map(([service, calls], i) =>
    [
      `name: corpus-${service}`,
      'description: Generated from the corpus for the backtest-replay agreement test.',
      `mode: ${i % 2 === 0 ? 'enforce' : 'dry-run'}`,
      ...(i === 0 ? ['read-only-events: true'] : []),
      'match:',
      `  source: [aws.${service}]`,
      '  detail:',
      `    eventName: ${JSON.stringify([...calls].sort().filter((_, k) => k % 3 !== 2))}`,
      'unless:',
      '  - detail: { userIdentity: { type: [Root] } }',
      'actions:',
      '  - type: notify',
      '    subject: "{{ detail.eventName }} by {{ detail.userIdentity.arn }}"',
      '',
    ].join('\n'),
  );
}

interface Outcome {
  playbook: string;
  mode: string;
  status: string;
  reason?: string;
  id: string;
  actions: { type: string; status: string; target?: string; reason?: string }[];
}

const lines = (out: string): Record<string, unknown>[] =>
  out
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe.skipIf(!corpusAvailable)('backtest and replay of the corpus records', () => {
  let records: unknown[];
  let playbooks: string;
  const roots: string[] = [];
  beforeAll(() => {
    records = corpusRecords();
    playbooks = mkdtempSync(join(tmpdir(), 'parry-corpus-playbooks-'));
    playbooksFor(records).forEach((text, i) => {
      writeFileSync(join(playbooks, `corpus-${i}.yml`), text);
    });
    for (const name of readdirSync('playbooks').filter((n) => !n.endsWith('.test.yml')))
      copyFileSync(join('playbooks', name), join(playbooks, name));
  });
  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
    rmSync(playbooks, { recursive: true, force: true });
  });

  // Backtest reads a log file's records off its bytes, parsing only those its top fields do not
  // rule out (src/backtest/log-records.ts, sieve.ts); replay parses the whole file.
  it.each([
    { layout: 'only records', odd: [], misleading: [] },
    { layout: 'values that are not records', odd: ODD, misleading: [] },
    { layout: 'records spelled to mislead', odd: [], misleading: MISLEADING },
  ])(
    'gives every record the verdicts replay gives it, and the same counts ($layout)',
    async ({ odd, misleading }) => {
      const key = trailKey('111122223333', 'us-east-1', '2026-03-25', 'corpus');
      const text = JSON.stringify({ Records: [...records, ...odd] });
      const forged = misleading.length ? `${text.slice(0, -2)},${misleading.join(',')}]}` : text;
      const root = writeArchive({ [key]: gzipSync(forged) });
      roots.push(root);
      const file = join(root, key);
      const args = ['--playbooks', playbooks, '--jsonl'];
      const [backtest, replay] = await Promise.all([
        runCli(['backtest', root, ...args], { env: ENV }),
        runCli(['replay', file, ...args], { env: ENV }),
      ]);
      const byRecord = new Map<number, Outcome[]>();
      for (const l of lines(backtest.out)) {
        const outcome = {
          playbook: l.playbook,
          mode: l.mode,
          status: l.status,
          ...(l.reason ? { reason: l.reason } : {}),
          id: (l.event as { id: string }).id,
          actions: l.actions,
        } as Outcome;
        byRecord.set(l.record as number, [...(byRecord.get(l.record as number) ?? []), outcome]);
      }
      const results = lines(replay.out);
      const summary = results.pop()?.summary as { unusable: number; skippedReadOnly: number };
      const expected = new Map<number, Outcome[]>();
      for (const r of results) {
        const index = Number(String(r.source).split('#').pop());
        const outcomes = (r.playbooks as Record<string, unknown>[]).map((p) => ({
          playbook: p.name,
          mode: p.mode,
          status: p.status,
          ...(p.reason ? { reason: p.reason } : {}),
          id: r.id,
          actions: (p.actions as Record<string, unknown>[]).map((a) => ({
            type: a.type,
            status: a.status,
            ...(a.target ? { target: a.target } : {}),
            ...(a.reason ? { reason: a.reason } : {}),
          })),
        })) as Outcome[];
        if (outcomes.length > 0) expected.set(index, outcomes);
      }
      expect(byRecord).toEqual(expected);
      // Not a vacuous agreement: many records match, in every way a playbook can end.
      const all = [...expected.values()].flat();
      expect(all.length).toBeGreaterThan(200);
      const ends = new Set(
        all.map((o) =>
          o.reason ? (o.reason.startsWith('vetoed') ? 'vetoed' : 'guard') : o.status,
        ),
      );
      expect([...ends].sort()).toEqual(['failed', 'guard', 'planned', 'vetoed']);
      const counts = backtest.err.match(
        /(\d+) read-only \(not delivered to any playbook\), (\d+) unusable/,
      );
      expect(counts?.slice(1).map(Number)).toEqual([summary.skippedReadOnly, summary.unusable]);
      expect(summary.unusable).toBeGreaterThan(odd.length);
      // Each misleading record is read as JSON.parse reads it: these match, the others do not.
      const first = records.length + odd.length;
      const tampering = [...expected]
        .filter(
          ([i, o]) => i >= first && o.some((p) => p.playbook === 'notify-cloudtrail-tampering'),
        )
        .map(([i]) => i - first);
      if (misleading.length) expect(tampering).toEqual([0, 1, 2, 3, 7]);
    },
  );
});
