import { targetOf } from '../../aws/target.js';
import type { ActionPlan, PlanContext } from '../types.js';
import { trailCalls } from './calls.js';
import type { StartLoggingParams } from './params.js';
import { stoppedTrail } from './trail.js';

/**
 * Tags, then status, then StartLogging only when the trail is not logging.
 * @example planStartLogging(context).calls.map((c) => c.operation) // ['ListTags', 'GetTrailStatus', 'StartLogging']
 */
export function planStartLogging(context: PlanContext<StartLoggingParams>): ActionPlan {
  const trail = stoppedTrail(context.event);
  const calls = trailCalls(trail, targetOf(context.event).region, context.settings.exemptTag);
  return {
    target: trail.arn,
    calls: [calls.listTags, calls.status, calls.start],
  };
}
