import {
  DescribeIamInstanceProfileAssociationsCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { GetRolePolicyCommand, IAMClient, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { revokedBefore } from '../../../src/actions/role-sessions.js';
import { clientConfig, type Keys } from './aws.js';
import type { LoggedCall, Moto } from './moto.js';
import type { WebInstance } from './world.js';

/** What a quarantine leaves on an instance, as moto describes it: the test compares these. */
export interface QuarantineState {
  /** Group names of each ENI, in the order of `web.enis`. */
  eniGroups: string[][];
  isolationRules: { ingress: number; egress: number };
  untrackOpen: { ingress: string[]; egress: string[] };
  tags: Record<string, string>;
  terminationProtection: boolean | undefined;
  shutdownBehaviour: string | undefined;
  deleteOnTermination: (boolean | undefined)[];
  /** Per volume, the `parry:quarantined` values of its snapshots. */
  snapshots: string[][];
  /** The role's inline policies, and when its revoke policy denies sessions from. */
  rolePolicies: string[];
  revokedBefore: string | undefined;
  associations: number;
}

const cidrs = (
  rules: { IpRanges?: { CidrIp?: string }[]; Ipv6Ranges?: { CidrIpv6?: string }[] }[],
) =>
  rules
    .flatMap((r) => [
      ...(r.IpRanges ?? []).map((x) => x.CidrIp ?? ''),
      ...(r.Ipv6Ranges ?? []).map((x) => x.CidrIpv6 ?? ''),
    ])
    .sort();

/**
 * Describes everything a quarantine changes on `web`, with the suite's own
 * (not parry's) credentials.
 * @example expect(await quarantineState(moto(), web)).toEqual(afterFirstRun)
 */
export async function quarantineState(
  moto: Moto,
  web: WebInstance,
  keys?: Keys,
): Promise<QuarantineState> {
  const ec2 = new EC2Client(clientConfig(moto, keys));
  const iam = new IAMClient(clientConfig(moto, keys));
  const described = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [web.instanceId] }));
  const instance = described.Reservations?.[0]?.Instances?.[0];
  const groups = await ec2.send(
    new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [web.vpcId] }] }),
  );
  const named = (name: string) => groups.SecurityGroups?.find((g) => g.GroupName === name);
  const isolation = named(`parry-isolation-${web.vpcId}`);
  const untrack = named(`parry-untrack-${web.vpcId}`);
  const attribute = async (
    Attribute: 'disableApiTermination' | 'instanceInitiatedShutdownBehavior',
  ) => ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: web.instanceId, Attribute }));
  const snapshots = await ec2.send(
    new DescribeSnapshotsCommand({
      OwnerIds: ['self'],
      Filters: [{ Name: 'volume-id', Values: web.volumeIds }],
    }),
  );
  const policies = await iam.send(new ListRolePoliciesCommand({ RoleName: web.roleName }));
  const revoke = (policies.PolicyNames ?? []).includes('AWSRevokeOlderSessions')
    ? await iam.send(
        new GetRolePolicyCommand({ RoleName: web.roleName, PolicyName: 'AWSRevokeOlderSessions' }),
      )
    : undefined;
  const associations = await ec2.send(
    new DescribeIamInstanceProfileAssociationsCommand({
      Filters: [
        { Name: 'instance-id', Values: [web.instanceId] },
        { Name: 'state', Values: ['associating', 'associated'] },
      ],
    }),
  );
  const eniGroups = web.enis.map((eni) => {
    const found = instance?.NetworkInterfaces?.find((n) => n.NetworkInterfaceId === eni.id);
    return (found?.Groups ?? []).map((g) => g.GroupName ?? g.GroupId ?? '');
  });
  return {
    eniGroups,
    isolationRules: {
      ingress: isolation?.IpPermissions?.length ?? -1,
      egress: isolation?.IpPermissionsEgress?.length ?? -1,
    },
    untrackOpen: {
      ingress: cidrs(untrack?.IpPermissions ?? []),
      egress: cidrs(untrack?.IpPermissionsEgress ?? []),
    },
    tags: Object.fromEntries(
      (instance?.Tags ?? [])
        .filter((t) => t.Key?.startsWith('parry:'))
        .map((t) => [t.Key ?? '', t.Value ?? '']),
    ),
    terminationProtection: (await attribute('disableApiTermination')).DisableApiTermination?.Value,
    shutdownBehaviour: (await attribute('instanceInitiatedShutdownBehavior'))
      .InstanceInitiatedShutdownBehavior?.Value,
    deleteOnTermination: web.volumeIds.map(
      (id) =>
        instance?.BlockDeviceMappings?.find((m) => m.Ebs?.VolumeId === id)?.Ebs
          ?.DeleteOnTermination,
    ),
    snapshots: web.volumeIds.map((id) =>
      (snapshots.Snapshots ?? [])
        .filter((s) => s.VolumeId === id)
        .map((s) => s.Tags?.find((t) => t.Key === 'parry:quarantined')?.Value ?? '(untagged)'),
    ),
    rolePolicies: [...(policies.PolicyNames ?? [])].sort(),
    revokedBefore: revokedBefore(revoke?.PolicyDocument)?.toISOString(),
    associations: associations.IamInstanceProfileAssociations?.length ?? 0,
  };
}

/**
 * Whether a logged request only reads: a query or JSON operation named
 * Describe, Get or List (`CloudTrail_20131101.GetTrailStatus` is named after
 * its dot), or a REST GET or HEAD (S3).
 */
const readsOnly = (call: LoggedCall): boolean => {
  const rest = /^(GET|HEAD|PUT|POST|DELETE) /.exec(call.op);
  if (rest) return rest[1] === 'GET' || rest[1] === 'HEAD';
  return /^(Describe|Get|List)/.test(call.op.split('.').pop() ?? '');
};

/**
 * The calls of the log that could change state, other than STS: what a run
 * that must change nothing may not contain.
 * @example expect(changingCalls(moto().calls())).toEqual([])
 */
export const changingCalls = (calls: readonly LoggedCall[]): string[] =>
  calls.filter((c) => c.svc !== 'sts' && !readsOnly(c)).map((c) => `${c.svc} ${c.op}`);

/**
 * The calls a quarantine of an instance in a VPC with parry's groups makes
 * that changing calls lists though they change nothing: both groups are
 * created with the lookup, and AWS answers InvalidGroup.Duplicate.
 * @example expect(changingCalls(calls)).toEqual(DUPLICATE_CREATIONS)
 */
export const DUPLICATE_CREATIONS = ['ec2 CreateSecurityGroup', 'ec2 CreateSecurityGroup'];

/** How each CreateSecurityGroup of the log was answered: `InvalidGroup.Duplicate`, or '' when it created one. */
export const creationAnswers = (calls: readonly LoggedCall[]): string[] =>
  calls.filter((c) => c.op === 'CreateSecurityGroup').map((c) => c.err);
