// The worker thread of `parry backtest` (bundled as dist/backtest-worker.js): reads the objects
// the main thread hands it, one at a time, and answers with their tallies.
import { workerData } from 'node:worker_threads';
import { contextOf, type WorkerSetup } from './context.js';
import { type ObjectOutcome, processObject } from './process.js';
import type { ObjectRef } from './sources.js';

const context = contextOf(workerData as WorkerSetup);

export default async function readObject(ref: ObjectRef): Promise<ObjectOutcome> {
  return processObject(ref, context);
}
