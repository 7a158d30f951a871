import type { DescribeIamInstanceProfileAssociationsCommandOutput } from '@aws-sdk/client-ec2';
import type { GetInstanceProfileCommandOutput } from '@aws-sdk/client-iam';
import type { Aws } from '../../aws/session.js';
import type { InstanceFacts } from './facts.js';
import type { QuarantineParams } from './params.js';
import {
  describeAssociationsCall,
  disassociateCall,
  getInstanceProfileCall,
  profileNameOf,
  revokeSessionsCall,
} from './plan.js';
import { sendCall, skipCall } from './send.js';
import type { StepLog } from './steps.js';

/**
 * Denies every session of the profile's role issued before now: credentials
 * already taken from the instance (or stolen from it) stop working.
 * @example const role = await revokeRoleSessions(aws, facts, params, now, log) // 'web-app-role'
 */
export async function revokeRoleSessions(
  aws: Aws,
  facts: InstanceFacts,
  params: QuarantineParams,
  now: Date,
  log: StepLog,
): Promise<string | undefined> {
  if (!facts.profileArn || !params['revoke-role-sessions']) return undefined;
  const step = 'revoke-role-sessions';
  const profile = profileNameOf(facts.profileArn);
  const output = await log.attempt(step, () =>
    sendCall<GetInstanceProfileCommandOutput>(aws, getInstanceProfileCall(profile)),
  );
  if (!output) return undefined;
  const role = output.InstanceProfile?.Roles?.[0]?.RoleName;
  if (!role) {
    skipCall(
      aws,
      revokeSessionsCall(`<role of ${profile}>`, now),
      'the instance profile has no role',
    );
    return undefined;
  }
  await log.attempt(step, () => sendCall(aws, revokeSessionsCall(role, now)));
  return role;
}

/**
 * Detaches the instance profile, so the instance gets no new credentials.
 * @example await detachInstanceProfile(aws, facts, params, log)
 */
export async function detachInstanceProfile(
  aws: Aws,
  facts: InstanceFacts,
  params: QuarantineParams,
  log: StepLog,
): Promise<void> {
  if (!facts.profileArn || !params['detach-instance-profile']) return;
  const step = 'detach-instance-profile';
  const output = await log.attempt(step, () =>
    sendCall<DescribeIamInstanceProfileAssociationsCommandOutput>(
      aws,
      describeAssociationsCall(facts.instanceId),
    ),
  );
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
  await Promise.all(ids.map((id) => log.attempt(step, () => sendCall(aws, disassociateCall(id)))));
}
