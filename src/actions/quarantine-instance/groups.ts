import type { PlannedCall } from '../types.js';

export const untrackGroupName = (vpcId: string): string => `parry-untrack-${vpcId}`;
export const isolationGroupName = (vpcId: string): string => `parry-isolation-${vpcId}`;

const ALL_TRAFFIC_OPEN = [
  { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
];
const groupTags = (name: string, role: string) => [
  {
    ResourceType: 'security-group',
    Tags: [
      { Key: 'Name', Value: name },
      { Key: 'parry:role', Value: role },
    ],
  },
];

export const findGroupsCall = (vpcId: string): PlannedCall => ({
  service: 'EC2',
  operation: 'DescribeSecurityGroups',
  input: {
    Filters: [
      { Name: 'vpc-id', Values: [vpcId] },
      { Name: 'group-name', Values: [untrackGroupName(vpcId), isolationGroupName(vpcId)] },
    ],
  },
});

/**
 * Creating the untrack group: every flow allowed in and out, so that EC2 stops
 * tracking connections; once the isolation group replaces it, they are cut at once.
 */
export function createUntrackGroupCalls(vpcId: string, groupId: string): PlannedCall[] {
  const name = untrackGroupName(vpcId);
  const condition = `if ${name} does not exist`;
  return [
    {
      service: 'EC2',
      operation: 'CreateSecurityGroup',
      input: {
        GroupName: name,
        Description: 'parry: untracked all-traffic group used for an instant quarantine',
        VpcId: vpcId,
        TagSpecifications: groupTags(name, 'untrack'),
      },
      condition,
    },
    {
      service: 'EC2',
      operation: 'AuthorizeSecurityGroupIngress',
      input: { GroupId: groupId, IpPermissions: ALL_TRAFFIC_OPEN },
      condition,
    },
    {
      service: 'EC2',
      operation: 'AuthorizeSecurityGroupEgress',
      input: {
        GroupId: groupId,
        IpPermissions: [{ IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] }],
      },
      condition,
    },
  ];
}

/** Creating the isolation group: no rule at all, so the default egress rule is revoked. */
export function createIsolationGroupCalls(vpcId: string, groupId: string): PlannedCall[] {
  const name = isolationGroupName(vpcId);
  const condition = `if ${name} does not exist`;
  return [
    {
      service: 'EC2',
      operation: 'CreateSecurityGroup',
      input: {
        GroupName: name,
        Description: 'parry: isolation group with no rules',
        VpcId: vpcId,
        TagSpecifications: groupTags(name, 'isolation'),
      },
      condition,
    },
    {
      service: 'EC2',
      operation: 'RevokeSecurityGroupEgress',
      input: {
        GroupId: groupId,
        IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      },
      condition,
    },
  ];
}
