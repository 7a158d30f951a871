import {
  getRevokePolicyCall,
  getRoleCall,
  REVOKE_POLICY_NAME,
  revokeOlderSessionsPolicy,
} from '../role-sessions.js';
import type { PlanContext, PlannedCall } from '../types.js';
import { ASG_TAG, type InstanceFacts } from './facts.js';
import {
  createGroupCall,
  FRESH_UNTRACK_MISSING,
  findGroupsCall,
  isolationGroupName,
  isVpcId,
  LOOK_AHEAD_VPCS,
  openRuleCalls,
  revokeDefaultEgressCalls,
  untrackGroupName,
} from './groups.js';
import type { QuarantineParams } from './params.js';
import {
  FINDING_TAG,
  findingTagValue,
  PLAYBOOK_TAG,
  PROFILE_TAG,
  QUARANTINED_TAG,
  type QuarantineStart,
  quarantineStart,
} from './resume.js';
import { type Flow, par, seq, startOrder } from './schedule.js';
import { hasOriginalGroupsTag, originalGroupsOf, originalGroupsTags } from './tags.js';

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
    // Appended in place: copying the list per ENI made 80k ENIs take minutes.
    const list = byVpc.get(eni.vpcId);
    if (list) list.push(eni);
    else byVpc.set(eni.vpcId, [eni]);
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
 * The VPCs whose groups are looked up (and created) at once with
 * DescribeInstances: those the event shows an ENI to contain in, well-formed
 * and at most `LOOK_AHEAD_VPCS`. DescribeInstances then says which VPCs the
 * ENIs are really in; a VPC it shows that the event did not costs a round.
 * @example vpcsToLookAhead(fromEvent) // ['vpc-0c1d2e3f4a5b6c7d8']
 */
export const vpcsToLookAhead = (facts: InstanceFacts): string[] =>
  [...enisToContain(facts).keys()].filter(isVpcId).slice(0, LOOK_AHEAD_VPCS);

/** Both groups of a VPC looked up and created at once: one round, whether they exist or not. */
const lookupFlow = (vpcId: string): Flow =>
  par(
    findGroupsCall(vpcId),
    createGroupCall('untrack', vpcId),
    createGroupCall('isolation', vpcId),
  );

/**
 * After the lookup, as if both groups were just created (a plan cannot know):
 * the untrack group opened and the isolation group emptied at once, then the
 * swaps of every ENI.
 */
function readyAndSwapFlow(vpcId: string, enis: Eni[]): Flow {
  const untrackId = `<${untrackGroupName(vpcId)}>`;
  const isolationId = `<${isolationGroupName(vpcId)}>`;
  return seq(
    par(
      ...openRuleCalls(untrackId, FRESH_UNTRACK_MISSING, untrackGroupName(vpcId)),
      ...revokeDefaultEgressCalls(isolationId, isolationGroupName(vpcId)),
    ),
    par(...enis.map((eni) => eniSwapFlow(eni, untrackId, isolationId))),
  );
}

/** The preservation attributes, one per ModifyInstanceAttribute call. */
export type Preservation =
  | 'termination protection'
  | 'shutdown behaviour'
  | 'delete on termination';

/** The attribute DescribeInstanceAttribute reads for each, when a resumed run checks it. */
export const PRESERVATION_ATTRIBUTE = {
  'termination protection': 'disableApiTermination',
  'shutdown behaviour': 'instanceInitiatedShutdownBehavior',
} as const;

export const describeAttributeCall = (
  instanceId: string,
  attribute: (typeof PRESERVATION_ATTRIBUTE)[keyof typeof PRESERVATION_ATTRIBUTE],
): PlannedCall =>
  ec2(
    'DescribeInstanceAttribute',
    { InstanceId: instanceId, Attribute: attribute },
    'if an earlier run of this quarantine may have set it',
  );

/** The EBS volumes still deleted on termination (DescribeInstances tells), or all when unknown. */
const volumesToKeep = (facts: InstanceFacts) =>
  facts.volumes?.filter((v) => v.deleteOnTermination !== false) ?? [
    { deviceName: '<each EBS device from DescribeInstances>' },
  ];

/**
 * Evidence: the instance can be neither terminated nor lose its volumes.
 * @example preservationCalls(facts).map(([step]) => step) // ['termination protection', ...]
 */
export function preservationCalls(facts: InstanceFacts): [Preservation, PlannedCall][] {
  const id = facts.instanceId;
  const volumes = volumesToKeep(facts);
  return [
    [
      'termination protection',
      ec2('ModifyInstanceAttribute', { InstanceId: id, DisableApiTermination: { Value: true } }),
    ],
    [
      'shutdown behaviour',
      ec2('ModifyInstanceAttribute', {
        InstanceId: id,
        InstanceInitiatedShutdownBehavior: { Value: 'stop' },
      }),
    ],
    ...(volumes.length > 0
      ? [
          [
            'delete on termination',
            ec2('ModifyInstanceAttribute', {
              InstanceId: id,
              BlockDeviceMappings: volumes.map((v) => ({
                DeviceName: v.deviceName,
                Ebs: { DeleteOnTermination: false },
              })),
            }),
          ] as [Preservation, PlannedCall],
        ]
      : []),
  ];
}

