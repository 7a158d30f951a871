import type { PlanContext, PlannedCall } from '../types.js';
import { ASG_TAG, type InstanceFacts } from './facts.js';
import {
  createIsolationGroupCalls,
  createUntrackGroupCalls,
  findGroupsCall,
  isolationGroupName,
  untrackGroupName,
} from './groups.js';
import type { QuarantineParams } from './params.js';
import { originalGroupsTags } from './tags.js';

export const REVOKE_POLICY_NAME = 'AWSRevokeOlderSessions';

/** The same document the IAM console writes for "Revoke active sessions". */
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

/** Group ids as known: real ids when running, `<parry-isolation-vpc-1>` placeholders when planning. */
export interface QuarantineGroups {
  untrack: (vpcId: string) => string;
  isolation: (vpcId: string) => string;
  /** Whether the groups of a VPC must be created (unknown when planning). */
  missing: (vpcId: string) => { untrack: boolean; isolation: boolean };
}

export const placeholderGroups: QuarantineGroups = {
  untrack: (vpc) => `<${untrackGroupName(vpc)}>`,
  isolation: (vpc) => `<${isolationGroupName(vpc)}>`,
  missing: () => ({ untrack: true, isolation: true }),
};

const ec2 = (operation: string, input: Record<string, unknown>): PlannedCall => ({
  service: 'EC2',
  operation,
  input,
});

/** Network containment: untrack then isolate every ENI, after making sure the groups exist. */
export function isolationCalls(facts: InstanceFacts, groups: QuarantineGroups): PlannedCall[] {
  const vpcs = [...new Set(facts.enis.map((eni) => eni.vpcId))];
  const setup = vpcs.flatMap((vpc) => {
    const missing = groups.missing(vpc);
    return [
      ...(missing.untrack ? createUntrackGroupCalls(vpc, groups.untrack(vpc)) : []),
      ...(missing.isolation ? createIsolationGroupCalls(vpc, groups.isolation(vpc)) : []),
    ];
  });
  const swaps = facts.enis.flatMap((eni) => [
    ec2('ModifyNetworkInterfaceAttribute', {
      NetworkInterfaceId: eni.id,
      Groups: [groups.untrack(eni.vpcId)],
    }),
    ec2('ModifyNetworkInterfaceAttribute', {
      NetworkInterfaceId: eni.id,
      Groups: [groups.isolation(eni.vpcId)],
    }),
  ]);
  return [...setup, ...swaps];
}

/** Evidence: the instance can be neither terminated nor lose its volumes. */
export function preservationCalls(facts: InstanceFacts): PlannedCall[] {
  const id = facts.instanceId;
  const volumes = facts.volumes ?? [{ deviceName: '<each device from DescribeInstances>' }];
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

/**
 * Auto Scaling tags every instance of a group with `aws:autoscaling:groupName`,
 * so the tag tells membership without another call.
 */
export function standbyCalls(facts: InstanceFacts): PlannedCall[] {
  const group = facts.tags[ASG_TAG];
  if (!group) return [];
  return [
    {
      service: 'AutoScaling',
      operation: 'EnterStandby',
      input: {
        InstanceIds: [facts.instanceId],
        AutoScalingGroupName: group,
        ShouldDecrementDesiredCapacity: false,
      },
    },
  ];
}

export function profileCalls(
  facts: InstanceFacts,
  params: QuarantineParams,
  now: Date,
  resolved?: { roleName: string; associationId: string },
): PlannedCall[] {
  if (!facts.profileArn) return [];
  const profileName = facts.profileArn.split('/').pop() ?? facts.profileArn;
  const revoke: PlannedCall[] = params['revoke-role-sessions']
    ? [
        {
          service: 'IAM',
          operation: 'PutRolePolicy',
          input: {
            RoleName: resolved?.roleName ?? `<role of instance profile ${profileName}>`,
            PolicyName: REVOKE_POLICY_NAME,
            PolicyDocument: revokeOlderSessionsPolicy(now),
          },
        },
      ]
    : [];
  const detach: PlannedCall[] = params['detach-instance-profile']
    ? [
        ec2('DisassociateIamInstanceProfile', {
          AssociationId: resolved?.associationId ?? `<association of ${profileName}>`,
        }),
      ]
    : [];
  return [...revoke, ...detach];
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

export function finishingCalls(
  facts: InstanceFacts,
  params: QuarantineParams,
  labels: RunLabels,
): PlannedCall[] {
  const id = facts.instanceId;
  const snapshot = params.snapshot
    ? [
        ec2('CreateSnapshots', {
          InstanceSpecification: { InstanceId: id, ExcludeBootVolume: false },
          Description: `parry forensic snapshot of ${id} (${labels.playbook})`,
          CopyTagsFromSource: 'volume',
          TagSpecifications: [{ ResourceType: 'snapshot', Tags: quarantineTags(labels) }],
        }),
      ]
    : [];
  const stop = params.stop ? [ec2('StopInstances', { InstanceIds: [id] })] : [];
  return [
    ...snapshot,
    ec2('CreateTags', { Resources: [id], Tags: quarantineTags(labels) }),
    ...stop,
  ];
}

/**
 * Every call of a quarantine, in the order it runs: describe, contain the
 * network first, then preserve evidence, leave the Auto Scaling group, cut
 * the instance's credentials, snapshot and tag.
 */
export function quarantineCalls(
  facts: InstanceFacts,
  context: PlanContext<QuarantineParams>,
  finding: string,
): PlannedCall[] {
  const { params, now, playbook } = context;
  const labels = { playbook: playbook.name, finding, now };
  return [
    ec2('DescribeInstances', { InstanceIds: [facts.instanceId] }),
    ...vpcLookups(facts),
    ...isolationCalls(facts, placeholderGroups),
    ec2('CreateTags', { Resources: [facts.instanceId], Tags: originalGroupsTags(facts.enis) }),
    ...preservationCalls(facts),
    ...(params['asg-standby'] ? standbyCalls(facts) : []),
    ...profileCalls(facts, params, now),
    ...finishingCalls(facts, params, labels),
  ];
}

const vpcLookups = (facts: InstanceFacts): PlannedCall[] =>
  [...new Set(facts.enis.map((eni) => eni.vpcId))].map(findGroupsCall);
