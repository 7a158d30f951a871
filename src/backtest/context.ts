import type { BundledPlaybook } from '../playbook/bundle.js';
import { compileBundled } from '../playbook/compile-bundled.js';
import type { Playbook } from '../playbook/index.js';
import { readSettings } from '../settings.js';
import type { BacktestContext } from './process.js';
import type { Scope } from './scope.js';
import { s3FromEnv } from './sources.js';

/** What a worker thread is started with: plain data, rebuilt into a context there. */
export interface WorkerSetup {
  /** Validated by the main thread: a worker compiles them, with no YAML parser or schema. */
  playbooks: BundledPlaybook[];
  env: Record<string, string>;
  scope: { since?: string; until?: string; accounts?: string[]; regions?: string[] };
  jsonl: boolean;
  breakerLimit: number;
  maxBytes?: number;
}

export const scopeToData = (scope: Scope): WorkerSetup['scope'] => ({
  ...(scope.since ? { since: scope.since } : {}),
  ...(scope.until ? { until: scope.until } : {}),
  ...(scope.accounts ? { accounts: [...scope.accounts] } : {}),
  ...(scope.regions ? { regions: [...scope.regions] } : {}),
});

const scopeFromData = (data: WorkerSetup['scope']): Scope => ({
  ...(data.since ? { since: data.since } : {}),
  ...(data.until ? { until: data.until } : {}),
  ...(data.accounts ? { accounts: new Set(data.accounts) } : {}),
  ...(data.regions ? { regions: new Set(data.regions) } : {}),
});

/** The playbooks (compiled from the setup's unless given), settings and S3 client of a backtest. */
export function contextOf(
  setup: WorkerSetup,
  playbooks: readonly Playbook[] = compileBundled(setup.playbooks),
): BacktestContext {
  let s3: ReturnType<typeof s3FromEnv> | undefined;
  return {
    playbooks,
    settings: readSettings(setup.env),
    scope: scopeFromData(setup.scope),
    jsonl: setup.jsonl,
    breakerLimit: setup.breakerLimit,
    ...(setup.maxBytes !== undefined ? { maxBytes: setup.maxBytes } : {}),
    s3: () => {
      s3 ??= s3FromEnv(setup.env);
      return s3;
    },
  };
}
