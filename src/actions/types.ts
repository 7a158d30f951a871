import type { z } from 'zod';
import type { Aws } from '../aws/session.js';
import type { AwsService, CallRecord, PlannedCall } from '../aws/types.js';
import type { EventBridgeEvent } from '../event/envelope.js';
import type { Settings } from '../settings.js';

// The AWS layer's own types, re-exported where actions have always found them.
export type { AwsService, CallRecord, CallStatus, PlannedCall } from '../aws/types.js';

export type Mode = 'dry-run' | 'enforce';

export type ActionStatus = 'planned' | 'succeeded' | 'failed' | 'skipped';

/** What an action did (or would do) in one run; the unit of every report. */
export interface ActionResult {
  type: string;
  params: Record<string, unknown>;
  target?: string;
  status: ActionStatus;
  reason?: string;
  calls: CallRecord[];
  error?: string;
  /** Facts worth keeping, e.g. the original security groups per ENI. */
  details?: Record<string, unknown>;
  /** The failure may pass (throttling, 5xx): the Lambda fails the invocation so it is retried. */
  transient?: boolean;
}

export interface PlaybookRef {
  name: string;
  mode: Mode;
}

export interface PlanContext<P> {
  event: EventBridgeEvent;
  params: P;
  playbook: PlaybookRef;
  settings: Settings;
  /** Results of the actions before this one in the same run (notify reports them). */
  previous: readonly ActionResult[];
  /** The run's clock, so plans and tests are exact. */
  now: Date;
  /**
   * Only the outcome is wanted (a backtest counts targets, skips and failures of millions of
   * records, and shows no calls): an action may leave out what a call would send when working
   * it out costs much, never its target, skip or errors.
   */
  outline?: boolean;
}

export interface ActionPlan {
  target?: string;
  calls: PlannedCall[];
  /** Set when the action must not act for this event (e.g. `root credentials cannot be disabled`). */
  skip?: string;
  details?: Record<string, unknown>;
}

export interface ExecuteContext<P> extends PlanContext<P> {
  /** AWS in the event's account and region; every call made through it is reported. */
  aws: Aws;
  /** What `plan()` said for this event. */
  plan: ActionPlan;
}

/** How an execution ended; the calls themselves are recorded by `aws`. */
export interface ActionExecution {
  status: 'succeeded' | 'failed' | 'skipped';
  reason?: string;
  error?: string;
  target?: string;
  details?: Record<string, unknown>;
  /** The failure may pass (an AWS code reported inside a 200 answer, e.g. a throttled PutEvents entry). */
  transient?: boolean;
}

/** Raised by `plan()` when the event does not give the action what it needs. */
export class ActionInputError extends Error {
  override readonly name = 'ActionInputError';
}

/**
 * What running an action needs: its plan and its execution, no schema (the
 * Lambda loads only this, see `behaviours.ts`). `services` are the SDK clients
 * `execute()` may create; `load()` imports its execution's code, so a caller
 * can start that while it waits for something else (the Lambda's gate).
 */
export interface ActionBehaviour<P = unknown> {
  type: string;
  services: readonly AwsService[];
  plan(context: PlanContext<P>): ActionPlan;
  /** Acts against AWS. Loaded lazily by each action so its SDK client loads only when used. */
  execute(context: ExecuteContext<P>): Promise<ActionExecution>;
  load(): Promise<unknown>;
}

/**
 * One response action: its params, what it needs from IAM, where it finds its
 * target in GuardDuty and CloudTrail events, and the calls it makes.
 */
export interface ActionDefinition<S extends z.ZodType = z.ZodType>
  extends ActionBehaviour<z.output<S>> {
  summary: string;
  /** What it does step by step, which calls, when it refuses: the README's reference (Markdown). */
  notes: string;
  params: S;
  /** Exact IAM actions `execute()` may call; the stack's role is built from them. */
  permissions: readonly string[];
  /** Where the default target comes from, per event source (documentation and `--help`). */
  targets: { guardduty?: string; cloudtrail?: string };
}

/**
 * A behaviour whose execution is imported on first use (or by `load()`).
 * @example export const tagBehaviour = lazyBehaviour<TagParams>('tag', planTag, ['EC2'], () => import('./execute.js'))
 */
export function lazyBehaviour<P>(
  type: string,
  plan: (context: PlanContext<P>) => ActionPlan,
  services: readonly AwsService[],
  load: () => Promise<{ execute(context: ExecuteContext<P>): Promise<ActionExecution> }>,
): ActionBehaviour<P> {
  return {
    type,
    services,
    plan,
    load,
    execute: async (context) => (await load()).execute(context),
  };
}
