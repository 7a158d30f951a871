import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poolSettings, runBacktest, WORKER_YOUNG_GENERATION_MB } from '../../src/backtest/run.js';
import { objectsOf, s3FromEnv } from '../../src/backtest/sources.js';
import { cappedRuns } from '../../src/backtest/summary.js';
import { loadPlaybooks } from '../../src/playbook/index.js';
import { buildBacktestWorker } from '../helpers/backtest-worker.js';
import { deleteTrail, trailKey, writeArchive } from './archive.js';

const ACCOUNT = '111122223333';

describe('backtest on worker threads', () => {
  let worker: string;
  let root: string;
  beforeAll(async () => {
    worker = await buildBacktestWorker();
    const files: Record<string, unknown[]> = {};
    for (let f = 0; f < 12; f++) {
      files[trailKey(ACCOUNT, 'us-east-1', '2026-03-25', `f${f}`)] = Array.from(
        { length: 10 },
        (_, i) =>
          deleteTrail(
            ACCOUNT,
            'us-east-1',
            `2026-03-25T${String(f).padStart(2, '0')}:${String(i).padStart(2, '0')}:00Z`,
            `e-${f}-${i}`,
          ),
      );
    }
    root = writeArchive(files);
  }, 60_000);
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(dirname(worker), { recursive: true, force: true });
  });

  const run = async (threads: number) => {
    const lines: string[] = [];
    const { playbooks } = await loadPlaybooks(['playbooks']);
    const tally = await runBacktest(
      objectsOf([root], {}, () => s3FromEnv({})),
      {
        playbooks,
        scope: {},
        jsonl: true,
        breakerLimit: 4,
        threads,
        workerFile: worker,
        env: { PARRY_NOTIFY_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:parry' },
        onLine: (line) => lines.push(line),
      },
    );
    return { tally, lines };
  };

  it('gives the same tally and the same lines, in the same order, as one thread', async () => {
    const alone = await run(0);
    const pooled = await run(2);
    expect(pooled.tally.records).toBe(120);
    expect(pooled.tally.objects).toBe(12);
    expect(pooled.tally.playbooks.get('notify-cloudtrail-tampering')?.runs).toBe(120);
    expect(pooled.lines).toEqual(alone.lines);
    expect(pooled.lines).toHaveLength(120);
    // 10 runs per hour in each of 12 hours, 4 allowed: 6 capped per hour.
    expect(cappedRuns(pooled.tally.breaker).get('notify-cloudtrail-tampering')).toBe(72);
    expect(cappedRuns(alone.tally.breaker)).toEqual(cappedRuns(pooled.tally.breaker));
  });

  it('starts its workers with a capped young generation, so memory stays flat on long runs', async () => {
    // A worker that reports the limits Node gave it, started with the pool's own settings.
    const dir = mkdtempSync(join(dirname(worker), 'limits-'));
    const probe = join(dir, 'limits.mjs');
    writeFileSync(
      probe,
      "import { resourceLimits } from 'node:worker_threads';\nexport default () => resourceLimits;\n",
    );
    const { Piscina } = await import('piscina');
    const settings = poolSettings(
      { playbooks: [], scope: {}, jsonl: false, breakerLimit: 4, env: {} },
      probe,
      1,
    );
    const pool = new Piscina(settings);
    try {
      const limits = (await pool.run(null)) as { maxYoungGenerationSizeMb: number };
      expect(limits.maxYoungGenerationSizeMb).toBe(WORKER_YOUNG_GENERATION_MB);
      expect(WORKER_YOUNG_GENERATION_MB).toBeLessThan(48);
    } finally {
      await pool.destroy();
    }
  });
});
