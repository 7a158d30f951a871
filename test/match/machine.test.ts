import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type CompiledPattern,
  compileMachine,
  compilePattern,
  compilePatternText,
  InvalidPatternError,
  type PatternMachine,
} from '../../src/match/index.js';
import { structureOf } from '../../src/match/pattern.js';
import { CORPUS_ROOT, corpusAvailable, readCorpusJson, readCorpusText } from './corpus.js';

/** Every pattern of the corpus and of the shipped playbooks that compiles. */
function corpusPatterns(): CompiledPattern[] {
  const sources: unknown[] = [];
  const localstack = readCorpusJson<{ cases: { pattern: unknown }[] }>(
    'eventbridge_patterns/localstack/localstack_event_pattern_cases.json',
    { cases: [] },
  );
  sources.push(...localstack.cases.map((c) => c.pattern));
  const ruler = readCorpusJson<{ cases: { rule: unknown }[] }>(
    'eventbridge_patterns/event-ruler/correctness_cases_with_expected.json',
    { cases: [] },
  );
  sources.push(...ruler.cases.map((c) => c.rule));
  const realworld = readCorpusJson<{ patterns: { pattern: unknown }[] }>(
    'eventbridge_patterns/realworld/patterns.json',
    { patterns: [] },
  );
  sources.push(...realworld.patterns.map((p) => p.pattern));
  const compiled: CompiledPattern[] = [];
  for (const source of sources) {
    try {
      compiled.push(compilePattern(source));
    } catch (error) {
      if (!(error instanceof InvalidPatternError)) throw error;
    }
  }
  return compiled;
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

/** Every event of the corpus: event files, CloudTrail log records, and the cases' events. */
function corpusEvents(): unknown[] {
  const events: unknown[] = [];
  for (const dir of ['guardduty', 'cloudtrail', 'other_eventbridge', 'quirks']) {
    for (const file of jsonFiles(join(CORPUS_ROOT, dir))) {
      let value: unknown;
      try {
        value = JSON.parse(readCorpusText(file.slice(CORPUS_ROOT.length)));
      } catch {
        continue;
      }
      const records = (value as { Records?: unknown })?.Records;
      if (Array.isArray(records)) events.push(...records, ...records.map((detail) => ({ detail })));
      else events.push(value);
    }
  }
  const cases = readCorpusJson<{ cases: { event: unknown }[] }>(
    'eventbridge_patterns/localstack/localstack_event_pattern_cases.json',
    { cases: [] },
  );
  const ruler = readCorpusJson<{ cases: { event: unknown }[] }>(
    'eventbridge_patterns/event-ruler/correctness_cases_with_expected.json',
    { cases: [] },
  );
  return [...events, ...cases.cases.map((c) => c.event), ...ruler.cases.map((c) => c.event)];
}

const oneByOne = (patterns: readonly CompiledPattern[], event: unknown): number[] =>
  patterns.flatMap((p, i) => (p.matches(event) ? [i] : []));

describe.skipIf(!corpusAvailable)('every corpus pattern in one machine', () => {
  // Built when the tests run, not when they are collected: a skipped suite's body still runs.
  let patterns: CompiledPattern[] = [];
  let machine: PatternMachine;
  let events: unknown[] = [];
  beforeAll(() => {
    patterns = corpusPatterns();
    machine = compileMachine(patterns);
    events = corpusEvents();
  });

  it('holds them all', () => {
    expect(patterns.length).toBeGreaterThan(200);
    expect(events.length).toBeGreaterThan(1000);
    expect(machine.size).toBe(patterns.length);
  });

  it('agrees with each pattern on every corpus event', () => {
    let matches = 0;
    for (const event of events) {
      const expected = oneByOne(patterns, event);
      matches += expected.length;
      expect(machine.matching(event)).toEqual(expected);
    }
    // Not a vacuous agreement: many (event, pattern) pairs match.
    expect(matches).toBeGreaterThan(500);
  });
});

describe.skipIf(!corpusAvailable)('the corpus patterns that name a source, in one machine', () => {
  it('agrees with each pattern on every corpus event', () => {
    // Every sub-rule begins with `source`: the machine answers most events by their source alone.
    const patterns = corpusPatterns().filter((p) =>
      structureOf(p)?.subRules.every((rule) => rule.fields.some((f) => f.key === 'source')),
    );
    const machine = compileMachine(patterns);
    expect(patterns.length).toBeGreaterThan(20);
    let matches = 0;
    for (const event of corpusEvents()) {
      const expected = oneByOne(patterns, event);
      matches += expected.length;
      expect(machine.matching(event)).toEqual(expected);
    }
    expect(matches).toBeGreaterThan(500);
  });
});

describe('the combined machine', () => {
  const set = (...sources: unknown[]) => {
    const patterns = sources.map((s) => compilePattern(s));
    return { patterns, machine: compileMachine(patterns) };
  };

  it('gives an exact string to every pattern that names it, however the pattern spells it', () => {
    // Exact strings share one entry by their canonical text (value-index.ts): an escape in a
    // pattern's text must not make one pattern's entry shadow another's.
    const texts = [
      '{"a":["x"]}',
      '{"a":["\\u0078"]}',
      '{"a":["x","y"]}',
      '{"a":[{"wildcard":"x"}]}',
    ];
    const patterns = texts.map((t) => compilePatternText(t));
    const machine = compileMachine(patterns);
    expect(machine.matching({ a: 'x' })).toEqual([0, 1, 2, 3]);
    expect(machine.matching({ a: 'y' })).toEqual([2]);
    expect(machine.matching({ a: 'X' })).toEqual([]);
  });

  it('rejects an event of another source before looking further', () => {
    const { machine } = set(
      { source: ['aws.guardduty'], detail: { severity: [{ numeric: ['>=', 4] }] } },
      { source: ['aws.ec2'], detail: { eventName: ['RunInstances'] } },
    );
    // A getter on detail would throw if the machine walked it: it does not.
    const event = {
      source: 'aws.s3',
      get detail(): never {
        throw new Error('walked');
      },
    };
    expect(machine.matching(event)).toEqual([]);
    expect(machine.matching({ source: 'aws.ec2', detail: { eventName: 'RunInstances' } })).toEqual([
      1,
    ]);
  });

  it.each([
    { name: 'a source no pattern names', event: { source: 'aws.s3', detail: { a: 'x' } } },
    { name: 'a source one names', event: { source: 'aws.ec2', detail: { a: 'x' } } },
    { name: 'a source by prefix', event: { source: 'custom.app', detail: { a: 'x' } } },
    { name: 'a source in an array', event: { source: ['aws.s3', 'aws.ec2'], detail: { a: 'x' } } },
    { name: 'no source', event: { detail: { a: 'x' } } },
    { name: 'a source that is a number', event: { source: 5, detail: { a: 'x' } } },
    {
      name: 'an inherited source',
      event: Object.assign(Object.create({ source: 'aws.ec2' }), { detail: { a: 'x' } }),
    },
    {
      name: 'a source that is not enumerable',
      event: Object.defineProperty({ detail: { a: 'x' } }, 'source', { value: 'aws.ec2' }),
    },
    {
      name: 'a proxy',
      event: new Proxy({ source: 'aws.s3', detail: { a: 'x' } }, {}),
    },
  ])('answers by source as each pattern does: $name', ({ event }) => {
    const { patterns, machine } = set(
      { source: ['aws.ec2'], detail: { a: ['x'] } },
      { source: [{ prefix: 'custom.' }], detail: { a: ['x'] } },
      { source: [{ 'anything-but': ['aws.s3', 'aws.ec2', 'custom.app'] }], detail: { a: ['x'] } },
    );
    // Twice: the second answer comes from what the machine remembers of that source.
    expect(machine.matching(event)).toEqual(oneByOne(patterns, event));
    expect(machine.matching(event)).toEqual(oneByOne(patterns, event));
  });

  it('shares one lookup among many patterns on the same field', () => {
    const types = Array.from({ length: 500 }, (_, i) => `Type${i}:EC2/Thing`);
    const { patterns, machine } = set(
      ...types.map((t, i) => ({
        source: ['aws.guardduty'],
        detail: { type: [t, { prefix: `Family${i % 7}:` }], severity: [{ numeric: ['>', i % 9] }] },
      })),
    );
    for (const event of [
      { source: 'aws.guardduty', detail: { type: 'Type42:EC2/Thing', severity: 8 } },
      { source: 'aws.guardduty', detail: { type: 'Family3:Anything', severity: 5.5 } },
      { source: 'aws.guardduty', detail: { type: 'Nothing', severity: 5.5 } },
    ]) {
      expect(machine.matching(event)).toEqual(oneByOne(patterns, event));
    }
  });

  it.each([
    {
      name: 'exists:false keeps key order inside arrays while narrow fields move first',
      patterns: [
        { d: { a: [{ exists: false }], b: ['x'], c: [{ numeric: ['>', 0] }] } },
        { d: { a: ['x'], b: [{ exists: false }], z: ['1'] } },
        { d: { c: [{ 'anything-but': 'q' }], e: ['y'] } },
      ],
      events: [
        { d: [{ a: 1 }, { b: 'x', c: 2 }] },
        { d: [{ a: 'x', z: '1' }, { b: 1 }] },
        { d: [{ a: 'x', b: 1, z: '1' }] },
        { d: [{ c: 'r' }, { e: 'y' }] },
        { d: [{ c: 'r', e: 'y' }] },
      ],
    },
    {
      name: 'top-level values inside nested arrays go to the per-pattern evaluator',
      patterns: [{ source: ['x'], d: { a: ['1'] } }, { source: [{ exists: false }] }],
      events: [
        { source: [['x']], d: [{ a: '1' }] },
        { source: [[]] },
        { source: 'x', d: { a: '1' } },
      ],
    },
    {
      name: 'an event deeper than AWS accepts fails only the patterns that look down there',
      patterns: [{ a: ['x'] }, { b: { c: ['y'] } }],
      events: [
        (() => {
          let deep: unknown = 'y';
          for (let i = 0; i < 1200; i++) deep = { c: deep };
          return { a: 'x', b: deep };
        })(),
      ],
    },
    {
      name: 'every operator shares its field',
      patterns: [
        { f: ['10.0.0.1'] },
        { f: [{ cidr: '10.0.0.0/24' }] },
        { f: [{ cidr: '2001:db8::/32' }] },
        { f: [{ prefix: { 'equals-ignore-case': 'ARN:' } }] },
        { f: [{ suffix: { 'equals-ignore-case': '.PNG' } }] },
        { f: [{ 'equals-ignore-case': 'Root' }] },
        { f: [{ 'equals-ignore-case': 'straße' }] },
        { f: [{ wildcard: 'arn:*:role/*' }] },
        { f: [{ wildcard: '*-admin' }] },
        { f: [{ wildcard: '*x*' }] },
        { f: [{ 'anything-but': { prefix: 'arn:' } }] },
        { f: [{ 'anything-but': [1, 2] }] },
        { f: [{ exists: true }] },
        { f: [5, 5.5, true, null] },
        { f: [{ numeric: ['>=', 0, '<', 10] }] },
        { f: [9007199254740992] },
      ],
      events: [
        { f: '10.0.0.1' },
        { f: '10.0.0.77' },
        { f: '2001:0db8:0:0::1' },
        { f: 'arn:aws:iam::1:role/x' },
        { f: 'Arn:aws:iam::1:role/x' },
        { f: 'image.png' },
        { f: 'ROOT' },
        { f: 'STRASSE' },
        { f: 'db-admin' },
        { f: 'box' },
        { f: 5 },
        { f: 5.5 },
        { f: 1 },
        { f: true },
        { f: null },
        { f: 9007199254740992 },
        { f: ['10.0.0.1', 'x'] },
        {},
      ],
    },
  ])('$name', ({ patterns: sources, events }) => {
    const { patterns, machine } = set(...sources);
    for (const event of events) expect(machine.matching(event)).toEqual(oneByOne(patterns, event));
  });

  it('stays fast on an array of thousands of elements across many patterns', () => {
    const elements = Array.from({ length: 3000 }, (_, i) => ({ a: String(i % 10), b: 'x' }));
    const { patterns, machine } = set(
      ...Array.from({ length: 50 }, (_, i) => ({ d: { a: [String(i)], b: ['y'], c: ['z'] } })),
    );
    const started = performance.now();
    expect(machine.matching({ d: elements })).toEqual([]);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(oneByOne(patterns, { d: elements })).toEqual([]);
  });
});
