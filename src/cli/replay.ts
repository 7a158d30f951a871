import { ClientFactory } from '../aws/index.js';
import { type ActionExecutor, createExecutor, runEvent } from '../engine/index.js';
import type { EventResult } from '../engine/result.js';
import { readInputs } from '../intake/index.js';
import { loadPlaybooks } from '../playbook/index.js';
import { readSettings, type Settings } from '../settings.js';
import { formatEvent, formatSummary } from './format-human.js';
import { EXIT_FAILURE, EXIT_OK, type Io } from './io.js';
import { count, emptySummary } from './replay-summary.js';

export interface ReplayOptions {
  playbooks: string;
  json: boolean;
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
  const settings = readSettings(io.env);
  const loaded = await loadPlaybooks([options.playbooks]);
  if (loaded.errors.length > 0) {
    for (const error of loaded.errors) io.err(`${error.message}\n`);
    io.err(`replay: fix the playbooks first (parry validate ${options.playbooks})\n`);
    return EXIT_FAILURE;
  }
  const executor = executorFor(options, settings);
  const summary = emptySummary();
  const events: EventResult[] = [];
  // Read-only management events reach only playbooks that opt in (read-only-events).
  const readOnly = loaded.playbooks.some((p) => p.readOnlyEvents);
  for await (const item of readInputs(paths, { stdin: io.stdin, readOnly })) {
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
            modelReadOnlyDelivery: true,
          });
    count(summary, result);
    if (options.json) events.push(result);
    else io.out(formatEvent(result));
  }
  if (options.json) io.out(`${JSON.stringify({ events, summary }, null, 2)}\n`);
  else io.out(formatSummary(summary));
  return summary.unusable > 0 || summary.failed > 0 ? EXIT_FAILURE : EXIT_OK;
}
