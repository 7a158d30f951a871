import { describe, expect, it } from 'vitest';
import { explainPattern, type PatternExplanation } from '../../src/match/explain.js';
import { type CompiledPattern, compilePattern, compilePatternText } from '../../src/match/index.js';
import { corpusAvailable, readCorpusJson, readCorpusText } from './corpus.js';

interface Case {
  name: string;
  expected: string;
  pattern?: unknown;
  event?: unknown;
  rule?: unknown;
  expected_by_event_ruler?: string;
}

const recorded = readCorpusJson<{ cases: Case[] }>(
  'eventbridge_patterns/localstack/localstack_event_pattern_cases.json',
  { cases: [] },
).cases.filter((c) => c.expected !== 'invalid');
const correctness = readCorpusJson<{ cases: Case[] }>(
  'eventbridge_patterns/event-ruler/correctness_cases_with_expected.json',
  { cases: [] },
).cases;
const realworld = readCorpusJson<{ patterns: { id: string; pattern: unknown }[] }>(
  'eventbridge_patterns/realworld/patterns.json',
  { patterns: [] },
).patterns;
const matrixEvents = Object.keys(
  readCorpusJson<{ events: Record<string, string[]> }>(
    'eventbridge_patterns/realworld/match_matrix.json',
    { events: {} },
  ).events,
).map((file) => JSON.parse(readCorpusText(file)) as unknown);

/** The explanation agrees with the matcher, and a miss always says where. */
function expectConsistent(pattern: CompiledPattern, event: unknown): PatternExplanation {
  const explained = explainPattern(pattern, event);
  const verdict = pattern.matches(event);
  expect(explained.matches).toBe(verdict);
  if (explained.problem) return explained;
  expect(explained.branches.some((b) => b.matches)).toBe(verdict);
  const best = explained.branches[explained.best];
  expect(best).toBeDefined();
  if (!verdict) expect(best?.note ?? best?.fields.find((f) => !f.matches)).toBeDefined();
  return explained;
}

describe.skipIf(!corpusAvailable)('explain gives the matcher verdict on every corpus case', () => {
  it.each(recorded)('AWS-recorded $name', (c) => {
    expectConsistent(compilePattern(c.pattern), c.event);
    expectConsistent(compilePatternText(JSON.stringify(c.pattern)), c.event);
  });

  it.each(correctness)('event-ruler $name', (c) => {
    const explained = expectConsistent(compilePattern(c.rule), c.event);
    expect(explained.matches).toBe(c.expected_by_event_ruler === 'match');
  });

  it('every real-world pattern against every corpus event', () => {
    let pairs = 0;
    for (const { pattern } of realworld) {
      let compiled: CompiledPattern;
      try {
        compiled = compilePattern(pattern);
      } catch {
        continue;
      }
      for (const event of matrixEvents) {
        expectConsistent(compiled, event);
        pairs++;
      }
    }
    expect(pairs).toBeGreaterThan(10_000);
  });
});

const envelope = (fields: Record<string, unknown>) => ({
  version: '0',
  id: '1',
  'detail-type': 'AWS Console Sign In via CloudTrail',
  source: 'aws.signin',
  account: '111122223333',
  time: '2026-11-22T10:00:00Z',
  region: 'us-east-1',
  resources: [],
  ...fields,
});

const explain = (pattern: unknown, event: unknown) =>
  explainPattern(compilePattern(pattern), event);
const fieldsOf = (e: PatternExplanation) => e.branches[e.best]?.fields ?? [];

