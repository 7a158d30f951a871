import type { ActionPlan, ActionResult, Mode, PlaybookRef } from '../actions/types.js';
import type { EventBridgeEvent } from '../event/envelope.js';
import type { Playbook, PlaybookAction } from '../playbook/index.js';
import type { Settings } from '../settings.js';
import { deliveredTo, type Verdict, verdictOf, verdictsOf } from './candidates.js';
import { guardReason } from './guards.js';
import { planAction } from './plan-action.js';
import type { EventResult, PlaybookResult } from './result.js';

/** Carries out a planned action against AWS (the action layer); absent when only planning. */
export interface ActionExecutor {
  execute(request: {
    action: PlaybookAction;
    plan: ActionPlan;
    params: unknown;
    planned: ActionResult;
    event: EventBridgeEvent;
    playbook: PlaybookRef;
    previous: readonly ActionResult[];
  }): Promise<ActionResult>;
  /** Starts loading what executing the playbook's actions on the event will need (see `headStart`). */
  prepare?(playbook: Playbook, event: EventBridgeEvent): void;
}

/**
 * One attempt at an enforce-mode run, as the gate admitted it: what an
 * earlier attempt already completed, and the progress it must record.
 */
export interface RunTicket {
  /** Indexes of actions an earlier attempt already completed. */
  completed: ReadonlySet<number>;
  /** Records a completed action; false when a newer attempt took the run over (then this one stops). */
  actionDone(index: number): Promise<boolean>;
  /** The run ended: done, or left for Lambda's retry to resume when an action failed transiently. */
  leave(result: PlaybookResult): Promise<void>;
  /** The attempt failed with an error of its own (not a failed action): it gives up the run before the invocation fails. */
  abandon(): Promise<void>;
}

/** What the gate lets an enforce-mode run do. */
export type GateDecision =
  | { kind: 'run'; ticket?: RunTicket }
  | {
      /** Planned only, not recorded: a later delivery acts once the gate allows. */
      kind: 'defer';
      reason: string;
      /** Tells the team what was deferred (the planned result names the targets); its report, if any. */
      report(result: PlaybookResult): Promise<ActionResult | undefined>;
    }
  | { kind: 'skip'; reason: string };

/**
 * Consulted before an enforce-mode playbook acts: the Lambda's exactly-once
 * ledger and circuit breaker live behind it.
 */
export interface RunGate {
  enter(playbook: Playbook, event: EventBridgeEvent): Promise<GateDecision>;
}

export interface RunOptions {
  settings: Settings;
  now?: () => Date;
  /** With an executor, enforce-mode playbooks act; without, everything is planned. */
  executor?: ActionExecutor;
  gate?: RunGate;
  /**
   * Model EventBridge's delivery (replay, backtest): a read-only management event reaches only
   * playbooks with `read-only-events: true`. The Lambda leaves it to EventBridge.
   */
  modelReadOnlyDelivery?: boolean;
  /** Plans for counting only (PlanContext.outline): the backtest. */
  outline?: boolean;
}

interface ActingState {
  acting: boolean;
  ticket: RunTicket | undefined;
}

const NOTHING_DONE: ReadonlySet<number> = new Set();

const effectiveMode = (playbook: Playbook, settings: Settings): Mode =>
  settings.forceDryRun ? 'dry-run' : playbook.mode;

function notRun(action: PlaybookAction, reason: string): ActionResult {
  return { type: action.type, params: action.source, status: 'skipped', reason, calls: [] };
}

async function runActions(
  event: EventBridgeEvent,
  playbook: Playbook,
  ref: PlaybookRef,
  options: RunOptions,
  state: ActingState,
): Promise<ActionResult[]> {
  const results: ActionResult[] = [];
  const now = options.now?.() ?? new Date();
  const { acting, ticket } = state;
  const completed = ticket?.completed ?? NOTHING_DONE;
  let stopped: string | undefined;
  for (const action of playbook.actions) {
    if (stopped || completed.has(action.index)) {
      results.push(notRun(action, stopped ?? 'already done by an earlier attempt of this run'));
      continue;
    }
    const planned = await planAction(action, event, {
      playbook: ref,
      settings: options.settings,
      previous: results,
      now,
      ...(options.outline ? { outline: true } : {}),
    });
    let result = planned.result;
    if (planned.ok && acting && !planned.plan.skip && options.executor) {
      result = await options.executor.execute({
        action,
        plan: planned.plan,
        params: planned.params,
        planned: planned.result,
        event,
        playbook: ref,
        previous: results,
      });
    }
    results.push(result);
    stopped = await afterAction(action, result, acting ? ticket : undefined);
  }
  return results;
}

/** Why the next actions must not run, if they must not: the progress is recorded here. */
async function afterAction(
  action: PlaybookAction,
  result: ActionResult,
  ticket: RunTicket | undefined,
): Promise<string | undefined> {
  if (result.status === 'failed') {
    return action.onError === 'stop'
      ? `not run: action ${action.index + 1} (${action.type}) failed and has on-error: stop`
      : undefined;
  }
  if (ticket && !(await ticket.actionDone(action.index)))
    return 'not run: a newer attempt of this run took it over (it runs every action itself)';
  return undefined;
}

function statusOf(actions: ActionResult[], acting: boolean): PlaybookResult['status'] {
  if (actions.some((a) => a.status === 'failed')) return 'failed';
  return acting ? 'executed' : 'planned';
}

