import { targetOf } from '../../aws/target.js';
import { otherAccount, principalOf } from '../revoke-sessions/principal.js';
import { ActionInputError, type PlanContext } from '../types.js';
import type { QuarantineUserParams } from './params.js';

export type ResolvedUser =
  | { label: string; skip: string }
  | { label: string; skip?: undefined; userName: string };

/**
 * The IAM user to quarantine (param first, else the event's principal), or
 * why parry must not act. parry's own principals are roles, so they always
 * land in the "not an IAM user" refusal.
 * @example resolveUser(maliciousIpFinding) // { label: 'user/ci-deployer', userName: 'ci-deployer' }
 */
export function resolveUser(context: PlanContext<QuarantineUserParams>): ResolvedUser {
  const named = context.params['user-name'];
  const principal = named ? { kind: 'user' as const, name: named } : principalOf(context.event);
  switch (principal.kind) {
    case 'root':
      return {
        label: 'root',
        skip: 'the root user cannot be quarantined with an IAM policy: secure it by hand (report to the account owner)',
      };
    case 'role':
      return {
        label: `role/${principal.name}`,
        skip: `the principal is the role ${principal.name}, not an IAM user: use revoke-sessions`,
      };
    case 'none':
      throw new ActionInputError('the event names no IAM user: set user-name');
    case 'unsupported':
      throw new ActionInputError(
        `the event's principal is of type ${principal.type}, not an IAM user: set user-name`,
      );
  }
  const label = `user/${principal.name}`;
  const elsewhere = otherAccount(principal, targetOf(context.event).account);
  return elsewhere ? { label, skip: elsewhere } : { label, userName: principal.name };
}
