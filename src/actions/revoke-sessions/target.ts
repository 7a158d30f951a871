import { targetOf } from '../../aws/target.js';
import { ActionInputError, type PlanContext } from '../types.js';
import type { RevokeSessionsParams } from './params.js';
import { otherAccount, principalOf } from './principal.js';
import { roleRefusal } from './protected-roles.js';

/** The one role or user whose sessions are revoked. */
export type RevokeTarget =
  | { kind: 'role'; name: string; path?: string }
  | { kind: 'user'; name: string };

export type ResolvedTarget =
  | { label: string; skip: string }
  | { label: string; skip?: undefined; principal: RevokeTarget };

/** @example labelOf({ kind: 'role', name: 'web-app-role' }) // 'role/web-app-role' */
export const labelOf = (principal: { kind: string; name: string }): string =>
  `${principal.kind}/${principal.name}`;

/**
 * The role or user to act on (params first, else the event's principal), or
 * why parry must not act. Throws ActionInputError when neither names one.
 * @example resolveTarget(exfiltrationFinding) // { label: 'role/web-app-role', principal: { kind: 'role', ... } }
 */
export function resolveTarget(context: PlanContext<RevokeSessionsParams>): ResolvedTarget {
  const { params, event, settings } = context;
  const account = targetOf(event).account;
  const roleName = params['role-name'];
  const userName = params['user-name'];
  const principal = roleName
    ? { kind: 'role' as const, name: roleName }
    : userName
      ? { kind: 'user' as const, name: userName }
      : principalOf(event);
  if (principal.kind === 'root') {
    return {
      label: 'root',
      skip: 'root sessions cannot be revoked with an IAM policy: secure the root user by hand (report to the account owner)',
    };
  }
  if (principal.kind === 'none') {
    throw new ActionInputError('the event names no role or user: set role-name or user-name');
  }
  if (principal.kind === 'unsupported') {
    throw new ActionInputError(
      `the event's principal is of type ${principal.type}, neither a role nor an IAM user: set role-name or user-name`,
    );
  }
  const label = labelOf(principal);
  const elsewhere = otherAccount(principal, account);
  if (elsewhere) return { label, skip: elsewhere };
  if (principal.kind === 'user')
    return { label, principal: { kind: 'user', name: principal.name } };
  const role = {
    kind: 'role' as const,
    name: principal.name,
    ...(principal.path ? { path: principal.path } : {}),
  };
  const refused = roleRefusal(role, account, settings);
  return refused ? { label, skip: refused } : { label, principal: role };
}