/** Why the playbook does not act on this event at all, if it does not. */
function vetoOf(
  event: EventBridgeEvent,
  playbook: Playbook,
  settings: Settings,
  veto: number,
): string | undefined {
  if (!playbook.enabled) return 'disabled';
  if (veto !== -1) return `vetoed by unless[${veto}]`;
  return guardReason(event, settings);
}

/**
 * A head start for a playbook about to act: the code its actions run (their
 * execution, their SDK clients, a schema for templated params) starts loading
 * now, while the gate's round trip is out, so that little is left to load
 * when the gate answers. Loaded in the order the actions need it (compiling
 * is one at a time, and the first action's code is wanted first). Nothing
 * waits for it here; a load that fails fails its action when it runs, and is
 * reported there.
 */
function headStart(playbook: Playbook, event: EventBridgeEvent, options: RunOptions): void {
  options.executor?.prepare?.(playbook, event);
  let chain: Promise<unknown> = Promise.resolve();
  for (const action of playbook.actions) {
    const check = action.check;
    if ('schema' in check) chain = chain.then(() => check.schema());
    chain = chain.then(() => action.behaviour.load());
  }
  chain.catch(() => {});
}

async function decide(
  event: EventBridgeEvent,
  playbook: Playbook,
  wantsToAct: boolean,
  options: RunOptions,
): Promise<GateDecision> {
  return wantsToAct && options.gate ? options.gate.enter(playbook, event) : { kind: 'run' };
}

function reasonOf(
  decision: GateDecision,
  playbook: Playbook,
  settings: Settings,
): string | undefined {
  if (decision.kind === 'defer') return decision.reason;
  if (settings.forceDryRun && playbook.mode === 'enforce')
    return 'PARRY_MODE=dry-run forces dry-run';
  return undefined;
}

/**
 * What one playbook does with one event: undefined when its `match` does not
 * match; otherwise skipped with a reason, or the planned (or executed) actions.
 */
export async function runPlaybook(
  event: EventBridgeEvent,
  playbook: Playbook,
  options: RunOptions,
  /** From the combined machine (runEvent); computed from the playbook's own patterns if absent. */
  verdict?: Verdict,
): Promise<PlaybookResult | undefined> {
  if (options.modelReadOnlyDelivery && !deliveredTo(playbook, event)) return undefined;
  const { matched, veto: vetoIndex } = verdict ?? verdictOf(playbook, event);
  if (!matched) return undefined;
  const base = { name: playbook.name, mode: effectiveMode(playbook, options.settings) };
  const veto = vetoOf(event, playbook, options.settings, vetoIndex);
  if (veto) return { ...base, status: 'skipped', reason: veto, actions: [] };
  const wantsToAct = base.mode === 'enforce' && options.executor !== undefined;
  if (wantsToAct) headStart(playbook, event, options);
  const decision = await decide(event, playbook, wantsToAct, options);
  if (decision.kind === 'skip') {
    return { ...base, status: 'skipped', reason: decision.reason, actions: [] };
  }
  const acting = wantsToAct && decision.kind === 'run';
  const ref: PlaybookRef = acting || !wantsToAct ? base : { ...base, mode: 'dry-run' };
  const ticket = decision.kind === 'run' ? decision.ticket : undefined;
  let actions: ActionResult[];
  try {
    actions = await runActions(event, playbook, ref, options, { acting, ticket });
  } catch (error) {
    // Only a live attempt may hold the run: Lambda's retry must find it free.
    await ticket?.abandon();
    throw error;
  }
  const reason = reasonOf(decision, playbook, options.settings);
  const result: PlaybookResult = {
    ...ref,
    status: statusOf(actions, acting),
    ...(reason ? { reason } : {}),
    actions,
  };
  return settle(result, decision, ticket);
}

/** The run is over: the ledger is told, and a deferred run gets the alert that names it. */
async function settle(
  result: PlaybookResult,
  decision: GateDecision,
  ticket: RunTicket | undefined,
): Promise<PlaybookResult> {
  if (ticket) await ticket.leave(result);
  if (decision.kind !== 'defer') return result;
  const report = await decision.report(result);
  if (report) {
    result.actions.push(report);
    result.status = statusOf(result.actions, false);
  }
  return result;
}

/**
 * Runs every playbook on one event, concurrently; results in file order.
 * @example await runEvent(event, 'test/events/x.json', playbooks, { settings })
 */
export async function runEvent(
  event: EventBridgeEvent,
  source: string,
  playbooks: readonly Playbook[],
  options: RunOptions,
): Promise<EventResult> {
  // Playbooks are independent: a notification must not hold back a quarantine.
  // Each one ends before the invocation does, even when another one threw.
  const verdicts = verdictsOf(playbooks, event);
  const settled = await Promise.allSettled(
    playbooks.map((p, i) => runPlaybook(event, p, options, verdicts[i])),
  );
  const thrown = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (thrown) throw thrown.reason;
  const results = settled.map(
    (s) => (s as PromiseFulfilledResult<PlaybookResult | undefined>).value,
  );
  return {
    source,
    id: event.id,
    detailType: event['detail-type'],
    playbooks: results.filter((r): r is PlaybookResult => r !== undefined),
  };
}
