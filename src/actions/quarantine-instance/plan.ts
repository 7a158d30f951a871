import type { PlanContext, PlannedCall } from '../types.js';
import { ASG_TAG, type InstanceFacts } from './facts.js';
import {
  createGroupCall,
  describeCreatedGroupCall,
  FRESH_UNTRACK_MISSING,
  findGroupsCall,
  isolationGroupName,
  openRuleCalls,
  plannedEmptyingCall,
  untrackGroupName,
} from './groups.js';
import type { QuarantineParams } from './params.js';
import { type Flow, par, seq, startOrder } from './schedule.js';
import { hasOriginalGroupsTag, originalGroupsOf, originalGroupsTags } from './tags.js';

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

const ec2 = (operation: string, input: Record<string, unknown>, condition?: string): PlannedCall =>
  condition === undefined
    ? { service: 'EC2', operation, input }
    : { service: 'EC2', operation, input, condition };

type Eni = InstanceFacts['enis'][number];

/**
 * Which swaps an ENI still needs. One that carries only the isolation group
 * is done; one left in the untrack group alone by an interrupted run only
 * needs the second swap. Never back through the untrack group, which would
 * open an isolated ENI for a moment.
 * @example swapsNeeded({ id: 'eni-1', vpcId: 'vpc-1', groups: [{ id: 'sg-1', name: 'parry-untrack-vpc-1' }] }) // { untrack: false, isolation: true }
 */
export function swapsNeeded(eni: Eni): { untrack: boolean; isolation: boolean } {
  const only = eni.groups.length === 1 ? eni.groups[0]?.name : undefined;
  if (only === isolationGroupName(eni.vpcId)) return { untrack: false, isolation: false };
  if (only === untrackGroupName(eni.vpcId)) return { untrack: false, isolation: true };
  return { untrack: true, isolation: true };
}

/** @example swapCall('eni-1', 'sg-1') */
export const swapCall = (eniId: string, groupId: string): PlannedCall =>
  ec2('ModifyNetworkInterfaceAttribute', { NetworkInterfaceId: eniId, Groups: [groupId] });

/** The VPCs with an ENI still to swap, and those ENIs. */
export function enisToContain(facts: InstanceFacts): Map<string, Eni[]> {
  const byVpc = new Map<string, Eni[]>();
  for (const eni of facts.enis) {
    if (!swapsNeeded(eni).isolation) continue;
    byVpc.set(eni.vpcId, [...(byVpc.get(eni.vpcId) ?? []), eni]);
  }
  return byVpc;
}

/** The two swaps of one ENI, untrack first, as far as they are still needed. */
export function eniSwapFlow(eni: Eni, untrackId: string, isolationId: string): Flow {
  const needed = swapsNeeded(eni);
  return seq(
    ...(needed.untrack ? [swapCall(eni.id, untrackId)] : []),
    ...(needed.isolation ? [swapCall(eni.id, isolationId)] : []),
  );
}

/**
 * In a plan the groups' existence is unknown: written as if they must be
 * created, each creating call with its condition.
 */
function plannedVpcFlow(vpcId: string, enis: Eni[]): Flow {
  const untrack = untrackGroupName(vpcId);
  const isolation = isolationGroupName(vpcId);
  const untrackId = `<${untrack}>`;
  const isolationId = `<${isolation}>`;
  return seq(
    findGroupsCall(vpcId),
    par(
      seq(
        createGroupCall('untrack', vpcId),
        par(...openRuleCalls(untrackId, FRESH_UNTRACK_MISSING, untrack)),
      ),
      seq(
        createGroupCall('isolation', vpcId),
        describeCreatedGroupCall(isolationId, isolation),
        plannedEmptyingCall(isolationId, isolation),
      ),
    ),
    par(...enis.map((eni) => eniSwapFlow(eni, untrackId, isolationId))),
  );
}

/**
 * Evidence: the instance can be neither terminated nor lose its volumes.
 * @example preservationCalls(facts).map((c) => Object.keys(c.input)[1]) // ['DisableApiTermination', ...]
 */
