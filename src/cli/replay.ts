import { ClientFactory } from '../aws/index.js';
import { type ActionExecutor, createExecutor, runEvent } from '../engine/index.js';
import type { EventResult } from '../engine/result.js';
import { readInputs } from '../intake/index.js';
import { loadPlaybooks } from '../playbook/index.js';
import { readSettings, type Settings } from '../settings.js';
import { EXIT_FAILURE, EXIT_OK, type Io } from './io.js';
import { type ReplayFormat, replayOutput } from './replay-output.js';
import { count, emptySummary } from './replay-summary.js';

export interface ReplayOptions {
  playbooks: string;
  json: boolean;
  /** JSON Lines: one result per line, then the summary. */
  jsonl?: boolean;
  /** Act against AWS for enforce-mode playbooks. */
  execute?: boolean;
  /** Injected by tests; otherwise built from the environment when `execute` is set. */
  executor?: ActionExecutor;
}

function executorFor(options: ReplayOptions, settings: Settings): ActionExecutor | undefined {
  if (options.executor) return options.executor;
  if (!options.execute) return undefined;
  return createExecutor(new ClientFactory({ settings }), settings);
}

const formatOf = (options: ReplayOptions): ReplayFormat =>
  options.json ? 'json' : options.jsonl ? 'jsonl' : 'human';

/**
 * `parry replay`: every event through every playbook. Unusable inputs are
 * reported and the rest still processed; exit 1 when any input was unusable
 * or any playbook failed.
 */
export async function replayCommand(
  paths: string[],
  options: ReplayOptions,
  io: Io,
): Promise<number> {
  const format = formatOf(options);
  const settings = readSettings(io.env);
  const loaded = await loadPlaybooks([options.playbooks]);
  if (loaded.errors.length > 0) {
    for (const error of loaded.errors) io.err(`${error.message}\n`);
    io.err(`replay: fix the playbooks first (parry validate ${options.playbooks})\n`);
    return EXIT_FAILURE;
  }
  const executor = executorFor(options, settings);
  const summary = emptySummary();
  const output = replayOutput(format, io);
  for await (const item of readInputs(paths, { stdin: io.stdin })) {
    if (item.kind === 'skipped') {
      summary.skippedReadOnly += 1;
      continue;
    }
    const result: EventResult =
      item.kind === 'error'
        ? { source: item.source, error: item.error, playbooks: [] }
        : await runEvent(item.event, item.source, loaded.playbooks, {
            settings,
            executor,
          });
    count(summary, result);
    await output.event(result);
  }
  output.end(summary);
  return summary.unusable > 0 || summary.failed > 0 ? EXIT_FAILURE : EXIT_OK;
}
