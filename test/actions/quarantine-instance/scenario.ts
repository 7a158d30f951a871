import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSnapshotsCommand,
  CreateTagsCommand,
  DescribeIamInstanceProfileAssociationsCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  type DescribeInstancesCommandOutput,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  DisassociateIamInstanceProfileCommand,
  ModifyInstanceAttributeCommand,
  ModifyNetworkInterfaceAttributeCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  type SecurityGroup,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  GetInstanceProfileCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { revokeOlderSessionsPolicy } from '../../../src/actions/role-sessions.js';
import { ec2, fails, ISOLATION_ID, iam, instanceFixture, reply, UNTRACK_ID } from './support.js';

export const WEB = {
  instanceId: 'i-0a1b2c3d4e5f60718',
  primaryEni: 'eni-0f1e2d3c4b5a69788',
  secondEni: 'eni-0a9b8c7d6e5f40312',
  vpc: 'vpc-0c1d2e3f4a5b6c7d8',
  profileArn: 'arn:aws:iam::111122223333:instance-profile/web-app-ec2',
  role: 'web-app-role',
  association: 'iip-assoc-0a1b2c3d4e5f60718',
  finding: '51ea40b07088b482c23174d06cde3e3a',
  snapshots: ['snap-0a1b2c3d4e5f60001', 'snap-0a1b2c3d4e5f60002'],
} as const;

export const untrackName = (vpc: string): string => `parry-untrack-${vpc}`;
export const isolationName = (vpc: string): string => `parry-isolation-${vpc}`;

export const findInput = (vpc: string) => ({
  Filters: [
    { Name: 'vpc-id', Values: [vpc] },
    { Name: 'group-name', Values: [untrackName(vpc), isolationName(vpc)] },
  ],
});

const ALL_V4 = { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
const ALL_V6 = { IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] };

/** The egress rules AWS gives a new group: IPv4, and IPv6 too in a VPC with an IPv6 block. */
export const defaultEgress = (ipv6: boolean) => [
  {
    IpProtocol: '-1',
    IpRanges: [{ CidrIp: '0.0.0.0/0' }],
    Ipv6Ranges: ipv6 ? [{ CidrIpv6: '::/0' }] : [],
    PrefixListIds: [],
    UserIdGroupPairs: [],
  },
];

/** A group as DescribeSecurityGroups returns it. */
export const describedGroup = (
  id: string,
  name: string,
  vpc: string,
  rules: {
    ingress?: SecurityGroup['IpPermissions'];
    egress?: SecurityGroup['IpPermissionsEgress'];
  },
): SecurityGroup => ({
  GroupId: id,
  GroupName: name,
  VpcId: vpc,
  OwnerId: '111122223333',
  Description: 'parry',
  IpPermissions: rules.ingress ?? [],
  IpPermissionsEgress: rules.egress ?? [],
});

/** The untrack group as parry leaves it: open to all traffic both ways. */
export const openUntrackGroup = (vpc: string): SecurityGroup =>
  describedGroup(UNTRACK_ID, untrackName(vpc), vpc, {
    ingress: [{ ...ALL_V4, Ipv6Ranges: ALL_V6.Ipv6Ranges }],
    egress: [{ ...ALL_V4, Ipv6Ranges: ALL_V6.Ipv6Ranges }],
  });

export const emptyIsolationGroup = (vpc: string): SecurityGroup =>
  describedGroup(ISOLATION_ID, isolationName(vpc), vpc, {});

/** The instance profile `web-app-ec2` as GetInstanceProfile returns it, with its one role. */
export const instanceProfileWith = (roleName: string) => ({
  InstanceProfile: {
    InstanceProfileName: 'web-app-ec2',
    Arn: WEB.profileArn,
    Path: '/',
    InstanceProfileId: 'AIPAQ3EGRLKTXMPLE4JQ2',
    CreateDate: new Date('2025-06-01T00:00:00Z'),
    Roles: [
      {
        RoleName: roleName,
        Arn: `arn:aws:iam::111122223333:role/${roleName}`,
        Path: '/',
        RoleId: 'AROAQ3EGRLKTXMPLE7AB1',
        CreateDate: new Date('2025-06-01T00:00:00Z'),
      },
    ],
  },
});