export function preservationCalls(facts: InstanceFacts): PlannedCall[] {
  const id = facts.instanceId;
  const volumes = facts.volumes ?? [{ deviceName: '<each EBS device from DescribeInstances>' }];
  return [
    ec2('ModifyInstanceAttribute', { InstanceId: id, DisableApiTermination: { Value: true } }),
    ec2('ModifyInstanceAttribute', {
      InstanceId: id,
      InstanceInitiatedShutdownBehavior: { Value: 'stop' },
    }),
    ...(volumes.length > 0
      ? [
          ec2('ModifyInstanceAttribute', {
            InstanceId: id,
            BlockDeviceMappings: volumes.map((v) => ({
              DeviceName: v.deviceName,
              Ebs: { DeleteOnTermination: false },
            })),
          }),
        ]
      : []),
  ];
}

/** @example describeAsgCall('i-1') */
export const describeAsgCall = (instanceId: string): PlannedCall => ({
  service: 'AutoScaling',
  operation: 'DescribeAutoScalingInstances',
  input: { InstanceIds: [instanceId] },
});

/** Standby keeps the instance in its group without traffic or health-check replacement. */
export const enterStandbyCall = (instanceId: string, group: string): PlannedCall => ({
  service: 'AutoScaling',
  operation: 'EnterStandby',
  input: {
    InstanceIds: [instanceId],
    AutoScalingGroupName: group,
    ShouldDecrementDesiredCapacity: false,
  },
  condition: 'if the instance is InService',
});

/**
 * Auto Scaling tags every instance of a group with `aws:autoscaling:groupName`
 * (an `aws:` tag nobody can remove), so the tag tells membership without a
 * call; DescribeAutoScalingInstances then tells whether it is already in Standby.
 */
export function standbyFlow(facts: InstanceFacts, params: QuarantineParams): Flow {
  const group = facts.tags[ASG_TAG];
  if (!group || !params['asg-standby']) return seq();
  return seq(describeAsgCall(facts.instanceId), enterStandbyCall(facts.instanceId, group));
}

/** `arn:aws:iam::1:instance-profile/path/web` → `web`. */
export const profileNameOf = (arn: string): string => arn.split('/').pop() ?? arn;

export const getInstanceProfileCall = (profileName: string): PlannedCall => ({
  service: 'IAM',
  operation: 'GetInstanceProfile',
  input: { InstanceProfileName: profileName },
});

/** @example revokeSessionsCall('web-app-role', now) */
export const revokeSessionsCall = (roleName: string, now: Date): PlannedCall => ({
  service: 'IAM',
  operation: 'PutRolePolicy',
  input: {
    RoleName: roleName,
    PolicyName: REVOKE_POLICY_NAME,
    PolicyDocument: revokeOlderSessionsPolicy(now),
  },
});

export const describeAssociationsCall = (instanceId: string): PlannedCall =>
  ec2('DescribeIamInstanceProfileAssociations', {
    Filters: [
      { Name: 'instance-id', Values: [instanceId] },
      { Name: 'state', Values: ['associating', 'associated'] },
    ],
  });

export const disassociateCall = (associationId: string): PlannedCall =>
  ec2('DisassociateIamInstanceProfile', { AssociationId: associationId });

/** Revoking the role's sessions and detaching the profile are independent chains. */
export function profileFlows(facts: InstanceFacts, params: QuarantineParams, now: Date): Flow[] {
  if (!facts.profileArn) return [];
  const profile = profileNameOf(facts.profileArn);
  return [
    ...(params['revoke-role-sessions']
      ? [
          seq(
            getInstanceProfileCall(profile),
            revokeSessionsCall(`<role of instance profile ${profile}>`, now),
          ),
        ]
      : []),
    ...(params['detach-instance-profile']
      ? [
          seq(
            describeAssociationsCall(facts.instanceId),
            disassociateCall(`<association of ${profile}>`),
          ),
        ]
      : []),
  ];
}

