import {
  firstProblem,
  lengthIn,
  matches,
  oneOf,
  setVariables,
  type TextCheck,
} from './env-checks.js';

/** Deployment settings, read from `PARRY_*` environment variables at the edge (CLI or Lambda). */
export interface Settings {
  /** `dry-run` forces every playbook to only plan, whatever its `mode`. */
  forceDryRun: boolean;
  exemptTag: string;
  notifyTopicArn: string | undefined;
  memberRoleName: string;
  externalId: string | undefined;
  /** The responder's own role ARN (from the stack); its events are never acted on. */
  responderRoleArn: string | undefined;
  /** The account the responder runs in; other accounts are reached by assuming the member role. */
  responderAccount: string | undefined;
  region: string | undefined;
}

/** An SNS topic ARN, standard or FIFO: one rule for the setting and the `notify` param. */
export const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;

const IAM_ROLE_NAME = matches(/^[\w+=,.@-]{1,64}$/, 'not an IAM role name');

/** Every variable read, in the order a problem is reported. */
const CHECKS: Record<string, readonly TextCheck[]> = {
  PARRY_MODE: [oneOf(['dry-run', 'enforce'])],
  PARRY_EXEMPT_TAG: [lengthIn(1, 128)],
  PARRY_NOTIFY_TOPIC_ARN: [matches(SNS_TOPIC_ARN, 'not an SNS topic ARN')],
  PARRY_MEMBER_ROLE_NAME: [IAM_ROLE_NAME],
  PARRY_EXTERNAL_ID: [lengthIn(2, 1224)],
  PARRY_RESPONDER_ROLE_ARN: [
    matches(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'not an IAM role ARN'),
  ],
  PARRY_RESPONDER_ROLE_NAME: [IAM_ROLE_NAME],
  PARRY_ACCOUNT_ID: [matches(/^\d{12}$/, 'not a 12-digit account id')],
  AWS_REGION: [lengthIn(1)],
};

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

/**
 * Reads the settings from an environment; a bad value is an error naming the variable.
 * @example readSettings({ PARRY_MODE: 'dry-run' }).forceDryRun // true
 */
export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const e = setVariables(env);
  const problem = firstProblem(e, CHECKS);
  if (problem) throw new SettingsError(problem);
  // The stack sets only strings and Refs (so `osls invoke local` can resolve them): its own
  // topic's ARN gives the partition and account of the responder's role.
  const [, partition, , , topicAccount] = e.PARRY_NOTIFY_TOPIC_ARN?.split(':') ?? [];
  // Only inside the stack (PARRY_RESPONDER_ROLE_NAME set) is the topic known to be the responder's
  // own; elsewhere a topic of another account must never make that account "own" (STS tells).
  const stackTopicAccount = e.PARRY_RESPONDER_ROLE_NAME ? topicAccount : undefined;
  const account =
    e.PARRY_ACCOUNT_ID ?? e.PARRY_RESPONDER_ROLE_ARN?.split(':')[4] ?? stackTopicAccount;
  const responderRoleArn =
    e.PARRY_RESPONDER_ROLE_ARN ??
    (e.PARRY_RESPONDER_ROLE_NAME && partition && account
      ? `arn:${partition}:iam::${account}:role/${e.PARRY_RESPONDER_ROLE_NAME}`
      : undefined);
  return {
    forceDryRun: e.PARRY_MODE === 'dry-run',
    exemptTag: e.PARRY_EXEMPT_TAG ?? 'parry:exempt',
    notifyTopicArn: e.PARRY_NOTIFY_TOPIC_ARN,
    memberRoleName: e.PARRY_MEMBER_ROLE_NAME ?? 'parry-responder',
    externalId: e.PARRY_EXTERNAL_ID,
    responderRoleArn,
    responderAccount: account,
    region: e.AWS_REGION,
  };
}
