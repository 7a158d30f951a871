import {
  ActionInputError,
  type ActionPlan,
  type ActionResult,
  type PlanContext,
} from '../actions/types.js';
import type { EventBridgeEvent } from '../event/envelope.js';
import type { PlaybookAction } from '../playbook/index.js';
import { describeIssue, valueAt } from '../playbook/issues.js';
import { MissingPathError, renderValue } from '../template/index.js';

export type PlannedAction =
  | { ok: true; result: ActionResult; plan: ActionPlan; params: unknown }
  | { ok: false; result: ActionResult };

const asRecord = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};

function failed(
  action: PlaybookAction,
  params: Record<string, unknown>,
  error: string,
): PlannedAction {
  return { ok: false, result: { type: action.type, params, status: 'failed', calls: [], error } };
}

/** The rendered params as the action's schema reads them, or why they are wrong (only the first problem). */
async function checkParams(
  action: PlaybookAction,
  rendered: Record<string, unknown>,
): Promise<{ success: true; data: unknown } | { success: false; error: string }> {
  if ('checked' in action.check) return { success: true, data: action.check.checked };
  const checked = (await action.check.schema()).safeParse(rendered);
  if (checked.success) return { success: true, data: checked.data };
  const issue = checked.error.issues[0];
  const path = (issue?.path ?? []).filter((k): k is string | number => typeof k !== 'symbol');
  const where = path.map(String).join('.') || 'params';
  const written = valueAt(action.source, path);
  const from = typeof written === 'string' ? ` (rendered from ${JSON.stringify(written)})` : '';
  const what = issue ? describeIssue(issue, rendered, path) : 'invalid';
  return { success: false, error: `${where}: ${what}${from}` };
}

/**
 * Resolves an action's templates against the event, checks its params and
 * asks the action for its calls. Problems of this event (a missing path, a
 * rendered value of the wrong type) fail this action only.
 */
export async function planAction(
  action: PlaybookAction,
  event: EventBridgeEvent,
  context: Omit<PlanContext<unknown>, 'params' | 'event'>,
): Promise<PlannedAction> {
  let rendered: Record<string, unknown>;
  try {
    rendered = asRecord(renderValue(action.params, event));
  } catch (error) {
    if (error instanceof MissingPathError) return failed(action, action.source, error.message);
    throw error;
  }
  const checked = await checkParams(action, rendered);
  if (!checked.success) return failed(action, rendered, checked.error);
  try {
    const plan = action.behaviour.plan({ ...context, event, params: checked.data });
    const result: ActionResult = {
      type: action.type,
      params: rendered,
      target: plan.target,
      status: plan.skip ? 'skipped' : 'planned',
      reason: plan.skip,
      calls: plan.calls,
      details: plan.details,
    };
    return { ok: true, result, plan, params: checked.data };
  } catch (error) {
    if (error instanceof ActionInputError) return failed(action, rendered, error.message);
    throw error;
  }
}