export interface RunLabels {
  playbook: string;
  finding: string;
  now: Date;
}

export const quarantineTags = (labels: RunLabels) => [
  { Key: 'parry:quarantined', Value: labels.now.toISOString() },
  { Key: 'parry:playbook', Value: labels.playbook },
  { Key: 'parry:finding', Value: labels.finding.slice(0, 256) },
];

/**
 * One tagging call: the original groups (unless an earlier run recorded
 * them: never overwritten) and what quarantined the instance.
 */
export const tagCall = (facts: InstanceFacts, labels: RunLabels): PlannedCall =>
  ec2('CreateTags', {
    Resources: [facts.instanceId],
    Tags: [
      ...(hasOriginalGroupsTag(facts.tags) ? [] : originalGroupsTags(originalGroupsOf(facts.enis))),
      ...quarantineTags(labels),
    ],
  });

/** Crash-consistent snapshots of every EBS volume, tagged with the run. */
export const snapshotCall = (instanceId: string, labels: RunLabels): PlannedCall =>
  ec2('CreateSnapshots', {
    InstanceSpecification: { InstanceId: instanceId, ExcludeBootVolume: false },
    Description: `parry forensic snapshot of ${instanceId} (${labels.playbook})`,
    CopyTagsFromSource: 'volume',
    TagSpecifications: [{ ResourceType: 'snapshot', Tags: quarantineTags(labels) }],
  });

export const stopCall = (instanceId: string): PlannedCall =>
  ec2('StopInstances', { InstanceIds: [instanceId] }, 'if the instance is not stopped already');

/**
 * Stopping waits for the snapshot call (its point in time is taken when it
 * returns) and for Standby (a stopped InService instance fails its health
 * check and Auto Scaling terminates it).
 */
export function evidenceFlow(facts: InstanceFacts, params: QuarantineParams, labels: RunLabels) {
  return seq(
    par(
      standbyFlow(facts, params),
      ...(params.snapshot ? [snapshotCall(facts.instanceId, labels)] : []),
    ),
    ...(params.stop ? [stopCall(facts.instanceId)] : []),
  );
}

/** When only `instance-id` names the instance, its ENIs are known once it is described. */
const UNKNOWN_ENI: Eni = {
  id: '<each ENI from DescribeInstances>',
  vpcId: '<its VPC>',
  groups: [{ id: '<its groups>' }],
};

export const describeInstanceCall = (instanceId: string): PlannedCall =>
  ec2('DescribeInstances', { InstanceIds: [instanceId] });

/**
 * Every call of a quarantine as a flow: describe, then at once network
 * containment (started first), tags, preservation, Standby, snapshot (then
 * stop), and the instance's credentials.
 */
export function quarantineFlow(
  facts: InstanceFacts,
  context: PlanContext<QuarantineParams>,
  finding: string,
): Flow {
  const { params, now, playbook } = context;
  const labels = { playbook: playbook.name, finding, now };
  const known = facts.enis.length > 0 ? facts : { ...facts, enis: [UNKNOWN_ENI] };
  const containment = [...enisToContain(known)].map(([vpc, enis]) => plannedVpcFlow(vpc, enis));
  return seq(
    describeInstanceCall(facts.instanceId),
    par(
      par(...containment),
      tagCall(known, labels),
      ...preservationCalls(facts),
      evidenceFlow(facts, params, labels),
      ...profileFlows(facts, params, now),
    ),
  );
}

/**
 * Every call of a quarantine, in the order `execute` starts them when AWS
 * answers every call equally fast (concurrent steps interleave).
 * @example quarantineCalls(facts, context, 'finding-1')[0]?.operation // 'DescribeInstances'
 */
export const quarantineCalls = (
  facts: InstanceFacts,
  context: PlanContext<QuarantineParams>,
  finding: string,
): PlannedCall[] => startOrder(quarantineFlow(facts, context, finding));
