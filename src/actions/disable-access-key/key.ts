import { targetOf } from '../../aws/target.js';
import { stringField } from '../event-fields.js';
import { ActionInputError, type PlanContext } from '../types.js';
import type { DisableAccessKeyParams } from './params.js';

/** The key an event names, and its owner as far as the event tells. */
export interface KeyTarget {
  accessKeyId: string | undefined;
  userName: string | undefined;
  userType: string | undefined;
  /** The owner's account (CloudTrail's `userIdentity.accountId`); unknown in GuardDuty. */
  account: string | undefined;
}

/**
 * GuardDuty names the key in `resource.accessKeyDetails`; CloudTrail in `userIdentity`.
 * @example keyFromEvent(maliciousIpFinding).accessKeyId // 'AKIA5QZX3RVBLEXAMPLE'
 */
export function keyFromEvent(context: PlanContext<DisableAccessKeyParams>): KeyTarget {
  const detail = context.event.detail;
  const key =
    context.event.source === 'aws.guardduty'
      ? {
          accessKeyId: stringField(detail, 'resource', 'accessKeyDetails', 'accessKeyId'),
          userName: stringField(detail, 'resource', 'accessKeyDetails', 'userName'),
          userType: stringField(detail, 'resource', 'accessKeyDetails', 'userType'),
          account: undefined,
        }
      : {
          accessKeyId: stringField(detail, 'userIdentity', 'accessKeyId'),
          userName: stringField(detail, 'userIdentity', 'userName'),
          userType: stringField(detail, 'userIdentity', 'type'),
          account: stringField(detail, 'userIdentity', 'accountId'),
        };
  const named = context.params['user-name'];
  return {
    accessKeyId: context.params['access-key-id'] ?? key.accessKeyId,
    userName: named ?? key.userName,
    // A user named in the playbook is an IAM user of the account parry acts in.
    userType: named ? 'IAMUser' : key.userType,
    account: named ? undefined : key.account,
  };
}

/**
 * Why a key cannot be disabled, or undefined when it can.
 * @example refusal({ accessKeyId: 'ASIA...', userType: 'AssumedRole', ... }, '1') // 'temporary credentials ...'
 */
export function refusal(key: KeyTarget, account: string): string | undefined {
  if (key.userType === 'Root') {
    return 'root access keys cannot be disabled through IAM: the root user must delete them (report to the account owner)';
  }
  if (key.accessKeyId?.startsWith('ASIA')) {
    return 'temporary credentials (ASIA...) cannot be disabled: use revoke-sessions on the role or user that issued them';
  }
  if (key.userType && key.userType !== 'IAMUser') {
    return `the key belongs to a ${key.userType}, not an IAM user: use revoke-sessions`;
  }
  if (key.account && key.account !== account) {
    return `the key's user ${key.userName ?? ''} belongs to account ${key.account}; parry acts in ${account}`;
  }
  return undefined;
}

export type ResolvedKey =
  | { target: string; skip: string }
  | { target: string; skip?: undefined; accessKeyId: string; userName: string };

/**
 * The one key to disable, or why parry must not act; throws ActionInputError
 * when the event and params do not name a key and its user.
 * @example resolveKey(context) // { target: 'ci-deployer/AKIA5QZX3RVBLEXAMPLE', accessKeyId: ..., userName: 'ci-deployer' }
 */
export function resolveKey(context: PlanContext<DisableAccessKeyParams>): ResolvedKey {
  const key = keyFromEvent(context);
  const { accessKeyId, userName } = key;
  if (!accessKeyId) throw new ActionInputError('the event names no access key: set access-key-id');
  const target = userName ? `${userName}/${accessKeyId}` : accessKeyId;
  const refused = refusal(key, targetOf(context.event).account);
  if (refused) return { target, skip: refused };
  if (!userName) {
    throw new ActionInputError(`the event does not name the user of ${accessKeyId}: set user-name`);
  }
  return { target, accessKeyId, userName };
}