/** DescribeNetworkInterfaces of the instance's ENIs, untagged: what the fixtures' instances have. */
export const enisOf = (instance: DescribeInstancesCommandOutput) => ({
  NetworkInterfaces: (instance.Reservations?.[0]?.Instances?.[0]?.NetworkInterfaces ?? []).map(
    (eni) => ({ NetworkInterfaceId: eni.NetworkInterfaceId, VpcId: eni.VpcId, TagSet: [] }),
  ),
});

/** The two revokes that empty a new isolation group (AWS's default egress rules, IPv4 and IPv6). */
export const defaultEgressRevokes = (groupId: string) => [
  { GroupId: groupId, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] },
  { GroupId: groupId, IpPermissions: [{ IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] }] },
];

/**
 * AWS as it is for the first quarantine in an IPv6 VPC: no parry group yet;
 * the new groups get AWS's default egress rules (so authorizing ::/0 egress
 * on the untrack group is a duplicate, and revoking it from the isolation
 * group succeeds; in an IPv4-only VPC that revoke finds no rule); every
 * other call succeeds.
 */
export function firstQuarantine(
  instance: DescribeInstancesCommandOutput = instanceFixture('payments-web-01'),
  vpc: string = WEB.vpc,
  options: { ipv6?: boolean } = {},
): void {
  const ipv6 = options.ipv6 ?? true;
  ec2.on(DescribeInstancesCommand).callsFake(reply(instance));
  ec2.on(DescribeNetworkInterfacesCommand).callsFake(reply(enisOf(instance)));
  ec2.on(DescribeSecurityGroupsCommand, findInput(vpc)).callsFake(reply({ SecurityGroups: [] }));
  ec2
    .on(CreateSecurityGroupCommand, { GroupName: untrackName(vpc) })
    .callsFake(reply({ GroupId: UNTRACK_ID }));
  ec2
    .on(CreateSecurityGroupCommand, { GroupName: isolationName(vpc) })
    .callsFake(reply({ GroupId: ISOLATION_ID }));
  ec2.on(AuthorizeSecurityGroupIngressCommand).callsFake(reply({ Return: true }));
  ec2
    .on(AuthorizeSecurityGroupEgressCommand)
    .callsFake(ipv6 ? fails('InvalidPermission.Duplicate') : reply({ Return: true }));
  ec2.on(RevokeSecurityGroupEgressCommand).callsFake(reply({ Return: true }));
  ec2
    .on(RevokeSecurityGroupEgressCommand, defaultEgressRevokes(ISOLATION_ID)[1])
    .callsFake(ipv6 ? reply({ Return: true }) : fails('InvalidPermission.NotFound'));
  ec2.on(RevokeSecurityGroupIngressCommand).callsFake(reply({ Return: true }));
  ec2.on(ModifyNetworkInterfaceAttributeCommand).callsFake(reply({}));
  ec2.on(CreateTagsCommand).callsFake(reply({}));
  ec2.on(ModifyInstanceAttributeCommand).callsFake(reply({}));
  ec2.on(CreateSnapshotsCommand).callsFake(
    reply({
      Snapshots: WEB.snapshots.map((SnapshotId, i) => ({
        SnapshotId,
        VolumeId: `vol-0a1b2c3d4e5f6000${i + 1}`,
        State: 'pending',
      })),
    }),
  );
  ec2.on(StopInstancesCommand).callsFake(
    reply({
      StoppingInstances: [
        { InstanceId: WEB.instanceId, CurrentState: { Code: 64, Name: 'stopping' } },
      ],
    }),
  );
  iam.on(GetInstanceProfileCommand).callsFake(reply(instanceProfileWith(WEB.role)));
  iam.on(GetRoleCommand).callsFake(
    reply({
      Role: {
        RoleName: WEB.role,
        Arn: `arn:aws:iam::111122223333:role/${WEB.role}`,
        Path: '/',
        RoleId: 'AROAQ3EGRLKTXMPLE7AB1',
        CreateDate: new Date('2025-06-01T00:00:00Z'),
        Tags: [{ Key: 'team', Value: 'payments' }],
      },
    }),
  );
  iam.on(PutRolePolicyCommand).callsFake(reply({}));
  ec2.on(DescribeIamInstanceProfileAssociationsCommand).callsFake(
    reply({
      IamInstanceProfileAssociations: [
        {
          AssociationId: WEB.association,
          InstanceId: WEB.instanceId,
          State: 'associated',
          IamInstanceProfile: { Arn: WEB.profileArn, Id: 'AIPAQ3EGRLKTXMPLE4JQ2' },
        },
      ],
    }),
  );
  ec2.on(DisassociateIamInstanceProfileCommand).callsFake(
    reply({
      IamInstanceProfileAssociation: { AssociationId: WEB.association, State: 'disassociating' },
    }),
  );
}

