import {
  GetRoleCommand,
  type GetRoleCommandOutput,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  ListUserTagsCommand,
  type ListUserTagsCommandOutput,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import type { Aws, SdkCommand } from '../../aws/session.js';
import { targetOf } from '../../aws/target.js';
import { listUserTagsCall } from '../disable-access-key/iam-calls.js';
import { skipCalls } from '../disable-access-key/skip-calls.js';
import { hasCode, stepFailure } from '../disable-access-key/step-failure.js';
import { exemptReason, isExempt } from '../exempt.js';
import {
  getRevokePolicyCall,
  getRoleCall,
  getUserRevokePolicyCall,
  NO_POLICY,
  REVOKE_POLICY_NAME,
  revokedBefore,
} from '../role-sessions.js';
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

/** The revoke policy's document in place, or undefined when there is none (NoSuchEntity, tolerated). */
async function policyInPlace(aws: Aws, command: SdkCommand): Promise<string | undefined> {
  try {
    const output = await aws.send<{ PolicyDocument?: string }>('IAM', command);
    return output?.PolicyDocument;
  } catch (error) {
    if (!NO_POLICY.some((code) => hasCode(error, code))) throw error;
    aws.tolerate(error, 'no revoke policy yet');
    return undefined;
  }
}

/**
 * Why the policy in place already does the work: it denies sessions issued
 * at or after the event's time (a redelivery, a replay), so the sessions the
 * event is about are revoked. A later event (a new alert) revokes again.
 */
function alreadyRevoked(document: string | undefined, event: Context['event']): string | undefined {
  const before = revokedBefore(document);
  const happened = Date.parse(event.time);
  if (!before || Number.isNaN(happened) || before.getTime() < happened) return undefined;
  return `already revoked: sessions issued before ${before.toISOString()} are denied, and the event is of ${new Date(happened).toISOString()}`;
}

/** Reads two things at once; the first failure ends the action, named by its step. */
async function readBoth<A, B>(
  target: string,
  first: [string, () => Promise<A>],
  second: [string, () => Promise<B>],
): Promise<[A, B] | ActionExecution> {
  const [a, b] = await Promise.allSettled([first[1](), second[1]()]);
  if (a.status === 'rejected') return failed(target, first[0], a.reason);
  if (b.status === 'rejected') return failed(target, second[0], b.reason);
  return [a.value, b.value];
}

/** GetRole is the authority on the role's path and tags: the event may not tell them. */
async function revokeRole(
  context: Context,
  name: string,
  target: string,
): Promise<ActionExecution> {
  const { aws, now, settings, event } = context;
  const put = revokeRoleCall(name, now);
  const read = await readBoth(
    target,
    [
      'GetRole',
      () => aws.send<GetRoleCommandOutput>('IAM', new GetRoleCommand(getRoleCall(name).input)),
    ],
    [
      'GetRolePolicy',
      () => policyInPlace(aws, new GetRolePolicyCommand(getRevokePolicyCall(name).input)),
    ],
  );
  if (!Array.isArray(read)) return read;
  const [got, document] = read;
  const refused = roleRefusal({ name, path: got.Role?.Path }, targetOf(event).account, settings);
  const reason =
    refused ??
    (isExempt(got.Role?.Tags, settings.exemptTag) ? exemptReason(settings.exemptTag) : undefined);
  if (reason) {
    skipCalls(aws, [put], reason);
    return { status: 'skipped', reason, target };
  }
  const done = alreadyRevoked(document, event);
  if (done) {
    skipCalls(aws, [put], done);
    return { status: 'skipped', reason: done, target };
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
  const { aws, now, settings, event } = context;
  const put = revokeUserCall(name, now);
  const read = await readBoth(
    target,
    [
      'ListUserTags',
      () =>
        aws.send<ListUserTagsCommandOutput>(
          'IAM',
          new ListUserTagsCommand(listUserTagsCall(name).input),
        ),
    ],
    [
      'GetUserPolicy',
      () => policyInPlace(aws, new GetUserPolicyCommand(getUserRevokePolicyCall(name).input)),
    ],
  );
  if (!Array.isArray(read)) return read;
  const [tags, document] = read;
  if (isExempt(tags.Tags, settings.exemptTag)) {
    const reason = exemptReason(settings.exemptTag);
    skipCalls(aws, [put], reason);
    return { status: 'skipped', reason, target };
  }
  const done = alreadyRevoked(document, event);
  if (done) {
    skipCalls(aws, [put], done);
    return { status: 'skipped', reason: done, target };
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
 * exempt, or the policy in place already denies the sessions the event is
 * about. A later event rewrites the policy with the new time: still exactly
 * one policy, now also denying sessions issued since the first run.
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
