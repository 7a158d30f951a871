import { iamCall } from './disable-access-key/iam-calls.js';

/** The inline policy the IAM console's "Revoke active sessions" writes; revoke-sessions and quarantine-instance write it too. */
export const REVOKE_POLICY_NAME = 'AWSRevokeOlderSessions';

/**
 * The same document the IAM console writes for "Revoke active sessions".
 * @example revokeOlderSessionsPolicy(new Date('2026-03-14T09:05:00Z'))
 */
export const revokeOlderSessionsPolicy = (now: Date): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Deny',
        Action: ['*'],
        Resource: ['*'],
        Condition: { DateLessThan: { 'aws:TokenIssueTime': now.toISOString() } },
      },
    ],
  });

/**
 * The role's tags and path; GetRole is also what proves the role exists.
 * @example getRoleCall('web-app-role').input // { RoleName: 'web-app-role' }
 */
export const getRoleCall = (roleName: string) => iamCall('GetRole', { RoleName: roleName });

/** The revoke policy in place, if any: whether it is recent enough is read from its document. */
export const getRevokePolicyCall = (roleName: string, condition?: string) =>
  iamCall('GetRolePolicy', { RoleName: roleName, PolicyName: REVOKE_POLICY_NAME }, condition);

/** The same for an IAM user. */
export const getUserRevokePolicyCall = (userName: string, condition?: string) =>
  iamCall('GetUserPolicy', { UserName: userName, PolicyName: REVOKE_POLICY_NAME }, condition);

/** IAM's answer when the policy does not exist (the SDK's name, and IAM's code). */
export const NO_POLICY = ['NoSuchEntity', 'NoSuchEntityException'];

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

const parseDocument = (document: string): unknown => {
  // IAM returns policy documents URL-encoded (RFC 3986); the SDK passes them on as they are.
  for (const text of [document, safeDecode(document)]) {
    try {
      return JSON.parse(text);
    } catch {
      // try the next form
    }
  }
  return undefined;
};

const safeDecode = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/**
 * Until when a revoke policy denies sessions: the latest `aws:TokenIssueTime`
 * of its statements that deny everything, or undefined when it denies nothing so.
 * @example revokedBefore(revokeOlderSessionsPolicy(now))?.toISOString() === now.toISOString() // true
 */
export function revokedBefore(document: string | undefined): Date | undefined {
  const policy = document === undefined ? undefined : parseDocument(document);
  const statements = asList((policy as { Statement?: unknown } | undefined)?.Statement);
  let latest: Date | undefined;
  for (const s of statements as {
    Effect?: unknown;
    Action?: unknown;
    Resource?: unknown;
    Condition?: { DateLessThan?: Record<string, unknown> };
  }[]) {
    if (
      s?.Effect !== 'Deny' ||
      !asList(s.Action).includes('*') ||
      !asList(s.Resource).includes('*')
    )
      continue;
    const time = s.Condition?.DateLessThan?.['aws:TokenIssueTime'];
    const at = typeof time === 'string' ? Date.parse(time) : Number.NaN;
    if (!Number.isNaN(at) && (latest === undefined || at > latest.getTime())) latest = new Date(at);
  }
  return latest;
}
