import { iamCall, listUserTagsCall } from '../disable-access-key/iam-calls.js';
import {
  getRevokePolicyCall,
  getRoleCall,
  getUserRevokePolicyCall,
  REVOKE_POLICY_NAME,
  revokeOlderSessionsPolicy,
} from '../role-sessions.js';
import type { ActionPlan, PlanContext, PlannedCall } from '../types.js';
import type { RevokeSessionsParams } from './params.js';
import { type RevokeTarget, resolveTarget } from './target.js';

/**
 * The console's "Revoke active sessions" for a role: `AWSRevokeOlderSessions` denying
 * everything to sessions issued before `now`.
 * @example revokeRoleCall('web-app-role', now).input.PolicyName // 'AWSRevokeOlderSessions'
 */
export const revokeRoleCall = (roleName: string, now: Date, condition?: string) =>
  iamCall(
    'PutRolePolicy',
    {
      RoleName: roleName,
      PolicyName: REVOKE_POLICY_NAME,
      PolicyDocument: revokeOlderSessionsPolicy(now),
    },
    condition,
  );

/**
 * The same document on an IAM user: it denies the user's temporary
 * credentials (GetSessionToken, GetFederationToken) issued before `now`.
 * @example revokeUserCall('dev-jsmith', now).operation // 'PutUserPolicy'
 */
export const revokeUserCall = (userName: string, now: Date, condition?: string) =>
  iamCall(
    'PutUserPolicy',
    {
      UserName: userName,
      PolicyName: REVOKE_POLICY_NAME,
      PolicyDocument: revokeOlderSessionsPolicy(now),
    },
    condition,
  );

const NOT_REVOKED = 'and no revoke policy issued at or after the event is in place';

/**
 * Every call, in order: read the principal's tags (and a role's path) and the
 * revoke policy in place, at once, then put the policy.
 * @example revokeCalls({ kind: 'role', name: 'web-app-role' }, now, 'parry:exempt').length // 3
 */
export function revokeCalls(principal: RevokeTarget, now: Date, exemptTag: string): PlannedCall[] {
  const { name } = principal;
  const none = 'NoSuchEntity when it has none';
  if (principal.kind === 'user') {
    return [
      listUserTagsCall(name),
      getUserRevokePolicyCall(name, none),
      revokeUserCall(name, now, `if ${name} is not tagged ${exemptTag} ${NOT_REVOKED}`),
    ];
  }
  return [
    getRoleCall(name),
    getRevokePolicyCall(name, none),
    revokeRoleCall(
      name,
      now,
      `if ${name} is not tagged ${exemptTag}, its path is neither /aws-service-role/ nor /aws-reserved/sso.amazonaws.com/, ${NOT_REVOKED}`,
    ),
  ];
}

/** @example planRevokeSessions(context).target // 'role/web-app-role' */
export function planRevokeSessions(context: PlanContext<RevokeSessionsParams>): ActionPlan {
  const resolved = resolveTarget(context);
  if (resolved.skip !== undefined)
    return { target: resolved.label, calls: [], skip: resolved.skip };
  return {
    target: resolved.label,
    calls: revokeCalls(resolved.principal, context.now, context.settings.exemptTag),
    details: { policyName: REVOKE_POLICY_NAME, tokensIssuedBefore: context.now.toISOString() },
  };
}
