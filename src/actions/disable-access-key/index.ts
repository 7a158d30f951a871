import { z } from 'zod';
import { stringField } from '../event-fields.js';
import { type ActionDefinition, ActionInputError, type PlanContext } from '../types.js';

const accessKeyId = z.string().regex(/^(AKIA|ASIA)[A-Z0-9]{12,124}$/, 'not an access key id');

export const disableAccessKeyParams = z.strictObject({
  /** Overrides the key the event names. */
  'access-key-id': accessKeyId.optional(),
  /** Overrides the key's user (needed with `access-key-id` when the event does not name it). */
  'user-name': z.string().min(1).max(64).optional(),
});
export type DisableAccessKeyParams = z.output<typeof disableAccessKeyParams>;

export interface KeyTarget {
  accessKeyId: string | undefined;
  userName: string | undefined;
  userType: string | undefined;
}

/** GuardDuty names the key in `resource.accessKeyDetails`; CloudTrail in `userIdentity`. */
export function keyFromEvent(context: PlanContext<DisableAccessKeyParams>): KeyTarget {
  const detail = context.event.detail;
  const gd = context.event.source === 'aws.guardduty';
  const key = gd
    ? {
        accessKeyId: stringField(detail, 'resource', 'accessKeyDetails', 'accessKeyId'),
        userName: stringField(detail, 'resource', 'accessKeyDetails', 'userName'),
        userType: stringField(detail, 'resource', 'accessKeyDetails', 'userType'),
      }
    : {
        accessKeyId: stringField(detail, 'userIdentity', 'accessKeyId'),
        userName: stringField(detail, 'userIdentity', 'userName'),
        userType: stringField(detail, 'userIdentity', 'type'),
      };
  return {
    accessKeyId: context.params['access-key-id'] ?? key.accessKeyId,
    userName: context.params['user-name'] ?? key.userName,
    userType: context.params['user-name'] ? 'IAMUser' : key.userType,
  };
}

/** Why a key cannot be disabled, or undefined when it can. */
export function refusal(key: KeyTarget): string | undefined {
  if (key.userType === 'Root') {
    return 'root access keys cannot be disabled through IAM: the root user must delete them (report to the account owner)';
  }
  if (key.accessKeyId?.startsWith('ASIA')) {
    return 'temporary credentials (ASIA...) cannot be disabled: use revoke-sessions on the role that issued them';
  }
  if (key.userType && key.userType !== 'IAMUser') {
    return `the key belongs to a ${key.userType}, not an IAM user: use revoke-sessions`;
  }
  return undefined;
}

/**
 * Makes exactly the leaked key inactive (never another key of the user, never a deletion).
 *
 * @example
 * actions:
 *   - type: disable-access-key
 */
export const disableAccessKey: ActionDefinition<typeof disableAccessKeyParams> = {
  type: 'disable-access-key',
  summary: 'Deactivate the IAM user access key the event names',
  params: disableAccessKeyParams,
  permissions: ['iam:ListAccessKeys', 'iam:UpdateAccessKey'],
  targets: {
    guardduty: 'detail.resource.accessKeyDetails.{accessKeyId,userName}',
    cloudtrail: 'detail.userIdentity.{accessKeyId,userName}',
  },
  plan(context) {
    const key = keyFromEvent(context);
    if (!key.accessKeyId)
      throw new ActionInputError('the event names no access key: set access-key-id');
    const target = key.userName ? `${key.userName}/${key.accessKeyId}` : key.accessKeyId;
    const refused = refusal(key);
    if (refused) return { target, calls: [], skip: refused };
    if (!key.userName) {
      throw new ActionInputError(
        `the event does not name the user of ${key.accessKeyId}: set user-name`,
      );
    }
    const who = { UserName: key.userName };
    return {
      target,
      calls: [
        { service: 'IAM', operation: 'ListAccessKeys', input: who },
        {
          service: 'IAM',
          operation: 'UpdateAccessKey',
          input: { ...who, AccessKeyId: key.accessKeyId, Status: 'Inactive' },
          condition: `if ${key.accessKeyId} is active`,
        },
      ],
    };
  },
};
