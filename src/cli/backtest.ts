import { availableParallelism } from 'node:os';
import { type AthenaQuery, runAthenaQuery } from '../backtest/athena.js';
import { DEFAULT_PARTITIONS, type Partitions, prefilterQuery } from '../backtest/athena-sql.js';
import { BacktestError } from '../backtest/errors.js';
import { renderSummary } from '../backtest/render.js';
import { runBacktest } from '../backtest/run.js';
import { parseScope, type Scope } from '../backtest/scope.js';
import { type ObjectRef, objectsOf, s3FromEnv } from '../backtest/sources.js';
import type { Tally } from '../backtest/summary.js';
import type { Playbook } from '../playbook/index.js';
import { type Progress, progressOf } from './backtest-progress.js';
import { EXIT_FAILURE, EXIT_OK, type Io, UserError } from './io.js';
import { playbooksOrReport } from './playbooks-or-report.js';

export interface BacktestCliOptions {
  playbooks: string;
  since?: string;
  until?: string;
  accounts?: string;
  regions?: string;
  jsonl: boolean;
  threads?: string;
  maxActionsPerHour: string;
  athena: boolean;
  table?: string;
  database?: string;
  workgroup?: string;
  outputLocation?: string;
  partitions?: string;
  /** The worker bundle (dist/backtest-worker.js, main.ts finds it); without, one thread. */
  workerFile?: string;
  progress?: boolean;
}

const integer = (option: string, text: string, min: number): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min)
    throw new UserError(`${option}: "${text}" is not a whole number ≥ ${min}`);
  return n;
};

function partitionsOf(text: string | undefined): Partitions {
  if (text === undefined) return DEFAULT_PARTITIONS;
  if (text === 'none') return {};
  const [account, region, date] = text.split(',').map((s) => s.trim());
  const names = { account, region, date };
  for (const name of Object.values(names)) {
    if (name !== undefined && name !== '' && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new UserError(`--partitions: "${name}" is not a column name`);
    }
  }
  return Object.fromEntries(Object.entries(names).filter(([, v]) => v)) as Partitions;
}

/** The objects to read (as often as asked): the paths given, or the ones Athena's prefilter names. */
async function objectSource(
  paths: string[],
  options: BacktestCliOptions,
  playbooks: readonly Playbook[],
  scope: Scope,
  io: Io,
): Promise<() => AsyncIterable<ObjectRef>> {
  if (!options.athena) {
    if (paths.length === 0)
      throw new UserError('backtest: name folders, files or s3://bucket/prefix (or use --athena)');
    return () => objectsOf(paths, scope, () => s3FromEnv(io.env));
  }
  if (paths.length > 0)
    throw new UserError('backtest: --athena reads the objects its query names; give no paths');
  const missing = (['table', 'database', 'workgroup'] as const).filter((k) => !options[k]);
  if (missing.length > 0)
    throw new UserError(`backtest --athena needs ${missing.map((m) => `--${m}`).join(', ')}`);
  const sql = prefilterQuery(
    playbooks,
    options.table as string,
    scope,
    partitionsOf(options.partitions),
  );
  const query: AthenaQuery = {
    sql,
    database: options.database as string,
    workgroup: options.workgroup as string,
    ...(options.outputLocation ? { outputLocation: options.outputLocation } : {}),
  };
  const { AthenaClient } = await import('@aws-sdk/client-athena');
  io.err(`backtest: Athena prefilter:\n  ${sql}\n`);
  const answer = await runAthenaQuery(new AthenaClient({}), query);
  io.err(
    `backtest: Athena query ${answer.queryId} scanned ${(answer.scannedBytes / 1e9).toFixed(3)} GB and names ${answer.objects.length} object(s)\n`,
  );
  return async function* () {
    yield* answer.objects;
  };
}

/**
 * `parry backtest`: what the playbooks would have done over an archive of CloudTrail logs
 * (folders, s3://bucket/prefix, or the objects an Athena prefilter names). Exit 1 when an
 * input was unusable.
 */
export async function backtestCommand(
  paths: string[],
  options: BacktestCliOptions,
  io: Io,
): Promise<number> {
  const scope = userErrors(() => parseScope(options));
  const playbooks = await playbooksOrReport(options.playbooks, 'backtest', io);
  if (playbooks === undefined) return EXIT_FAILURE;
  const breakerLimit = integer('--max-actions-per-hour', options.maxActionsPerHour, 0);
  const run = runOptions(options, io);
  let bar: Progress | undefined;
  let tally: Tally;
  try {
    const objects = await objectSource(paths, options, playbooks, scope, io);
    bar = await progressOf(options.progress ?? Boolean(process.stderr.isTTY), objects);
    tally = await runBacktest(objects(), {
      ...run,
      playbooks: playbooks,
      scope,
      breakerLimit,
      onLine: (line) => io.out(`${line}\n`),
      ...(bar ? { onObject: bar.update } : {}),
    });
  } catch (error) {
    if (error instanceof BacktestError) throw new UserError(error.message);
    throw error;
  } finally {
    bar?.stop();
  }
  // With --jsonl stdout carries only the lines; the summary goes to stderr.
  const threads = run.threads ?? availableParallelism();
  const summary = renderSummary(tally, playbooks, breakerLimit, threads);
  if (options.jsonl) io.err(summary);
  else io.out(summary);
  return tally.unusable > 0 ? EXIT_FAILURE : EXIT_OK;
}

function userErrors<T>(f: () => T): T {
  try {
    return f();
  } catch (error) {
    if (error instanceof BacktestError) throw new UserError(error.message);
    throw error;
  }
}

/** Threads: one per core with the bundled worker; in this thread without it (from the sources). */
function runOptions(options: BacktestCliOptions, io: Io) {
  const threads =
    options.threads !== undefined ? integer('--threads', options.threads, 0) : undefined;
  const { workerFile } = options;
  return {
    jsonl: options.jsonl,
    threads: workerFile === undefined ? 0 : threads,
    ...(workerFile ? { workerFile } : {}),
    env: Object.fromEntries(
      Object.entries(io.env).filter((e): e is [string, string] => e[1] !== undefined),
    ),
  };
}