describe('explain says why, field by field', () => {
  it('shows the wrong source of a console sign-in playbook next to the right one', () => {
    const e = explain(
      { source: ['aws.cloudtrail'], 'detail-type': ['AWS Console Sign In via CloudTrail'] },
      envelope({ detail: {} }),
    );
    expect(e.matches).toBe(false);
    expect(fieldsOf(e)).toEqual([
      expect.objectContaining({ key: 'detail-type', matches: true }),
      expect.objectContaining({
        key: 'source',
        matches: false,
        values: ['aws.signin'],
        condition: '["aws.cloudtrail"]',
        closest: { alternative: '"aws.cloudtrail"', why: '"aws.signin" is not "aws.cloudtrail"' },
      }),
    ]);
  });

  it.each([
    [{ detail: { eventName: ['consolelogin'] } }, { eventName: 'ConsoleLogin' }, 'only in case'],
    [{ detail: { severity: [{ numeric: ['>=', 7] }] } }, { severity: 5 }, '5 is not >= 7'],
    [
      { detail: { severity: [{ numeric: ['>=', 7] }] } },
      { severity: '8' },
      'numeric matches numbers only',
    ],
    [{ detail: { n: [7] } }, { n: '7' }, 'types must agree'],
    [
      { detail: { type: [{ prefix: 'Backdoor:' }] } },
      { type: 'Trojan:EC2/X' },
      'does not start with "Backdoor:"',
    ],
    [
      { detail: { ip: [{ cidr: '10.0.0.0/8' }] } },
      { ip: '192.0.2.1' },
      '192.0.2.1 is not in 10.0.0.0/8',
    ],
    [{ detail: { x: [{ exists: false }] } }, { x: 1 }, 'wants it absent'],
    [{ detail: { s: [{ 'anything-but': ['a'] }] } }, { s: 'a' }, 'excluded by anything-but'],
  ])('%j against %j: %s', (pattern, detail, why) => {
    const [field] = fieldsOf(explain(pattern, envelope({ detail })));
    expect(field?.matches).toBe(false);
    expect(field?.closest?.why).toContain(why);
  });

  it('picks the closest alternative of a list', () => {
    const [field] = fieldsOf(
      explain(
        {
          detail: {
            type: ['Recon:EC2/PortProbe', { prefix: 'Backdoor:EC2/' }, 'Backdoor:EC2/Spambot'],
          },
        },
        envelope({ detail: { type: 'Backdoor:EC3/Spambot' } }),
      ),
    );
    expect(field?.closest?.alternative).toBe('"Backdoor:EC2/Spambot"');
  });

  it.each([
    [
      { detail: { severty: [5] } },
      { severity: 5 },
      'the event has no detail.severty; did you mean detail.severity?',
    ],
    [
      { detail: { Severity: [5] } },
      { severity: 5 },
      'names are case-sensitive: it has detail.severity',
    ],
    [
      { detail: { resource: [5] } },
      { resource: { a: 1 } },
      'an object at detail.resource, not a value',
    ],
    [
      { detail: { resource: { instanceDetails: { tags: { key: ['x'] } } } } },
      { resource: { resourceType: 'AccessKey' } },
      '(detail.resource has: resourceType)',
    ],
  ])('says what is there instead of an absent field %j', (pattern, detail, note) => {
    const [field] = fieldsOf(explain(pattern, envelope({ detail })));
    expect(field?.note).toContain(note);
  });

  it('says a string detail is not looked into', () => {
    const [field] = fieldsOf(
      explain({ detail: { 'my-key': ['v'] } }, envelope({ detail: '{"my-key": "v"}' })),
    );
    expect(field?.note).toBe(
      'the event has a string at detail, not an object (EventBridge does not look inside a JSON string)',
    );
  });

  it('shows the $or alternative that came closest', () => {
    const e = explain(
      { detail: { $or: [{ a: ['1'], b: ['2'] }, { c: ['3'] }] } },
      envelope({ detail: { a: '1', b: '9' } }),
    );
    expect(e.branches.map((b) => b.choices)).toEqual([
      ['$or at detail: #1'],
      ['$or at detail: #2'],
    ]);
    expect(e.best).toBe(0);
    expect(fieldsOf(e).map((f) => [f.key, f.matches])).toEqual([
      ['detail.a', true],
      ['detail.b', false],
    ]);
  });

  it('says when fields match only in different elements of an array', () => {
    const e = explain(
      { detail: { items: { name: ['a'], state: ['on'] } } },
      envelope({
        detail: {
          items: [
            { name: 'a', state: 'off' },
            { name: 'b', state: 'on' },
          ],
        },
      }),
    );
    expect(e.matches).toBe(false);
    expect(e.branches[0]?.note).toMatch(/same element of an array/);
  });

  it('shows which alternative accepted a value when it matches', () => {
    const [field] = fieldsOf(
      explain({ source: ['aws.ec2', { prefix: 'aws.sign' }] }, envelope({})),
    );
    expect(field).toMatchObject({
      matches: true,
      accepted: { alternative: '{"prefix":"aws.sign"}', value: 'aws.signin' },
    });
  });
});