/**
 * The VPC's parry groups exist already (these, as DescribeSecurityGroups
 * shows them): the creations made with the lookup answer InvalidGroup.Duplicate.
 */
export function groupsExist(
  groups: SecurityGroup[] = [openUntrackGroup(WEB.vpc), emptyIsolationGroup(WEB.vpc)],
  vpc: string = WEB.vpc,
): void {
  ec2
    .on(DescribeSecurityGroupsCommand, findInput(vpc))
    .callsFake(reply({ SecurityGroups: groups }));
  ec2.on(CreateSecurityGroupCommand).callsFake(fails('InvalidGroup.Duplicate'));
}

/** The `parry:quarantined` time of the earlier run the `-quarantined` and `-interrupted` fixtures show. */
export const EARLIER_RUN = '2026-11-22T09:58:00.000Z';

/**
 * What a resumed run reads, as an earlier run of the quarantine left it:
 * by default every effect in place (attributes set, a snapshot of each
 * volume tagged with the quarantine, a revoke policy issued at its start).
 * `undone` lists the effects the earlier run did not leave.
 */
export function earlierRunLeft(
  undone: { snapshots?: boolean; revoke?: 'none' | 'older' } = {},
): void {
  ec2
    .on(DescribeInstanceAttributeCommand, { Attribute: 'disableApiTermination' })
    .callsFake(reply({ InstanceId: WEB.instanceId, DisableApiTermination: { Value: true } }));
  ec2
    .on(DescribeInstanceAttributeCommand, { Attribute: 'instanceInitiatedShutdownBehavior' })
    .callsFake(
      reply({ InstanceId: WEB.instanceId, InstanceInitiatedShutdownBehavior: { Value: 'stop' } }),
    );
  ec2.on(DescribeSnapshotsCommand).callsFake(
    reply({
      Snapshots: undone.snapshots
        ? []
        : WEB.snapshots.map((SnapshotId, i) => ({
            SnapshotId,
            VolumeId: `vol-0a1b2c3d4e5f6000${i + 1}`,
            State: 'completed',
            Tags: [{ Key: 'parry:quarantined', Value: EARLIER_RUN }],
          })),
    }),
  );
  if (undone.revoke === 'none') {
    iam.on(GetRolePolicyCommand).callsFake(fails('NoSuchEntity'));
  } else {
    const issued = undone.revoke === 'older' ? '2026-01-01T00:00:00.000Z' : EARLIER_RUN;
    iam.on(GetRolePolicyCommand).callsFake(
      reply({
        RoleName: WEB.role,
        PolicyName: 'AWSRevokeOlderSessions',
        PolicyDocument: encodeURIComponent(revokeOlderSessionsPolicy(new Date(issued))),
      }),
    );
  }
}
