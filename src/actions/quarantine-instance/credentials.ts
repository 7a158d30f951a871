import type { DescribeIamInstanceProfileAssociationsCommandOutput } from '@aws-sdk/client-ec2';
import type {
  GetInstanceProfileCommandOutput,
  GetRoleCommandOutput,
  GetRolePolicyCommandOutput,
} from '@aws-sdk/client-iam';
import type { Aws } from '../../aws/session.js';
import type { Settings } from '../../settings.js';
import { exemptReason, isExempt } from '../exempt.js';
import { roleOf } from '../own-role.js';
import { roleRefusal } from '../revoke-sessions/protected-roles.js';
import { getRevokePolicyCall, getRoleCall, NO_POLICY, revokedBefore } from '../role-sessions.js';
import type { InstanceFacts } from './facts.js';
import type { QuarantineParams } from './params.js';
import {
  describeAssociationsCall,
  disassociateCall,
  getInstanceProfileCall,
  profileNameOf,
  profileToRevoke,
  revokeSessionsCall,
} from './plan.js';
import type { QuarantineStart } from './resume.js';
import { sendCall, skipCall } from './send.js';
import { type StepLog, tolerate } from './steps.js';

export interface RevokeContext {
  params: QuarantineParams;
  settings: Settings;
  now: Date;
  start: QuarantineStart;
}

/** What became of the role's sessions. */
export interface RevokeOutcome {
  roleName: string;
  /** `revoked`, `already revoked` (a resumed run found a recent enough policy), or why not. */
  sessions: string;
}

const STEP = 'revoke-role-sessions';

/** The revoke policy in place, if any (a resumed run asks; IAM answers NoSuchEntity when there is none). */
async function policyInPlace(
  aws: Aws,
  role: string,
  log: StepLog,
): Promise<{ document?: string } | undefined> {
  return log.attempt(STEP, async () => {
    const output = await tolerate(
      aws,
      sendCall<GetRolePolicyCommandOutput>(aws, getRevokePolicyCall(role)),
      NO_POLICY,
      'no revoke policy yet',
    );
    return { document: output?.PolicyDocument };
  });
}

/**
 * Denies every session of the profile's role issued before now: credentials
 * already taken from the instance (or stolen from it) stop working. Never on
 * parry's own roles, protected roles or a role tagged exempt. The profile is
 * the one attached now, else the one an earlier run recorded before it
 * detached it. A resumed run leaves a revoke policy issued at or after this
 * quarantine's start as it is.
 * @example const outcome = await revokeRoleSessions(aws, facts, context, log) // { roleName: 'web-app-role', sessions: 'revoked' }
 */
export async function revokeRoleSessions(
  aws: Aws,
  facts: InstanceFacts,
  context: RevokeContext,
  log: StepLog,
): Promise<RevokeOutcome | undefined> {
  const { params, settings, now, start } = context;
  const profileArn = profileToRevoke(facts);
  if (!profileArn || !params['revoke-role-sessions']) return undefined;
  const profile = profileNameOf(profileArn);
  const output = await log.attempt(STEP, () =>
    sendCall<GetInstanceProfileCommandOutput>(aws, getInstanceProfileCall(profile)),
  );
  if (!output) return undefined;
  const role = output.InstanceProfile?.Roles?.[0];
  if (!role?.RoleName) {
    skipCall(
      aws,
      revokeSessionsCall(`<role of ${profile}>`, now),
      'the instance profile has no role',
    );
    return undefined;
  }
  const name = role.RoleName;
  const put = revokeSessionsCall(name, now);
  const account = (role.Arn ? roleOf(role.Arn)?.account : undefined) ?? aws.target.account;
  const refused = roleRefusal({ name, path: role.Path }, account, settings);
  if (refused) {
    skipCall(aws, put, refused);
    return { roleName: name, sessions: `not revoked: ${refused}` };
  }
  const [got, policy] = await Promise.all([
    log.attempt(STEP, () => sendCall<GetRoleCommandOutput>(aws, getRoleCall(name))),
    start.resumed ? policyInPlace(aws, name, log) : Promise.resolve<{ document?: string }>({}),
  ]);
  if (!got || !policy) return undefined;
  if (isExempt(got.Role?.Tags, settings.exemptTag)) {
    const reason = exemptReason(settings.exemptTag);
    skipCall(aws, put, reason);
    return { roleName: name, sessions: `not revoked: ${reason}` };
  }
  const before = revokedBefore(policy.document);
  if (start.resumed && before && before.getTime() >= start.at.getTime()) {
    skipCall(
      aws,
      put,
      `already revoked: sessions issued before ${before.toISOString()} are denied`,
    );
    return { roleName: name, sessions: 'already revoked' };
  }
  const done = await log.attempt(STEP, () => sendCall(aws, put));
  return done === undefined ? undefined : { roleName: name, sessions: 'revoked' };
}

/**
 * Detaches the instance profile, so the instance gets no new credentials.
 * Waits for the instance's tags (`recorded`): once detached, only the
 * `parry:instance-profile` tag tells a retry whose sessions to revoke.
 * @example await detachInstanceProfile(aws, facts, params, tagged, log)
 */
export async function detachInstanceProfile(
  aws: Aws,
  facts: InstanceFacts,
  params: QuarantineParams,
  recorded: Promise<unknown>,
  log: StepLog,
): Promise<void> {
  if (!facts.profileArn || !params['detach-instance-profile']) return;
  const step = 'detach-instance-profile';
  const [output] = await Promise.all([
    log.attempt(step, () =>
      sendCall<DescribeIamInstanceProfileAssociationsCommandOutput>(
        aws,
        describeAssociationsCall(facts.instanceId),
      ),
    ),
    recorded,
  ]);
  if (!output) return;
  const ids = (output.IamInstanceProfileAssociations ?? []).flatMap((a) =>
    a.AssociationId && (a.State === 'associated' || a.State === 'associating')
      ? [a.AssociationId]
      : [],
  );
  if (ids.length === 0) {
    skipCall(aws, disassociateCall('<none>'), 'no instance profile is associated any more');
    return;
  }
  await Promise.all(
    ids.map((id) =>
      log.attempt(step, () =>
        tolerate(aws, sendCall(aws, disassociateCall(id)), ASSOCIATION_GONE, ALREADY_DETACHED),
      ),
    ),
  );
}

/**
 * What EC2 answers for an association that no longer exists ("Error codes for the Amazon EC2
 * API", https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html): another
 * run (a second playbook quarantining the same instance, a retry) detached it between the
 * describe and this call. The profile is off the instance, which is what the step is for.
 */
const ASSOCIATION_GONE = ['InvalidAssociationID.NotFound'];
const ALREADY_DETACHED = 'the association is gone: the profile was detached meanwhile';
