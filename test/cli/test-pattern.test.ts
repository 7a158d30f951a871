import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { sampleEvent } from '../helpers/events.js';
import { corpusAvailable, readCorpusJson } from '../match/corpus.js';

interface RecordedCase {
  name: string;
  expected: 'match' | 'no_match' | 'invalid';
  aws_error_message?: string | null;
  event: unknown;
  pattern: unknown;
}

const recorded = readCorpusJson<{ cases: RecordedCase[] }>(
  'eventbridge_patterns/localstack/localstack_event_pattern_cases.json',
  { cases: [] },
).cases;

const EVENT = sampleEvent('cloudtrail/console-sign-in.json');

const dir = mkdtempSync(join(tmpdir(), 'parry-test-pattern-'));
const write = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe.skipIf(!corpusAvailable)(
  'test-pattern answers as AWS did on its 155 recorded cases',
  () => {
    it('has all of them', () => {
      expect(recorded).toHaveLength(155);
    });

    it.each(recorded)('$name → $expected', async (c) => {
      const run = await runCli([
        'test-pattern',
        '--pattern',
        JSON.stringify(c.pattern),
        '--event',
        JSON.stringify(c.event),
        '--json',
      ]);
      if (c.expected === 'invalid') {
        expect(run).toEqual({ code: 1, out: '', err: `${c.aws_error_message}\n` });
      } else {
        expect(run).toEqual({
          code: 0,
          out: `${JSON.stringify({ Result: c.expected === 'match' })}\n`,
          err: '',
        });
      }
    });
  },
);

/** `parry test-pattern --pattern <pattern> --event <event> [flags]`; objects are given as JSON. */
const testPattern = (pattern: string, event: string | object, ...flags: string[]) =>
  runCli([
    'test-pattern',
    '--pattern',
    pattern,
    '--event',
    typeof event === 'string' ? event : JSON.stringify(event),
    ...flags,
  ]);

describe('test-pattern inputs', () => {
  it('reads file:// paths as the AWS CLI does', async () => {
    const pattern = write('p.json', '{"source": ["aws.signin"]}');
    const event = write('e.json', JSON.stringify(EVENT));
    const run = await testPattern(`file://${pattern}`, `file://${event}`);
    expect(run).toEqual({ code: 0, out: 'true\n', err: '' });
  });

  it('takes a playbook file as its match', async () => {
    const playbook = 'test/fixtures/playbooks/explain/console-sign-in.yml';
    const noMfa = { ...EVENT, detail: { additionalEventData: { MFAUsed: 'No' } } };
    const run = await testPattern(playbook, noMfa, '--json');
    expect(run).toEqual({ code: 0, out: '{"Result":false}\n', err: '' });
    const right = write(
      'right.yml',
      'name: x\nmatch:\n  source: [aws.signin]\nactions: [{type: notify}]\n',
    );
    expect((await testPattern(right, EVENT)).out).toBe('true\n');
  });

  it('accepts a detail-type list and a string detail, as TestEventPattern does', async () => {
    const listed = { ...EVENT, 'detail-type': ['AWS Console Sign In via CloudTrail'] };
    const run = await testPattern('{"detail-type": [{"prefix": "AWS Console"}]}', listed);
    expect(run.out).toBe('true\n');
    const stringDetail = { ...EVENT, detail: '{"eventName": "ConsoleLogin"}' };
    const miss = await testPattern('{"detail": {"eventName": ["ConsoleLogin"]}}', stringDetail);
    expect(miss).toEqual({ code: 0, out: 'false\n', err: '' });
  });

  it("says where JSON is broken, in its own words rather than V8's", async () => {
    const bad = write('bad.json', '{"id": "1",\n  "source": aws}');
    const run = await runCli(['test-pattern', '--pattern', '{"source": ["x"]}', '--event', bad]);
    expect(run.code).toBe(1);
    expect(run.err).toBe(
      `parry: --event ${bad}: invalid JSON at line 2 column 13: unexpected token 'a'\n`,
    );
    expect(run.err).not.toMatch(/is not valid JSON/);
  });

  it('names a file that cannot be read', async () => {
    const run = await runCli(['test-pattern', '--pattern', 'file:///nope/p.json', '--event', '{}']);
    expect(run).toMatchObject({
      code: 1,
      err: 'parry: --pattern: cannot read /nope/p.json: no such file\n',
    });
  });

  it('says when a playbook file has no match', async () => {
    const noMatch = write('none.yml', 'name: x\n');
    const run = await runCli([
      'test-pattern',
      '--pattern',
      noMatch,
      '--event',
      JSON.stringify(EVENT),
    ]);
    expect(run).toMatchObject({
      code: 1,
      err: `parry: --pattern ${noMatch}: a playbook with no match\n`,
    });
  });
});
