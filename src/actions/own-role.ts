import type { Settings } from '../settings.js';

/** A role as an ARN names it: its account and its name (the path dropped). */
export interface RoleRef {
  account: string;
  role: string;
}

/**
 * `arn:aws:sts::1:assumed-role/Name/session` and `arn:aws:iam::1:role/path/Name` as account and role name.
 * @example roleOf('arn:aws:iam::111122223333:role/ops/web') // { account: '111122223333', role: 'web' }
 */
export function roleOf(arn: string): RoleRef | undefined {
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

/**
 * IAM names are unique regardless of case: a role `PARRY-Responder` cannot
 * exist beside `parry-responder` ("IAM identifiers", IAM User Guide:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-friendly-names,
 * "names are not distinguished by case"), so both name the same role.
 * @example sameIamName('PARRY-Responder', 'parry-responder') // true
 */
export const sameIamName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * Which of parry's own roles this is, or undefined. The one rule for every
 * check (guards, revoke-sessions, quarantine-instance), always with the account:
 * - the stack role: the name and the account of `PARRY_RESPONDER_ROLE_ARN`;
 * - the member role: `PARRY_MEMBER_ROLE_NAME` in an account other than the
 *   responder's own (parry reaches member accounts through it; in its own
 *   account it acts with the stack role, so a role of that name there is
 *   somebody else's). When the responder's account is unknown, in any account.
 * @example ownRoleOf({ account: '444455556666', role: 'PARRY-RESPONDER' }, settings) // 'member role'
 */
export function ownRoleOf(
  role: RoleRef,
  settings: Settings,
): 'stack role' | 'member role' | undefined {
  const stack = settings.responderRoleArn ? roleOf(settings.responderRoleArn) : undefined;
  if (stack && stack.account === role.account && sameIamName(stack.role, role.role)) {
    return 'stack role';
  }
  const own = settings.responderAccount;
  if (
    sameIamName(settings.memberRoleName, role.role) &&
    (own === undefined || own !== role.account)
  ) {
    return 'member role';
  }
  return undefined;
}
