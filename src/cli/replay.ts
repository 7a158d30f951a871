import { ClientFactory } from '../aws/index.js';
import { type ActionExecutor, createExecutor, runEvent } from '../engine/index.js';
import type { EventResult } from '../engine/result.js';
import { type IntakeItem, readInputs } from '../intake/index.js';
import type { Playbook } from '../playbook/index.js';
import type { Settings } from '../settings.js';
import { type AwsOptions, awsClientConfig, awsSettings, checkCredentials } from './aws-options.js';
import { explainEvent } from './explain.js';
import { formatEvent, formatSkippedRecord, formatSummary } from './format-human.js';
import { EXIT_FAILURE, EXIT_OK, type Io } from './io.js';
import { playbooksOrReport } from './playbooks-or-report.js';
import { startProgress } from './progress.js';
import { count, emptySummary } from './replay-summary.js';
import { type Terminal, terminalOf } from './terminal.js';

export interface ReplayOptions extends AwsOptions {
  playbooks: string;
  json: boolean;
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

/** One replay: the running totals, and where each result goes. */
class ReplayRun {
  readonly summary = emptySummary();
  readonly events: EventResult[] = [];
  private readonly terminal: Terminal;

  constructor(
    private readonly io: Io,
    private readonly options: ReplayOptions,
    private readonly playbooks: readonly Playbook[],
    private readonly settings: Settings,
    private readonly executor: ActionExecutor | undefined,
  ) {
    this.terminal = terminalOf(io);
  }

  async take(item: IntakeItem): Promise<void> {
    if (item.kind === 'skipped') {
      this.summary.skippedReadOnly += 1;
      const line = formatSkippedRecord(item.source, this.terminal);
      if (this.options.verbose) (this.options.json ? this.io.err : this.io.out)(line);
      return;
    }
    const result: EventResult =
      item.kind === 'error'
        ? { source: item.source, error: item.error, playbooks: [] }
        : await runEvent(item.event, item.source, this.playbooks, {
            settings: this.settings,
            executor: this.executor,
          });
    count(this.summary, result);
    if (this.options.json) {
      this.events.push(result);
      return;
    }
    this.io.out(formatEvent(result, this.terminal));
    if (this.options.explain && item.kind === 'event') {
      this.io.out(await explainEvent(item.event, this.playbooks, this.settings, this.terminal));
    }
  }

  finish(): number {
    const { summary } = this;
    if (this.options.json)
      this.io.out(`${JSON.stringify({ events: this.events, summary }, null, 2)}\n`);
    else this.io.out(formatSummary(summary, this.terminal));
    return summary.unusable > 0 || summary.failed > 0 ? EXIT_FAILURE : EXIT_OK;
  }
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
  const settings = awsSettings(io, options);
  const playbooks = await playbooksOrReport(options.playbooks, 'replay', io);
  if (!playbooks) return EXIT_FAILURE;
  const executor = await executorFor(options, settings, playbooks);
  const run = new ReplayRun(io, options, playbooks, settings, executor);
  const progress = startProgress(io);
  for await (const item of readInputs(paths, { stdin: io.stdin })) {
    const { summary } = run;
    progress.tick(() => `replaying: ${summary.events} events, ${summary.matched} matched`);
    await run.take(item);
  }
  progress.done();
  return run.finish();
}
