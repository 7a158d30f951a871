import { targetOf } from '../../aws/target.js';
import { arnAccount, arnRegion } from '../event-fields.js';
import type { PlanContext } from '../types.js';

/**
 * A bus ARN's region when it is not the event's: the call goes to that
 * region's endpoint. A bus name is always in the event's region.
 * @example busRegion(context, 'arn:aws:events:us-east-1:111122223333:event-bus/security') // 'us-east-1' for an eu-west-1 event
 */
export function busRegion(context: PlanContext<unknown>, bus: string): string | undefined {
  const region = arnRegion(bus);
  return region && region !== targetOf(context.event).region ? region : undefined;
}

/**
 * Where PutEvents goes: a bus ARN's own account and region; a bus name is
 * parry's own bus (the responder's account and region), never a member's.
 * @example busWhere(memberEventContext, 'default') // { account: '111122223333' }
 */
export function busWhere(
  context: PlanContext<unknown>,
  bus: string,
): { region?: string; account?: string } {
  const target = targetOf(context.event);
  const byArn = bus.startsWith('arn:');
  const account = byArn ? arnAccount(bus) : context.settings.responderAccount;
  const region = byArn ? busRegion(context, bus) : context.settings.region;
  return {
    ...(region && region !== target.region ? { region } : {}),
    ...(account && account !== target.account ? { account } : {}),
  };
}
