import { field, stringField } from '../actions/event-fields.js';
import type { EventBridgeEvent } from '../event/envelope.js';
import type { Settings } from '../settings.js';

/** `arn:aws:sts::1:assumed-role/Name/session` and `arn:aws:iam::1:role/path/Name` as account and role name. */
export function roleOf(arn: string): { account: string; role: string } | undefined {
  const parts = arn.split(':');
  const account = parts[4];
  const resource = parts.slice(5).join(':');
  if (!account) return undefined;
  if (parts[2] === 'sts' && resource.startsWith('assumed-role/')) {
    const role = resource.split('/')[1];
    return role ? { account, role } : undefined;
  }
  if (parts[2] === 'iam' && resource.startsWith('role/')) {
    const role = resource.split('/').pop();
    return role ? { account, role } : undefined;
  }
  return undefined;
}

function isResponder(arn: string | undefined, account: string, settings: Settings): boolean {
  const who = arn ? roleOf(arn) : undefined;
  if (!who) return false;
  const own = settings.responderRoleArn ? roleOf(settings.responderRoleArn) : undefined;
  if (own && own.account === who.account && own.role === who.role) return true;
  // The member role only ever acts for parry; a session name is chosen by the caller, so it proves nothing.
  return who.role === settings.memberRoleName && (who.account === account || account === '');
}

/**
 * True when the event was caused by parry itself (its stack role or its
 * member role): acting on it would loop.
 * @example isOwnPrincipal(cloudTrailEventByParry, settings) // true
 */
export function isOwnPrincipal(event: EventBridgeEvent, settings: Settings): boolean {
  const d = event.detail;
  const account = stringField(d, 'recipientAccountId') ?? event.account;
  const arns = [
    stringField(d, 'userIdentity', 'arn'),
    stringField(d, 'userIdentity', 'sessionContext', 'sessionIssuer', 'arn'),
  ];
  if (arns.some((arn) => isResponder(arn, account, settings))) return true;
  if (event.source !== 'aws.guardduty') return false;
  const key = field(d, 'resource', 'accessKeyDetails');
  const userType = stringField(key, 'userType');
  const userName = stringField(key, 'userName');
  if (userType !== 'AssumedRole' || !userName) return false;
  const own = settings.responderRoleArn ? roleOf(settings.responderRoleArn) : undefined;
  return userName === settings.memberRoleName || userName === own?.role;
}
