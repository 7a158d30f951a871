import type { ActionResult } from '../types.js';
import { clip } from './text-limits.js';

/**
 * How much of an earlier action's result a message keeps: everything; the
 * outcome and each call's name and status; or the outcome and a call count.
 */
export type ResultDetail = 'full' | 'calls' | 'outcome';

const TEXT_LIMIT = 1024;

function outcomeOf(result: ActionResult): Record<string, unknown> {
  return {
    type: result.type,
    ...(result.target !== undefined ? { target: clip(result.target, TEXT_LIMIT) } : {}),
    status: result.status,
    ...(result.reason ? { reason: clip(result.reason, TEXT_LIMIT) } : {}),
    ...(result.error ? { error: clip(result.error, TEXT_LIMIT) } : {}),
  };
}

/**
 * An earlier action's result with less in it, for a message that must fit a
 * size limit. Outcomes (status, reason, error) are always kept.
 * @example reduceResult(failedQuarantine, 'outcome') // { type, target, status: 'failed', error, calls: 3 }
 */
export function reduceResult(result: ActionResult, detail: ResultDetail): Record<string, unknown> {
  if (detail === 'full') return { ...result };
  if (detail === 'outcome') return { ...outcomeOf(result), calls: result.calls.length };
  return {
    ...outcomeOf(result),
    calls: result.calls.map((call) => ({
      service: call.service,
      operation: call.operation,
      ...(call.status ? { status: call.status } : {}),
      ...(call.error ? { error: clip(call.error, TEXT_LIMIT) } : {}),
    })),
  };
}

/** What a reduction leaves out, in words for the `trimmed` list. */
export const REDUCED: Record<Exclude<ResultDetail, 'full'>, string> = {
  calls:
    "actions[].params, actions[].details and actions[].calls[].input (each call's name, status and error are kept)",
  outcome: 'actions[].calls (only their number is kept)',
};
