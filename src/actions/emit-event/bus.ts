import { targetOf } from '../../aws/target.js';
import type { PlanContext } from '../types.js';

/**
 * A bus ARN's region when it is not the event's: the call goes to that
 * region's endpoint. A bus name is always in the event's region.
 * @example busRegion(context, 'arn:aws:events:us-east-1:111122223333:event-bus/security') // 'us-east-1' for an eu-west-1 event
 */
export function busRegion(context: PlanContext<unknown>, bus: string): string | undefined {
  const region = bus.startsWith('arn:') ? bus.split(':')[3] : undefined;
  return region && region !== targetOf(context.event).region ? region : undefined;
}
