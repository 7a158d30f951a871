import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { runCli } from '../helpers/cli.js';

/** The StopLogging sample with a lone surrogate as its region: valid JSON, not valid UTF-16. */
const LONE_SURROGATE_EVENT = readFileSync(
  'test/events/cloudtrail/stop-logging.json',
  'utf8',
).replace(/"awsRegion":\s*"[^"]*"/, '"awsRegion": "\\ud800"');

describe('parry replay output', () => {
  it.each([[[]], [['--json']], [['--jsonl']]])(
    'reports an event with a lone surrogate instead of aborting (%j)',
    async (flags) => {
      const run = await runCli(['replay', '-', ...flags], { stdin: LONE_SURROGATE_EVENT });

      expect(run.err).toBe('');
      expect(run.code).toBe(0);
      expect(run.out).toContain('notify-cloudtrail-tampering');
      if (flags.length > 0) expect(run.out).toContain('\\ud800');
    },
  );

  it('streams --json event by event, as the one document JSON.stringify would print', async () => {
    const outs: string[] = [];
    const seenAtDrain: string[] = [];
    const code = await main(['replay', 'test/events/cloudtrail', '--json'], {
      out: (text) => outs.push(text),
      err: () => {},
      stdin: Readable.from(['']),
      env: {},
      drained: async () => {
        seenAtDrain.push(outs.join(''));
      },
    });
    const text = outs.join('');
    const doc = JSON.parse(text);

    expect(code).toBe(0);
    expect(text).toBe(`${JSON.stringify(doc, null, 2)}\n`);
    expect(doc.events.length).toBeGreaterThan(3);
    // Each result was written, and waited on, before the next event was run.
    expect(seenAtDrain).toHaveLength(doc.events.length);
    expect(seenAtDrain[0]).toContain(doc.events[0].source);
    expect(seenAtDrain[0]).not.toContain(doc.events[1].source);
  });

  it('prints JSON Lines with --jsonl: one result per event, then the summary', async () => {
    const json = JSON.parse((await runCli(['replay', 'test/events/guardduty', '--json'])).out);
    const run = await runCli(['replay', 'test/events/guardduty', '--jsonl']);
    const lines = run.out
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));

    expect(run.code).toBe(json.summary.failed > 0 ? 1 : 0);
    // The same results as --json (their plans carry the run's clock, so compare what they say).
    const said = (e: { source: string; playbooks: { name: string; status: string }[] }) => [
      e.source,
      e.playbooks.map((p) => `${p.name} ${p.status}`),
    ];
    expect(lines.slice(0, -1).map(said)).toEqual(json.events.map(said));
    expect(lines.at(-1)).toEqual({ summary: json.summary });
  });

  it('refuses --json and --jsonl together as a usage error', async () => {
    const run = await runCli(['replay', 'test/events', '--json', '--jsonl']);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/--jsonl.*cannot be used with.*--json/);
  });
});