/** A first run sets the attributes; a resumed one reads the two DescribeInstances does not show first. */
function preservationFlows(facts: InstanceFacts, start: QuarantineStart): Flow[] {
  return preservationCalls(facts).map(([step, call]) => {
    if (!start.resumed || step === 'delete on termination') return call;
    return seq(describeAttributeCall(facts.instanceId, PRESERVATION_ATTRIBUTE[step]), {
      ...call,
      condition: 'if not set already',
    });
  });
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
export const revokeSessionsCall = (
  roleName: string,
  now: Date,
  condition?: string,
): PlannedCall => ({
  service: 'IAM',
  operation: 'PutRolePolicy',
  input: {
    RoleName: roleName,
    PolicyName: REVOKE_POLICY_NAME,
    PolicyDocument: revokeOlderSessionsPolicy(now),
  },
  ...(condition ? { condition } : {}),
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

/**
 * The profile whose role's sessions to revoke: the one attached now, else
 * the one an earlier run of this quarantine recorded before detaching it.
 * Never the event's: every decision is made on the instance as it is now.
 */
export const profileToRevoke = (facts: InstanceFacts): string | undefined =>
  facts.profileArn ?? facts.tags[PROFILE_TAG];

const NOT_PROTECTED = "if the role is neither parry's own nor tagged exempt";

/**
 * Revoking the role's sessions and detaching the profile are independent
 * chains. The role is read first (GetRole: its tags) and, on a resumed run,
 * its revoke policy (recent enough is done).
 */
export function profileFlows(
  facts: InstanceFacts,
  params: QuarantineParams,
  now: Date,
  start: QuarantineStart,
): Flow[] {
  const revokeProfile = profileToRevoke(facts);
  const role = revokeProfile ? `<role of instance profile ${profileNameOf(revokeProfile)}>` : '';
  const revoke =
    revokeProfile && params['revoke-role-sessions']
      ? [
          seq(
            getInstanceProfileCall(profileNameOf(revokeProfile)),
            par(
              getRoleCall(role),
              ...(start.resumed ? [getRevokePolicyCall(role, 'if resuming: issued since')] : []),
            ),
            revokeSessionsCall(
              role,
              now,
              start.resumed
                ? `${NOT_PROTECTED}, and its revoke policy predates this quarantine`
                : NOT_PROTECTED,
            ),
          ),
        ]
      : [];
  const detach =
    facts.profileArn && params['detach-instance-profile']
      ? [
          seq(
            describeAssociationsCall(facts.instanceId),
            disassociateCall(`<association of ${profileNameOf(facts.profileArn)}>`),
          ),
        ]
      : [];
  return [...revoke, ...detach];
}

export interface RunLabels {
  playbook: string;
  finding: string;
  /** The time of the quarantine (`parry:quarantined`): the first run's, on a resumed one. */
  quarantined: string;
}

export const quarantineTags = (labels: RunLabels) => [
  { Key: QUARANTINED_TAG, Value: labels.quarantined },
  { Key: PLAYBOOK_TAG, Value: labels.playbook },
  { Key: FINDING_TAG, Value: findingTagValue(labels.finding) },
];

/**
 * The tags a run writes on the instance: the original groups (unless an
 * earlier run recorded them: never overwritten), what quarantined it, and
 * its instance profile. A resumed run writes only what is missing, so it
 * never rewrites the first run's record.
 * @example instanceTags(facts, labels, start).map((t) => t.Key) // ['parry:original-groups', 'parry:quarantined', ...]
 */
export function instanceTags(
  facts: InstanceFacts,
  labels: RunLabels,
  start: QuarantineStart,
): { Key: string; Value: string }[] {
  const wanted = [
    ...(hasOriginalGroupsTag(facts.tags) ? [] : originalGroupsTags(originalGroupsOf(facts.enis))),
    ...quarantineTags(labels),
    ...(facts.profileArn ? [{ Key: PROFILE_TAG, Value: facts.profileArn }] : []),
  ];
  if (!start.resumed) return wanted;
  return wanted.filter(
    (t) =>
      !Object.hasOwn(facts.tags, t.Key) || (t.Key === PROFILE_TAG && facts.tags[t.Key] !== t.Value),
  );
}

/** One tagging call of the instance, with the tags `instanceTags` gives. */
export const tagCall = (
  facts: InstanceFacts,
  tags: { Key: string; Value: string }[],
): PlannedCall => ec2('CreateTags', { Resources: [facts.instanceId], Tags: tags });

/** Crash-consistent snapshots of every EBS volume, tagged with the quarantine. */
export const snapshotCall = (
  instanceId: string,
  labels: RunLabels,
  condition?: string,
): PlannedCall =>
  ec2(
    'CreateSnapshots',
    {
      InstanceSpecification: { InstanceId: instanceId, ExcludeBootVolume: false },
      Description: `parry forensic snapshot of ${instanceId} (${labels.playbook})`,
      CopyTagsFromSource: 'volume',
      TagSpecifications: [{ ResourceType: 'snapshot', Tags: quarantineTags(labels) }],
    },
    condition,
  );

/** The snapshots this quarantine took already, of the instance's volumes now. */
export const findSnapshotsCall = (volumeIds: readonly string[], quarantined: string): PlannedCall =>
  ec2(
    'DescribeSnapshots',
    {
      OwnerIds: ['self'],
      Filters: [
        { Name: 'volume-id', Values: [...volumeIds] },
        { Name: `tag:${QUARANTINED_TAG}`, Values: [quarantined] },
      ],
    },
    'if resuming an earlier run of this quarantine',
  );

export const stopCall = (instanceId: string): PlannedCall =>
  ec2('StopInstances', { InstanceIds: [instanceId] }, 'if the instance is not stopped already');

/**
 * Stopping waits for the snapshot call (its point in time is taken when it
 * returns) and for Standby (a stopped InService instance fails its health
 * check and Auto Scaling terminates it).
 */
export function evidenceFlow(
  facts: InstanceFacts,
  params: QuarantineParams,
  labels: RunLabels,
  start: QuarantineStart,
) {
  const snapshot = start.resumed
    ? seq(
        findSnapshotsCall(
          facts.volumes?.map((v) => v.volumeId) ?? ['<each EBS volume>'],
          labels.quarantined,
        ),
        snapshotCall(
          facts.instanceId,
          labels,
          'if a volume has no snapshot of this quarantine yet',
        ),
      )
    : snapshotCall(facts.instanceId, labels);
  return seq(
    par(standbyFlow(facts, params), ...(params.snapshot ? [snapshot] : [])),
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

/** The instance's ENIs with their tags (DescribeInstances lists no ENI tags). */
export const describeEnisCall = (instanceId: string): PlannedCall =>
  ec2('DescribeNetworkInterfaces', {
    Filters: [{ Name: 'attachment.instance-id', Values: [instanceId] }],
  });

/**
 * Every call of a quarantine as a flow: the instance, its ENIs and the
 * groups of the VPCs the event names at once; then at once network
 * containment (started first), tags, preservation, Standby, snapshot (then
 * stop), and the instance's credentials. On a resumed quarantine (the event
 * shows an earlier run's tags), the steps read their own effect first.
 *
 * A flow is a tree: the swaps also wait for DescribeInstances, which answers
 * before the lookup made after it when every call takes as long, so the
 * order is the same.
 */
export function quarantineFlow(
  facts: InstanceFacts,
  context: PlanContext<QuarantineParams>,
  finding: string,
): Flow {
  const { params, now, playbook } = context;
  const start = quarantineStart(facts, finding, now);
  const labels = { playbook: playbook.name, finding, quarantined: start.tag };
  const known = facts.enis.length > 0 ? facts : { ...facts, enis: [UNKNOWN_ENI] };
  const ahead = new Set(vpcsToLookAhead(known));
  const byVpc = [...enisToContain(known)];
  const lookedUpAhead = byVpc
    .filter(([vpc]) => ahead.has(vpc))
    .map(([vpc, enis]) => seq(lookupFlow(vpc), readyAndSwapFlow(vpc, enis)));
  const lookedUpAfter = byVpc
    .filter(([vpc]) => !ahead.has(vpc))
    .map(([vpc, enis]) => seq(lookupFlow(vpc), readyAndSwapFlow(vpc, enis)));
  const tags = instanceTags(known, labels, start);
  return par(
    seq(
      par(describeInstanceCall(facts.instanceId), describeEnisCall(facts.instanceId)),
      par(
        par(...lookedUpAfter),
        ...(tags.length > 0 ? [tagCall(known, tags)] : []),
        ...preservationFlows(facts, start),
        evidenceFlow(facts, params, labels, start),
        ...profileFlows(facts, params, now, start),
      ),
    ),
    ...lookedUpAhead,
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

const SHARED_GROUP_CALLS = new Set([
  'DescribeSecurityGroups',
  'CreateSecurityGroup',
  'AuthorizeSecurityGroupIngress',
  'AuthorizeSecurityGroupEgress',
  'RevokeSecurityGroupEgress',
]);

/**
 * The calls of several instances' plans, each VPC's group calls once: the
 * instances of one run share their VPCs' groups.
 * @example sharedGroupCallsOnce([...planA.calls, ...planB.calls])
 */
export function sharedGroupCallsOnce(calls: readonly PlannedCall[]): PlannedCall[] {
  const seen = new Set<string>();
  return calls.filter((call) => {
    if (!SHARED_GROUP_CALLS.has(call.operation)) return true;
    const key = `${call.operation} ${JSON.stringify(call.input)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
