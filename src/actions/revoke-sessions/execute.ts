import {
  GetRoleCommand,
  type GetRoleCommandOutput,
  ListUserTagsCommand,
  type ListUserTagsCommandOutput,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { targetOf } from '../../aws/target.js';
import { listUserTagsCall } from '../disable-access-key/iam-calls.js';
import { skipCalls } from '../disable-access-key/skip-calls.js';
import { stepFailure } from '../disable-access-key/step-failure.js';
import { exemptReason, isExempt } from '../exempt.js';
import { getRoleCall, REVOKE_POLICY_NAME } from '../role-sessions.js';
import type { ActionExecution, ExecuteContext } from '../types.js';
import type { RevokeSessionsParams } from './params.js';
import { revokeRoleCall, revokeUserCall } from './plan.js';
import { roleRefusal } from './protected-roles.js';
import { resolveTarget } from './target.js';

type Context = ExecuteContext<RevokeSessionsParams>;

const failed = (target: string, step: string, error: unknown): ActionExecution => ({
  status: 'failed',
  target,
  error: stepFailure(step, error),
});

const revoked = (target: string, now: Date): ActionExecution => ({
  status: 'succeeded',
  target,
  details: { policyName: REVOKE_POLICY_NAME, tokensIssuedBefore: now.toISOString() },
});

/** GetRole is the authority on the role's path and tags: the event may not tell them. */
async function revokeRole(
  context: Context,
  name: string,
  target: string,
): Promise<ActionExecution> {
  const { aws, now, settings, event } = context;
  const put = revokeRoleCall(name, now);
  let got: GetRoleCommandOutput;
  try {
    got = await aws.send('IAM', new GetRoleCommand(getRoleCall(name).input));
  } catch (error) {
    return failed(target, 'GetRole', error);
  }
  const refused = roleRefusal({ name, path: got.Role?.Path }, targetOf(event).account, settings);
  const reason =
    refused ??
    (isExempt(got.Role?.Tags, settings.exemptTag) ? exemptReason(settings.exemptTag) : undefined);
  if (reason) {
    skipCalls(aws, [put], reason);
    return { status: 'skipped', reason, target };
  }
  try {
    await aws.send('IAM', new PutRolePolicyCommand(put.input));
  } catch (error) {
    return failed(target, 'PutRolePolicy', error);
  }
  return revoked(target, now);
}

async function revokeUser(
  context: Context,
  name: string,
  target: string,
): Promise<ActionExecution> {
  const { aws, now, settings } = context;
  const put = revokeUserCall(name, now);
  let tags: ListUserTagsCommandOutput;
  try {
    tags = await aws.send('IAM', new ListUserTagsCommand(listUserTagsCall(name).input));
  } catch (error) {
    return failed(target, 'ListUserTags', error);
  }
  if (isExempt(tags.Tags, settings.exemptTag)) {
    const reason = exemptReason(settings.exemptTag);
    skipCalls(aws, [put], reason);
    return { status: 'skipped', reason, target };
  }
  try {
    await aws.send('IAM', new PutUserPolicyCommand(put.input));
  } catch (error) {
    return failed(target, 'PutUserPolicy', error);
  }
  return revoked(target, now);
}

/**
 * Puts `AWSRevokeOlderSessions` on the role or user, unless it is protected or
 * exempt. A re-run rewrites the policy with the new time: still exactly one
 * policy, now also denying sessions issued since the first run.
 * @example await execute(context) // { status: 'succeeded', target: 'role/web-app-role', ... }
 */
export async function execute(context: Context): Promise<ActionExecution> {
  const resolved = resolveTarget(context);
  if (resolved.skip !== undefined) {
    return { status: 'skipped', reason: resolved.skip, target: resolved.label };
  }
  const { principal, label } = resolved;
  return principal.kind === 'role'
    ? revokeRole(context, principal.name, label)
    : revokeUser(context, principal.name, label);
}
