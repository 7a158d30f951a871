import type { ActionPlan, ActionResult, Mode, PlaybookRef } from '../actions/types.js';
import type { EventBridgeEvent } from '../event/envelope.js';
import type { Playbook, PlaybookAction } from '../playbook/index.js';
import type { Settings } from '../settings.js';
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
}

export interface RunOptions {
  settings: Settings;
  now?: () => Date;
  /** With an executor, enforce-mode playbooks act; without, everything is planned. */
  executor?: ActionExecutor;
}

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
): Promise<ActionResult[]> {
  const results: ActionResult[] = [];
  const now = options.now?.() ?? new Date();
  const acting = ref.mode === 'enforce' && options.executor !== undefined;
  let stopped: string | undefined;
  for (const action of playbook.actions) {
    if (stopped) {
      results.push(notRun(action, stopped));
      continue;
    }
    const planned = planAction(action, event, {
      playbook: ref,
      settings: options.settings,
      previous: results,
      now,
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
    if (result.status === 'failed' && action.onError === 'stop') {
      stopped = `not run: action ${action.index + 1} (${action.type}) failed and has on-error: stop`;
    }
  }
  return results;
}

function statusOf(actions: ActionResult[], acting: boolean): PlaybookResult['status'] {
  if (actions.some((a) => a.status === 'failed')) return 'failed';
  return acting ? 'executed' : 'planned';
}

/**
 * What one playbook does with one event: undefined when its `match` does not
 * match; otherwise skipped with a reason, or the planned (or executed) actions.
 */
export async function runPlaybook(
  event: EventBridgeEvent,
  playbook: Playbook,
  options: RunOptions,
): Promise<PlaybookResult | undefined> {
  if (!playbook.match.matches(event)) return undefined;
  const mode = effectiveMode(playbook, options.settings);
  const base = { name: playbook.name, mode };
  if (!playbook.enabled) return { ...base, status: 'skipped', reason: 'disabled', actions: [] };
  const veto = playbook.unless.findIndex((p) => p.matches(event));
  if (veto !== -1)
    return { ...base, status: 'skipped', reason: `vetoed by unless[${veto}]`, actions: [] };
  const guard = guardReason(event, options.settings);
  if (guard) return { ...base, status: 'skipped', reason: guard, actions: [] };
  const actions = await runActions(event, playbook, base, options);
  const acting = mode === 'enforce' && options.executor !== undefined;
  const forced = options.settings.forceDryRun && playbook.mode === 'enforce';
  return {
    ...base,
    status: statusOf(actions, acting),
    ...(forced ? { reason: 'PARRY_MODE=dry-run forces dry-run' } : {}),
    actions,
  };
}

/**
 * Runs every playbook on one event, in file order.
 * @example await runEvent(event, 'test/events/x.json', playbooks, { settings })
 */
export async function runEvent(
  event: EventBridgeEvent,
  source: string,
  playbooks: readonly Playbook[],
  options: RunOptions,
): Promise<EventResult> {
  const results: PlaybookResult[] = [];
  for (const playbook of playbooks) {
    const result = await runPlaybook(event, playbook, options);
    if (result) results.push(result);
  }
  return { source, id: event.id, detailType: event['detail-type'], playbooks: results };
}
