import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import type { Io } from '../../src/cli/io.js';
import { startProgress } from '../../src/cli/progress.js';
import { useColor, wrap } from '../../src/cli/terminal.js';
import { runCli } from '../helpers/cli.js';

const BACKDOOR = 'test/events/guardduty/backdoor-ec2-c-and-c-activity.json';
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape codes
const ANSI = /\u001b\[[0-9;]*m/g;

describe('CLI conventions', () => {
  it('prints its version', async () => {
    for (const flag of ['--version', '-V']) {
      expect(await runCli([flag])).toEqual({ code: 0, out: `${pkg.version}\n`, err: '' });
    }
  });

  it.each([60, 80, 120])(
    'fits replay output to a %i-column terminal without cutting a word',
    async (columns) => {
      const run = await runCli(['replay', BACKDOOR], {
        io: { columns, outIsTTY: true },
        env: { NO_COLOR: '1' },
      });
      const lines = run.out.split('\n');
      const words = new Set(run.out.split(/\s+/));
      for (const line of lines) {
        // A line may run over only when it is one word that cannot be broken.
        if (line.length > columns) {
          expect(line.replace(/^\s*│/, '').trim().split(/\s+/)).toHaveLength(1);
        }
      }
      // Nothing was cut: every subject word of the plan is whole somewhere.
      expect(words).toContain('i-0a1b2c3d4e5f60718');
      expect(run.out).not.toMatch(/\.\.\.$/m);
      expect(run.out).toContain('more characters (--json shows all)');
    },
  );

  it('wraps at spaces with a hanging indent', () => {
    expect(wrap('alpha beta gamma delta', 14, 2, 2)).toBe('  alpha beta\n    gamma\n    delta');
    expect(wrap('averyveryverylongword x', 12, 0, 2)).toBe('averyveryverylongword\n  x');
  });

  it('uses colour on a terminal, never with NO_COLOR, never in a pipe', async () => {
    const tty = await runCli(['replay', BACKDOOR], { io: { outIsTTY: true } });
    expect(tty.out).toMatch(ANSI);
    const noColor = await runCli(['replay', BACKDOOR], {
      io: { outIsTTY: true },
      env: { NO_COLOR: '1' },
    });
    expect(noColor.out).not.toMatch(ANSI);
    const clockless = (text: string) => text.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<now>');
    expect(clockless(noColor.out)).toBe(clockless(tty.out.replace(ANSI, '')));
    const piped = await runCli(['replay', BACKDOOR]);
    expect(piped.out).not.toMatch(ANSI);
  });

  it.each([
    [{}, true, true],
    [{}, false, false],
    [{ NO_COLOR: '1' }, true, false],
    [{ NO_COLOR: '' }, true, true],
    [{ FORCE_COLOR: '1' }, false, true],
    [{ TERM: 'dumb' }, true, false],
  ])('useColor(%j, tty=%s) is %s', (env, tty, expected) => {
    expect(useColor(env, tty)).toBe(expected);
  });

  it('shows the notify message as text, not escaped JSON', async () => {
    const run = await runCli(['replay', BACKDOOR], { io: { columns: 200 } });
    expect(run.out).not.toContain('Message={');
    expect(run.out).toContain('message:');
    expect(run.out).toMatch(/│ Type: {6}Backdoor:EC2\/C&CActivity\.B!DNS/);
    expect(run.out).toMatch(/│ What parry did before this notification:/);
  });

  it('names the read-only records skipped with --verbose', async () => {
    const file = 'test/events/cloudtrail/log-file-mixed.json';
    const quiet = await runCli(['replay', file]);
    expect(quiet.out).not.toContain('skipped test/');
    expect(quiet.out).toContain('--verbose names them');
    const verbose = await runCli(['replay', file, '--verbose'], { io: { columns: 200 } });
    expect(verbose.out).toContain(
      `skipped ${file}#0: a read-only call (EventBridge does not deliver it)`,
    );
    const json = await runCli(['replay', file, '--verbose', '--json'], { io: { columns: 200 } });
    expect(JSON.parse(json.out)).toHaveProperty('summary');
    expect(json.err).toContain(`skipped ${file}#0`);
  });
});

class FakeTty extends Writable {
  readonly isTTY = true;
  readonly columns = 80;
  text = '';
  override _write(chunk: Buffer, _: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
  cursorTo(): boolean {
    return true;
  }
  clearLine(): boolean {
    return true;
  }
  moveCursor(): boolean {
    return true;
  }
}

describe('progress on standard error', () => {
  const ioWith = (progress?: Writable): Io =>
    ({ out: () => undefined, err: () => undefined, env: {}, progress }) as unknown as Io;

  it('appears only after a second, then shows the running count, and is cleared at the end', () => {
    const stream = new FakeTty();
    let clock = 0;
    const progress = startProgress(ioWith(stream), () => clock);
    progress.tick(() => '1 events');
    clock = 500;
    progress.tick(() => '2 events');
    expect(stream.text).toBe('');
    clock = 1200;
    progress.tick(() => '3 events');
    expect(stream.text).toContain('3 events');
    clock = 1250;
    progress.tick(() => '4 events');
    expect(stream.text).not.toContain('4 events');
    clock = 1400;
    progress.tick(() => '5 events');
    progress.done();
    expect(stream.text).toContain('5 events');
  });

  it('is silent when standard error is not a terminal', () => {
    let calls = 0;
    const progress = startProgress(ioWith(undefined), () => 5000);
    progress.tick(() => {
      calls++;
      return 'x';
    });
    progress.done();
    expect(calls).toBe(0);
  });
});
