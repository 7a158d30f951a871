import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  ListAccessKeysCommand,
} from '@aws-sdk/client-iam';
import type { EventBridgeEvent } from '../../../src/event/envelope.js';
import { sampleEvent } from '../../helpers/events.js';
import { clientConfig, type Keys } from './aws.js';
import { type Moto, SECURITY_ACCOUNT } from './moto.js';

/** An IAM user with one active access key, in the account of `keys`. */
export interface UserKey {
  userName: string;
  accessKeyId: string;
  /** The key's status as IAM has it now. */
  status(): Promise<string | undefined>;
}

/** @example const key = await userWithKey(moto, 'ci-deployer', await keysOf(moto, MEMBER)) */
export async function userWithKey(moto: Moto, userName: string, keys?: Keys): Promise<UserKey> {
  const iam = new IAMClient(clientConfig(moto, keys));
  await iam.send(new CreateUserCommand({ UserName: userName }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
  const accessKeyId = AccessKey?.AccessKeyId ?? '';
  return {
    userName,
    accessKeyId,
    async status() {
      const { AccessKeyMetadata } = await iam.send(
        new ListAccessKeysCommand({ UserName: userName }),
      );
      return AccessKeyMetadata?.find((k) => k.AccessKeyId === accessKeyId)?.Status;
    },
  };
}

/**
 * A GuardDuty `UnauthorizedAccess:IAMUser/MaliciousIPCaller` finding about
 * `key`, as the security account (the GuardDuty administrator) receives it on
 * its bus: the finding's own `accountId` says whose key it is.
 * @example keyFinding(key, { findingId: 'f-1', account: MEMBER })
 */
export function keyFinding(
  key: { userName: string; accessKeyId: string },
  options: { findingId: string; eventId?: string; account?: string; severity?: number },
): EventBridgeEvent {
  const sample = sampleEvent('guardduty/iam-malicious-ip-caller.json');
  const account = options.account ?? SECURITY_ACCOUNT;
  const detail = sample.detail as Record<string, unknown> & { resource: Record<string, unknown> };
  return {
    ...sample,
    id: options.eventId ?? `${options.findingId}-event`,
    account: SECURITY_ACCOUNT,
    detail: {
      ...detail,
      accountId: account,
      id: options.findingId,
      arn: `arn:aws:guardduty:us-east-1:${account}:detector/d1/finding/${options.findingId}`,
      severity: options.severity ?? detail.severity,
      resource: {
        ...detail.resource,
        accessKeyDetails: {
          accessKeyId: key.accessKeyId,
          principalId: `AIDA${key.userName.toUpperCase()}`,
          userName: key.userName,
          userType: 'IAMUser',
        },
      },
    },
  };
}

/** What an EventBridge rule sends the function: the playbook whose rule fired, and the event. */
export const ruleInput = (playbook: string, event: EventBridgeEvent) => ({ playbook, event });
