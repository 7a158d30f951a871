import { ClientFactory } from '../aws/index.js';
import { type ActionExecutor, createExecutor, runEvent } from '../engine/index.js';
import type { EventResult } from '../engine/result.js';
import { type IntakeItem, readInputs } from '../intake/index.js';
import type { Playbook } from '../playbook/index.js';
import type { Settings } from '../settings.js';
import { type AwsOptions, awsClientConfig, awsSettings, checkCredentials } from './aws-options.js';
import { explainEvent } from './explain.js';
import { formatSkippedRecord } from './format-human.js';
import { EXIT_FAILURE, EXIT_OK, type Io } from './io.js';
import { playbooksOrReport } from './playbooks-or-report.js';
import { startProgress } from './progress.js';
import { type ReplayFormat, replayOutput } from './replay-output.js';
import { count, emptySummary } from './replay-summary.js';
import { type Terminal, terminalOf } from './terminal.js';

export interface ReplayOptions extends AwsOptions {
  playbooks: string;
  json: boolean;
  /** JSON Lines: one result per line, then the summary. */
  jsonl?: boolean;
  /** Act against AWS for enforce-mode playbooks. */
  execute?: boolean;
  /** Say, for each event and playbook, why it matched or not. */
  explain?: boolean;
  /** Name each read-only record skipped. */
  verbose?: boolean;
  /** Injected by tests; otherwise built from the environment when `execute` is set. */
  executor?: ActionExecutor;
}

async function executorFor(
  options: ReplayOptions,
  settings: Settings,
  playbooks: readonly Playbook[],
): Promise<ActionExecutor | undefined> {
  if (options.executor) return options.executor;
  if (!options.execute) return undefined;
  // A profile that cannot be used is said before any event is read, by name;
  // dry-run playbooks only plan, so they need none.
  const acts = !settings.forceDryRun && playbooks.some((p) => p.enabled && p.mode === 'enforce');
  if (acts) await checkCredentials(options);
  const factory = new ClientFactory({ settings, clientConfig: awsClientConfig(options) });
  return createExecutor(factory, settings);
}

/** `--verbose`: a read-only record skipped, named where the reader looks (stderr beside JSON). */
function noteSkipped(item: IntakeItem, options: ReplayOptions, io: Io, terminal: Terminal): void {
  if (!options.verbose) return;
  const line = formatSkippedRecord(item.source, terminal);
  if (options.json || options.jsonl) io.err(line);
  else io.out(line);
}

/** With `--explain`, after an event's readable result: why each playbook matched or not. */
async function explainAfter(
  item: IntakeItem,
  context: {
    io: Io;
    terminal: Terminal;
    explain?: boolean;
    playbooks: Playbook[];
    settings: Settings;
  },
): Promise<void> {
  const { io, terminal } = context;
  if (context.explain && item.kind === 'event') {
    io.out(await explainEvent(item.event, context.playbooks, context.settings, terminal));
  }
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
  const settings = awsSettings(io, options);
  const terminal = terminalOf(io);
  const playbooks = await playbooksOrReport(options.playbooks, 'replay', io);
  if (!playbooks) return EXIT_FAILURE;
  const executor = await executorFor(options, settings, playbooks);
  const summary = emptySummary();
  const output = replayOutput(format, io, terminal);
  const progress = startProgress(io);
  const context = { io, terminal, explain: options.explain, playbooks, settings };
  // Read-only management events reach only playbooks that opt in (read-only-events).
  const readOnly = playbooks.some((p) => p.readOnlyEvents);
  for await (const item of readInputs(paths, { stdin: io.stdin, readOnly })) {
    progress.tick(() => `replaying: ${summary.events} events, ${summary.matched} matched`);
    if (item.kind === 'skipped') {
      summary.skippedReadOnly += 1;
      noteSkipped(item, options, io, terminal);
      continue;
    }
    const result: EventResult =
      item.kind === 'error'
        ? { source: item.source, error: item.error, playbooks: [] }
        : await runEvent(item.event, item.source, playbooks, {
            settings,
            executor,
            modelReadOnlyDelivery: true,
          });
    count(summary, result);
    await output.event(result);
    if (format === 'human') await explainAfter(item, context);
  }
  progress.done();
  output.end(summary);
  return summary.unusable > 0 || summary.failed > 0 ? EXIT_FAILURE : EXIT_OK;
}
