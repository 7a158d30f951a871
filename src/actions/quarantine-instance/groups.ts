import type { PlannedCall } from '../types.js';

export const untrackGroupName = (vpcId: string): string => `parry-untrack-${vpcId}`;
export const isolationGroupName = (vpcId: string): string => `parry-isolation-${vpcId}`;

export type GroupKind = 'untrack' | 'isolation';
export const groupName = (kind: GroupKind, vpcId: string): string =>
  kind === 'untrack' ? untrackGroupName(vpcId) : isolationGroupName(vpcId);

/** The parts of an EC2 `IpPermission` parry reads (the SDK type fits this shape). */
export interface Permission {
  IpProtocol?: string;
  FromPort?: number;
  ToPort?: number;
  IpRanges?: { CidrIp?: string }[];
  Ipv6Ranges?: { CidrIpv6?: string }[];
  PrefixListIds?: { PrefixListId?: string }[];
  UserIdGroupPairs?: { GroupId?: string; UserId?: string }[];
}

/** A security group as DescribeSecurityGroups returns it. */
export interface DescribedGroup {
  GroupId?: string;
  GroupName?: string;
  IpPermissions?: Permission[];
  IpPermissionsEgress?: Permission[];
}

const ANYWHERE_V4 = '0.0.0.0/0';
const ANYWHERE_V6 = '::/0';
export type Anywhere = typeof ANYWHERE_V4 | typeof ANYWHERE_V6;

/** Which all-traffic rules the untrack group still lacks, per direction. */
export interface MissingOpenRules {
  ingress: Anywhere[];
  egress: Anywhere[];
}

/** What a group that was just created lacks: AWS already added the IPv4 all-traffic egress rule. */
export const FRESH_UNTRACK_MISSING: MissingOpenRules = {
  ingress: [ANYWHERE_V4, ANYWHERE_V6],
  egress: [ANYWHERE_V6],
};

const groupTags = (name: string, kind: GroupKind) => [
  {
    ResourceType: 'security-group',
    Tags: [
      { Key: 'Name', Value: name },
      { Key: 'parry:role', Value: kind },
    ],
  },
];

const DESCRIPTIONS: Record<GroupKind, string> = {
  untrack: 'parry: untracked all-traffic group used for an instant quarantine',
  isolation: 'parry: isolation group with no rules',
};

const ec2 = (operation: string, input: Record<string, unknown>, condition?: string): PlannedCall =>
  condition === undefined
    ? { service: 'EC2', operation, input }
    : { service: 'EC2', operation, input, condition };

/**
 * Finds both parry groups of a VPC in one call.
 * @example findGroupsCall('vpc-1').input.Filters
 */
export const findGroupsCall = (vpcId: string): PlannedCall =>
  ec2('DescribeSecurityGroups', {
    Filters: [
      { Name: 'vpc-id', Values: [vpcId] },
      { Name: 'group-name', Values: [untrackGroupName(vpcId), isolationGroupName(vpcId)] },
    ],
  });

/**
 * Made at once with `findGroupsCall`, before parry knows whether the group
 * exists: a new VPC's groups then cost no round of their own, and an
 * existing group answers `InvalidGroup.Duplicate`, which is fine.
 * @example createGroupCall('isolation', 'vpc-1').input.GroupName // 'parry-isolation-vpc-1'
 */
export function createGroupCall(kind: GroupKind, vpcId: string): PlannedCall {
  const name = groupName(kind, vpcId);
  return ec2(
    'CreateSecurityGroup',
    {
      GroupName: name,
      Description: DESCRIPTIONS[kind],
      VpcId: vpcId,
      TagSpecifications: groupTags(name, kind),
    },
    `with the lookup: if ${name} exists, InvalidGroup.Duplicate is fine`,
  );
}

/**
 * A VPC id as EC2 writes it. The event's VPC ids are attacker-controlled:
 * only a well-formed one is looked up ahead.
 * @example isVpcId('vpc-0c1d2e3f4a5b6c7d8') // true
 */
export const isVpcId = (value: string): boolean => /^vpc-[0-9a-f]{8,17}$/.test(value);

/** At most this many VPCs of one run are looked up ahead from the event (an instance's ENIs are in one, rarely more). */
export const LOOK_AHEAD_VPCS = 4;

const allTraffic = (cidrs: Anywhere[]): Record<string, unknown> => {
  const v4 = cidrs.filter((c) => c === ANYWHERE_V4).map((CidrIp) => ({ CidrIp }));
  const v6 = cidrs.filter((c) => c === ANYWHERE_V6).map((CidrIpv6) => ({ CidrIpv6 }));
  return {
    IpProtocol: '-1',
    ...(v4.length > 0 ? { IpRanges: v4 } : {}),
    ...(v6.length > 0 ? { Ipv6Ranges: v6 } : {}),
  };
};

/**
 * Opens the untrack group to all traffic both ways: a flow allowed from and
 * to anywhere is not tracked, so the isolation group that replaces it cuts it.
 * @example openRuleCalls('sg-1', FRESH_UNTRACK_MISSING, 'parry-untrack-vpc-1')
 */
