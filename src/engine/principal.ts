import { field, stringField } from '../actions/event-fields.js';
import { ownRoleOf, roleOf } from '../actions/own-role.js';
import { targetOf } from '../aws/target.js';
import type { EventBridgeEvent } from '../event/envelope.js';
import type { Settings } from '../settings.js';

export { roleOf } from '../actions/own-role.js';

const isOwnArn = (arn: string | undefined, settings: Settings): boolean => {
  const who = arn ? roleOf(arn) : undefined;
  return who !== undefined && ownRoleOf(who, settings) !== undefined;
};

/**
 * True when the event was caused by parry itself (its stack role or its
 * member role, by name and account): acting on it would loop. A session name
 * is chosen by the caller, so it proves nothing and is never read.
 * @example isOwnPrincipal(cloudTrailEventByParry, settings) // true
 */
export function isOwnPrincipal(event: EventBridgeEvent, settings: Settings): boolean {
  const d = event.detail;
  const arns = [
    stringField(d, 'userIdentity', 'arn'),
    stringField(d, 'userIdentity', 'sessionContext', 'sessionIssuer', 'arn'),
  ];
  if (arns.some((arn) => isOwnArn(arn, settings))) return true;
  if (event.source !== 'aws.guardduty') return false;
  const key = field(d, 'resource', 'accessKeyDetails');
  const userName = stringField(key, 'userName');
  if (stringField(key, 'userType') !== 'AssumedRole' || !userName) return false;
  // GuardDuty names the role without its account. A caller of another
  // account shows in `service.action.awsApiCallAction.remoteAccountDetails`
  // (GuardDuty "Finding details", AwsApiCallAction); otherwise the role is of
  // the finding's account. Never one of that name anywhere.
  const remote = stringField(
    d,
    'service',
    'action',
    'awsApiCallAction',
    'remoteAccountDetails',
    'accountId',
  );
  const account = remote ?? targetOf(event).account;
  return ownRoleOf({ account, role: userName }, settings) !== undefined;
}
