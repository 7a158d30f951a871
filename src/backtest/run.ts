import { availableParallelism } from 'node:os';
import type { S3Client } from '@aws-sdk/client-s3';
import { toBundled } from '../playbook/bundle.js';
import type { Playbook } from '../playbook/index.js';
import { contextOf, scopeToData, type WorkerSetup } from './context.js';
import { type ObjectOutcome, processObject } from './process.js';
import type { Scope } from './scope.js';
import type { ObjectRef } from './sources.js';
import { emptyTally, mergeTally, type Tally } from './summary.js';

export interface BacktestOptions {
  /** Loaded and validated (workers get them as plain data, see WorkerSetup). */
  playbooks: readonly Playbook[];
  scope: Scope;
  jsonl: boolean;
  breakerLimit: number;
  /** Worker threads; 0 reads in this thread (tests, tiny inputs). Default: one per core. */
  threads?: number;
  /** The bundled worker (dist/backtest-worker.js); required when threads > 0. */
  workerFile?: string;
  env: Record<string, string>;
  maxBytes?: number;
  /** Called with each JSON line, in input order. */
  onLine?: (line: string) => void;
  /** Called after each object, for progress. */
  onObject?: (done: { objects: number; records: number; bytes: number }) => void;
  /** For the in-thread mode: the S3 client (tests pass one that points at moto). */
  s3?: () => Promise<S3Client>;
}

type Reader = (ref: ObjectRef) => Promise<ObjectOutcome>;

interface Pool {
  read: Reader;
  close(): Promise<void>;
}

/** What a worker (or this thread) reads with; the playbooks as plain data only for workers. */
const setupOf = (options: BacktestOptions, playbooks: WorkerSetup['playbooks']): WorkerSetup => ({
  playbooks,
  env: options.env,
  scope: scopeToData(options.scope),
  jsonl: options.jsonl,
  breakerLimit: options.breakerLimit,
  ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
});

/**
 * A worker's young generation, at most (V8's default is 48 MiB: 16 MiB semi-spaces). A worker
 * reads one object at a time, and its records die young; left to grow, the young generation
 * of each worker creeps towards its default ceiling over a long run, so a backtest of a
 * million records ended 50 MiB larger than one of 100,000 (`npm run bench -- backtest`).
 * At 24 MiB both end at the size of the small one, for 2–4% more CPU time.
 * https://nodejs.org/docs/latest-v22.x/api/worker_threads.html#new-workerfilename-options
 */
export const WORKER_YOUNG_GENERATION_MB = 24;

/** The worker pool's settings (piscina's options). */
export const poolSettings = (options: BacktestOptions, workerFile: string, threads: number) => ({
  filename: workerFile,
  workerData: setupOf(options, options.playbooks.map(toBundled)),
  minThreads: threads,
  maxThreads: threads,
  // Each worker reads one object at a time: memory stays that of `threads` objects.
  concurrentTasksPerWorker: 1,
  resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
});

async function poolOf(options: BacktestOptions): Promise<Pool> {
  const threads = options.threads ?? availableParallelism();
  if (threads === 0) {
    const ctx = contextOf(setupOf(options, []), options.playbooks);
    const context = options.s3 ? { ...ctx, s3: options.s3 } : ctx;
    return { read: (ref) => processObject(ref, context), close: async () => {} };
  }
  if (!options.workerFile) throw new Error('backtest: no worker file for worker threads');
  const { Piscina } = await import('piscina');
  const pool = new Piscina(poolSettings(options, options.workerFile, threads));
  return {
    read: (ref) => pool.run(ref) as Promise<ObjectOutcome>,
    close: () => pool.destroy(),
  };
}

/**
 * Reads every object through the playbooks on worker threads and returns the total tally.
 * At most two objects per thread are in flight, and their results are passed on in input
 * order, so memory stays flat however many objects there are, and the JSON lines come out
 * in the same order on every run.
 */
export async function runBacktest(
  objects: AsyncIterable<ObjectRef>,
  options: BacktestOptions,
): Promise<Tally> {
  const pool = await poolOf(options);
  const total = emptyTally();
  const window = Math.max(2, 2 * (options.threads ?? availableParallelism()));
  const pending: { ref: ObjectRef; outcome: Promise<ObjectOutcome> }[] = [];
  let bytes = 0;
  const settle = async (): Promise<void> => {
    const first = pending.shift();
    if (!first) return;
    const outcome = await first.outcome;
    mergeTally(total, outcome.tally, options.breakerLimit);
    for (const line of outcome.lines) options.onLine?.(line);
    bytes += first.ref.size ?? 0;
    options.onObject?.({ objects: total.objects, records: total.records, bytes });
  };
  try {
    for await (const ref of objects) {
      pending.push({ ref, outcome: pool.read(ref) });
      if (pending.length >= window) await settle();
    }
    while (pending.length > 0) await settle();
  } finally {
    // Results still in flight after a failure are not waited for.
    for (const p of pending) p.outcome.catch(() => {});
    await pool.close();
  }
  return total;
}