export function openRuleCalls(
  groupId: string,
  missing: MissingOpenRules,
  name: string,
): PlannedCall[] {
  const condition = `if ${name} lacks it (InvalidPermission.Duplicate is fine)`;
  return [
    ...(missing.ingress.length > 0
      ? [
          ec2(
            'AuthorizeSecurityGroupIngress',
            { GroupId: groupId, IpPermissions: [allTraffic(missing.ingress)] },
            condition,
          ),
        ]
      : []),
    ...(missing.egress.length > 0
      ? [
          ec2(
            'AuthorizeSecurityGroupEgress',
            { GroupId: groupId, IpPermissions: [allTraffic(missing.egress)] },
            condition,
          ),
        ]
      : []),
  ];
}

const opensTo = (permissions: Permission[] | undefined, cidr: Anywhere): boolean =>
  (permissions ?? []).some(
    (p) =>
      p.IpProtocol === '-1' &&
      (cidr === ANYWHERE_V4
        ? (p.IpRanges ?? []).some((r) => r.CidrIp === cidr)
        : (p.Ipv6Ranges ?? []).some((r) => r.CidrIpv6 === cidr)),
  );

/**
 * The all-traffic rules an existing untrack group lacks (someone removed
 * them, or an earlier run stopped between creating and opening it).
 * @example missingOpenRules({ IpPermissions: [] }).ingress // ['0.0.0.0/0', '::/0']
 */
export function missingOpenRules(group: DescribedGroup): MissingOpenRules {
  const both: Anywhere[] = [ANYWHERE_V4, ANYWHERE_V6];
  return {
    ingress: both.filter((cidr) => !opensTo(group.IpPermissions, cidr)),
    egress: both.filter((cidr) => !opensTo(group.IpPermissionsEgress, cidr)),
  };
}

const present = <T>(list: T[]): T[] | undefined => (list.length > 0 ? list : undefined);

/** A described rule as Revoke* accepts it: descriptions and empty lists dropped. */
function revocable(p: Permission): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    IpProtocol: p.IpProtocol,
    FromPort: p.FromPort,
    ToPort: p.ToPort,
    IpRanges: present((p.IpRanges ?? []).flatMap((r) => (r.CidrIp ? [{ CidrIp: r.CidrIp }] : []))),
    Ipv6Ranges: present(
      (p.Ipv6Ranges ?? []).flatMap((r) => (r.CidrIpv6 ? [{ CidrIpv6: r.CidrIpv6 }] : [])),
    ),
    PrefixListIds: present(
      (p.PrefixListIds ?? []).flatMap((r) =>
        r.PrefixListId ? [{ PrefixListId: r.PrefixListId }] : [],
      ),
    ),
    UserIdGroupPairs: present(
      (p.UserIdGroupPairs ?? []).flatMap((r) =>
        r.GroupId ? [{ GroupId: r.GroupId, ...(r.UserId ? { UserId: r.UserId } : {}) }] : [],
      ),
    ),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

/**
 * Empties the isolation group: whatever rules it has (the default egress
 * rules AWS adds, or rules someone added later) would let traffic through.
 * @example revokeRuleCalls('sg-1', { IpPermissionsEgress: [defaultEgress] }, 'parry-isolation-vpc-1')
 */
export function revokeRuleCalls(
  groupId: string,
  group: DescribedGroup,
  name: string,
): PlannedCall[] {
  const ingress = (group.IpPermissions ?? []).map(revocable);
  const egress = (group.IpPermissionsEgress ?? []).map(revocable);
  const condition = `if ${name} has any (InvalidPermission.NotFound is fine)`;
  return [
    ...(ingress.length > 0
      ? [ec2('RevokeSecurityGroupIngress', { GroupId: groupId, IpPermissions: ingress }, condition)]
      : []),
    ...(egress.length > 0
      ? [ec2('RevokeSecurityGroupEgress', { GroupId: groupId, IpPermissions: egress }, condition)]
      : []),
  ];
}

/**
 * Empties a group parry just created, without describing it: "new security
 * groups start with only an outbound rule that allows all traffic to leave
 * the resource" (Amazon VPC user guide, "Create a security group",
 * https://docs.aws.amazon.com/vpc/latest/userguide/creating-security-groups.html).
 * That rule is revoked for IPv4 and, in its own call, for IPv6: a VPC with an
 * IPv6 block may give new groups a `::/0` rule too (as its default group
 * has, https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html),
 * and a revoke naming a rule that is absent fails whole (InvalidPermission.NotFound
 * is fine, so the IPv4 revoke must not wait on it).
 * @example revokeDefaultEgressCalls('sg-1', 'parry-isolation-vpc-1').length // 2
 */
export function revokeDefaultEgressCalls(groupId: string, name: string): PlannedCall[] {
  const condition = `if ${name} was just created (InvalidPermission.NotFound is fine)`;
  const both: Anywhere[] = [ANYWHERE_V4, ANYWHERE_V6];
  return both.map((cidr) =>
    ec2(
      'RevokeSecurityGroupEgress',
      { GroupId: groupId, IpPermissions: [allTraffic([cidr])] },
      condition,
    ),
  );
}
