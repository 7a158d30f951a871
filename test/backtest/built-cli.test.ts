import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { ACCOUNT, deleteTrail, trailKey, writeArchive } from './archive.js';

// The built CLI (dist/cli.js, made by `npm ci`'s prepare) finds its worker file beside it; a
// bundle that lost it would still answer, silently on one core.
const root = writeArchive({
  [trailKey(ACCOUNT, 'us-east-1', '2026-03-25', 'a')]: [
    deleteTrail(ACCOUNT, 'us-east-1', '2026-03-25T10:00:00Z', 'e-a'),
  ],
  [trailKey(ACCOUNT, 'us-east-1', '2026-03-25', 'b')]: [
    deleteTrail(ACCOUNT, 'us-east-1', '2026-03-25T11:00:00Z', 'e-b'),
  ],
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('backtest: how the records are read', () => {
  it('reads on worker threads from the built CLI', () => {
    const run = spawnSync(process.execPath, ['bin/parry.js', 'backtest', root, '--threads', '2'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', PARRY_ACCOUNT_ID: ACCOUNT },
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('2 object(s), 2 record(s)');
    expect(run.stdout).toContain('read on 2 worker thread(s)');
  });

  it('says so when it reads in one thread (from the sources, no worker file)', async () => {
    const run = await runCli(['backtest', root], { env: { PARRY_ACCOUNT_ID: ACCOUNT } });
    expect(run.out).toContain('2 object(s), 2 record(s)');
    expect(run.out).toContain('read in one thread');
  });
});
