import { roleOf } from '../../engine/principal.js';
import type { EventBridgeEvent } from '../../event/envelope.js';
import { field, stringField } from '../event-fields.js';

/** The IAM identity behind an event's credentials, as far as the event tells. */
export type Principal =
  | { kind: 'role'; name: string; path?: string; account?: string }
  | { kind: 'user'; name: string; account?: string; via?: 'FederatedUser' }
  | { kind: 'root' }
  | { kind: 'unsupported'; type: string }
  | { kind: 'none' };

/**
 * The path of a role from its ARN: `role/aws-reserved/sso.amazonaws.com/x/Name` has
 * path `/aws-reserved/sso.amazonaws.com/x/`.
 * @example rolePathOf('arn:aws:iam::1:role/aws-service-role/x/Name') // '/aws-service-role/x/'
 */
export function rolePathOf(arn: string | undefined): string | undefined {
  const resource = arn?.split(':').slice(5).join(':');
  if (!resource?.startsWith('role/')) return undefined;
  const parts = resource.split('/').slice(1, -1);
  return parts.length === 0 ? '/' : `/${parts.join('/')}/`;
}

const present = <T extends Record<string, unknown>>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/** GuardDuty names the principal of an access key by `userType` and `userName` only. */
function fromGuardDuty(detail: unknown): Principal {
  const key = field(detail, 'resource', 'accessKeyDetails');
  const type = stringField(key, 'userType');
  const name = stringField(key, 'userName');
  if (type === 'Root') return { kind: 'root' };
  if (!type || !name) return { kind: 'none' };
  // For an assumed role GuardDuty puts the role's name (not the session's) in userName.
  if (type === 'AssumedRole') return { kind: 'role', name };
  if (type === 'IAMUser') return { kind: 'user', name };
  return { kind: 'unsupported', type };
}

/** An assumed role is named by its session issuer, whose ARN also gives the role's path. */
function assumedRole(identity: unknown): Principal {
  const issuer = field(identity, 'sessionContext', 'sessionIssuer');
  const issuerArn = stringField(issuer, 'arn');
  const sessionArn = stringField(identity, 'arn');
  const parsed =
    (issuerArn ? roleOf(issuerArn) : undefined) ?? (sessionArn ? roleOf(sessionArn) : undefined);
  const name = stringField(issuer, 'userName') ?? parsed?.role;
  if (!name) return { kind: 'none' };
  return present({
    kind: 'role' as const,
    name,
    path: rolePathOf(issuerArn),
    account:
      stringField(issuer, 'accountId') ?? stringField(identity, 'accountId') ?? parsed?.account,
  });
}

/** A federated user's session was issued by an IAM user (GetFederationToken) or by root. */
function federatedUser(identity: unknown): Principal {
  const issuer = field(identity, 'sessionContext', 'sessionIssuer');
  const type = stringField(issuer, 'type');
  if (type === 'Root') return { kind: 'root' };
  const name = stringField(issuer, 'userName');
  if (type !== 'IAMUser' || !name) return { kind: 'unsupported', type: 'FederatedUser' };
  const account = stringField(issuer, 'accountId') ?? stringField(identity, 'accountId');
  return present({ kind: 'user' as const, name, account, via: 'FederatedUser' as const });
}

function fromCloudTrail(detail: unknown): Principal {
  const identity = field(detail, 'userIdentity');
  const type = stringField(identity, 'type');
  if (type === 'Root') return { kind: 'root' };
  if (type === 'AssumedRole') return assumedRole(identity);
  if (type === 'FederatedUser') return federatedUser(identity);
  if (type === 'IAMUser') {
    const name = stringField(identity, 'userName');
    if (!name) return { kind: 'none' };
    return present({ kind: 'user' as const, name, account: stringField(identity, 'accountId') });
  }
  return type ? { kind: 'unsupported', type } : { kind: 'none' };
}

/**
 * Who acted in an event: the role behind an assumed-role session, the IAM
 * user, or root. GuardDuty's `resource.accessKeyDetails`; CloudTrail's `userIdentity`.
 * @example principalOf(exfiltrationFinding) // { kind: 'role', name: 'web-app-role' }
 */
export function principalOf(event: EventBridgeEvent): Principal {
  return event.source === 'aws.guardduty'
    ? fromGuardDuty(event.detail)
    : fromCloudTrail(event.detail);
}

/**
 * Why parry must not act on a principal of another account: it acts in the
 * account the event is about, where a same-named role or user is someone else.
 * @example otherAccount({ kind: 'user', name: 'a', account: '1' }, '2') // 'user a belongs to account 1; parry acts in 2'
 */
export function otherAccount(
  principal: { kind: 'role' | 'user'; name: string; account?: string },
  account: string,
): string | undefined {
  if (!principal.account || principal.account === account) return undefined;
  return `${principal.kind} ${principal.name} belongs to account ${principal.account}; parry acts in ${account}, where that name may be someone else`;
}
