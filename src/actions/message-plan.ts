import type { ActionPlan, PlannedCall } from './types.js';

/**
 * The plan of an action that only tells someone (notify, emit-event): its one
 * call, and what was left out of the message to fit, if anything.
 * @example messagePlan(topic, { service: 'SNS', operation: 'Publish', input }, [])
 */
export const messagePlan = (
  target: string,
  call: PlannedCall,
  trimmed: readonly string[],
): ActionPlan => ({
  target,
  calls: [call],
  ...(trimmed.length > 0 ? { details: { trimmed } } : {}),
});
