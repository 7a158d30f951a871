import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSnapshotsCommand,
  DescribeSecurityGroupsCommand,
  DisassociateIamInstanceProfileCommand,
  ModifyInstanceAttributeCommand,
  ModifyNetworkInterfaceAttributeCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { beforeEach, describe, expect, it } from 'vitest';
import { sampleEvent } from '../../helpers/events.js';
import {
  defaultEgress,
  defaultEgressRevokes,
  describedGroup,
  emptyIsolationGroup,
  findInput,
  firstQuarantine,
  groupsExist,
  isolationName,
  openUntrackGroup,
  untrackName,
  WEB,
} from './scenario.js';
import {
  callsOf,
  ec2,
  fails,
  ISOLATION_ID,
  iam,
  operations,
  reply,
  resetMocks,
  runQuarantine,
  toleratedCall,
  UNTRACK_ID,
} from './support.js';

const event = sampleEvent('guardduty/backdoor-ec2-c-and-c-activity.json');
const swap = (eni: string, group: string) => ({ NetworkInterfaceId: eni, Groups: [group] });

/** The containment calls only, in order, with the group or ENI each one is about. */
const containmentCalls = (calls: Awaited<ReturnType<typeof runQuarantine>>['calls']) =>
  calls
    .filter(
      (c) =>
        /SecurityGroup|NetworkInterface/.test(c.operation) &&
        c.operation !== 'DescribeNetworkInterfaces',
    )
    .map((c) => {
      const about = c.input.GroupName ?? c.input.GroupId ?? c.input.NetworkInterfaceId ?? '';
      const groups = Array.isArray(c.input.Groups) ? ` -> ${c.input.Groups.join(',')}` : '';
      const ids = Array.isArray(c.input.GroupIds) ? `ids ${c.input.GroupIds.join(',')}` : '';
      const filter = c.input.Filters ? 'by name' : '';
      return `${c.operation} ${String(about)}${ids}${filter}${groups}${c.status === 'ok' ? '' : ` (${c.status})`}`.trim();
    });

describe('quarantine-instance containment', () => {
  beforeEach(() => {
    resetMocks();
    firstQuarantine();
  });

  it('moves every ENI to the untrack group, then to the isolation group, ENIs at once', async () => {
    const { outcome, calls } = await runQuarantine(event);

    expect(outcome?.status).toBe('succeeded');
    expect(ec2).toHaveReceivedCommandTimes(ModifyNetworkInterfaceAttributeCommand, 4);
    expect(ec2).toHaveReceivedNthCommandWith(
      ModifyNetworkInterfaceAttributeCommand,
      1,
      swap(WEB.primaryEni, UNTRACK_ID),
    );
    expect(ec2).toHaveReceivedNthCommandWith(
      ModifyNetworkInterfaceAttributeCommand,
      2,
      swap(WEB.secondEni, UNTRACK_ID),
    );
    expect(ec2).toHaveReceivedNthCommandWith(
      ModifyNetworkInterfaceAttributeCommand,
      3,
      swap(WEB.primaryEni, ISOLATION_ID),
    );
    expect(ec2).toHaveReceivedNthCommandWith(
      ModifyNetworkInterfaceAttributeCommand,
      4,
      swap(WEB.secondEni, ISOLATION_ID),
    );
    // Never the instance-level groups change, which fails with several ENIs.
    expect(callsOf(calls, 'ModifyInstanceAttribute').filter((c) => 'Groups' in c.input)).toEqual(
      [],
    );
    expect(containmentCalls(calls)).toEqual([
      'DescribeSecurityGroups by name',
      `CreateSecurityGroup ${untrackName(WEB.vpc)}`,
      `CreateSecurityGroup ${isolationName(WEB.vpc)}`,
      `AuthorizeSecurityGroupIngress ${UNTRACK_ID}`,
      `AuthorizeSecurityGroupEgress ${UNTRACK_ID} (tolerated)`,
      `RevokeSecurityGroupEgress ${ISOLATION_ID}`,
      `RevokeSecurityGroupEgress ${ISOLATION_ID}`,
      `ModifyNetworkInterfaceAttribute ${WEB.primaryEni} -> ${UNTRACK_ID}`,
      `ModifyNetworkInterfaceAttribute ${WEB.secondEni} -> ${UNTRACK_ID}`,
      `ModifyNetworkInterfaceAttribute ${WEB.primaryEni} -> ${ISOLATION_ID}`,
      `ModifyNetworkInterfaceAttribute ${WEB.secondEni} -> ${ISOLATION_ID}`,
    ]);
    expect(outcome?.details?.groups).toEqual({
      [WEB.vpc]: { untrack: UNTRACK_ID, isolation: ISOLATION_ID },
    });
    expect(callsOf(calls, 'AuthorizeSecurityGroupEgress').map((c) => c.error)).toEqual([
      'InvalidPermission.Duplicate: InvalidPermission.Duplicate (mocked) (tolerated: rule already present)',
    ]);
    // The IPv6 VPC's duplicate ::/0 egress rule is the state wanted: no call reads as failed.
    expect(calls.filter((c) => c.status === 'failed')).toEqual([]);
  });

  it('creates both groups tagged, in the VPC of the ENIs', async () => {
    await runQuarantine(event);

    expect(ec2).toHaveReceivedCommandWith(DescribeSecurityGroupsCommand, findInput(WEB.vpc));
    for (const [name, role] of [
      [untrackName(WEB.vpc), 'untrack'],
      [isolationName(WEB.vpc), 'isolation'],
    ] as const) {
      expect(ec2).toHaveReceivedCommandWith(CreateSecurityGroupCommand, {
        GroupName: name,
        Description:
          role === 'untrack'
            ? 'parry: untracked all-traffic group used for an instant quarantine'
            : 'parry: isolation group with no rules',
        VpcId: WEB.vpc,
        TagSpecifications: [
          {
            ResourceType: 'security-group',
            Tags: [
              { Key: 'Name', Value: name },
              { Key: 'parry:role', Value: role },
            ],
          },
        ],
      });
    }
  });

  it.each([
    { vpc: 'an IPv6 VPC (AWS adds ::/0 egress to new groups)', ipv6: true, v6Revoke: 'ok' },
    { vpc: 'an IPv4-only VPC', ipv6: false, v6Revoke: 'tolerated' },
  ])(
    'opens the untrack group to 0.0.0.0/0 and ::/0 and empties the isolation group in $vpc, describing neither',
    async ({ ipv6, v6Revoke }) => {
      resetMocks();
      firstQuarantine(undefined, WEB.vpc, { ipv6 });

      const { outcome, calls } = await runQuarantine(event);

      expect(outcome?.status).toBe('succeeded');
      expect(ec2).toHaveReceivedCommandExactlyOnceWith(AuthorizeSecurityGroupIngressCommand, {
        GroupId: UNTRACK_ID,
        IpPermissions: [
          {
            IpProtocol: '-1',
            IpRanges: [{ CidrIp: '0.0.0.0/0' }],
            Ipv6Ranges: [{ CidrIpv6: '::/0' }],
          },
        ],
      });
      // AWS already allows all IPv4 egress; an IPv6 VPC's ::/0 answers Duplicate, which is fine.
      expect(ec2).toHaveReceivedCommandExactlyOnceWith(AuthorizeSecurityGroupEgressCommand, {
        GroupId: UNTRACK_ID,
        IpPermissions: [{ IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] }],
      });
      // A new group's rules are known: no DescribeSecurityGroups by id, each default rule revoked on its own.
      expect(ec2).toHaveReceivedCommandTimes(DescribeSecurityGroupsCommand, 1);
      expect(callsOf(calls, 'RevokeSecurityGroupEgress').map((c) => [c.input, c.status])).toEqual([
        [defaultEgressRevokes(ISOLATION_ID)[0], 'ok'],
        [defaultEgressRevokes(ISOLATION_ID)[1], v6Revoke],
      ]);
      expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 0);
      expect(calls.filter((c) => c.status === 'failed')).toEqual([]);
    },
  );

  it('uses existing groups without changing them: the creations made with the lookup answer Duplicate', async () => {
    groupsExist();

    const { outcome, calls } = await runQuarantine(event);

    expect(outcome?.status).toBe('succeeded');
    expect(containmentCalls(calls)).toEqual([
      'DescribeSecurityGroups by name',
      `CreateSecurityGroup ${untrackName(WEB.vpc)} (tolerated)`,
      `CreateSecurityGroup ${isolationName(WEB.vpc)} (tolerated)`,
      `ModifyNetworkInterfaceAttribute ${WEB.primaryEni} -> ${UNTRACK_ID}`,
      `ModifyNetworkInterfaceAttribute ${WEB.secondEni} -> ${UNTRACK_ID}`,
      `ModifyNetworkInterfaceAttribute ${WEB.primaryEni} -> ${ISOLATION_ID}`,
      `ModifyNetworkInterfaceAttribute ${WEB.secondEni} -> ${ISOLATION_ID}`,
    ]);
    expect(
      callsOf(calls, 'CreateSecurityGroup').map((c) =>
        c.error?.replace(/^.*\(tolerated/, '(tolerated'),
      ),
    ).toEqual([
      '(tolerated: the group exists, using it)',
      '(tolerated: the group exists, using it)',
    ]);
    expect(calls.filter((c) => c.status === 'failed')).toEqual([]);
  });

  it('uses an existing group when creating it ahead is denied', async () => {
    groupsExist();
    ec2.on(CreateSecurityGroupCommand).callsFake(fails('UnauthorizedOperation'));

    const { outcome, calls } = await runQuarantine(event);

    expect(outcome?.status).toBe('succeeded');
    expect(callsOf(calls, 'CreateSecurityGroup').map((c) => c.status)).toEqual([
      'tolerated',
      'tolerated',
    ]);
    expect(ec2).toHaveReceivedCommandTimes(ModifyNetworkInterfaceAttributeCommand, 4);
  });

  it('empties an existing isolation group someone added rules to, before moving any ENI', async () => {
    const tampered = describedGroup(ISOLATION_ID, isolationName(WEB.vpc), WEB.vpc, {
      ingress: [
        {
          IpProtocol: 'tcp',
          FromPort: 22,
          ToPort: 22,
          IpRanges: [{ CidrIp: '203.0.113.0/24', Description: 'debug ssh' }],
          Ipv6Ranges: [],
          PrefixListIds: [],
          UserIdGroupPairs: [],
        },
      ],
      egress: defaultEgress(false),
    });
    groupsExist([openUntrackGroup(WEB.vpc), tampered]);

    const { outcome, calls } = await runQuarantine(event);

    expect(outcome?.status).toBe('succeeded');
    expect(ec2).toHaveReceivedCommandExactlyOnceWith(RevokeSecurityGroupIngressCommand, {
      GroupId: ISOLATION_ID,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '203.0.113.0/24' }] },
      ],
    });
    expect(ec2).toHaveReceivedCommandExactlyOnceWith(RevokeSecurityGroupEgressCommand, {
      GroupId: ISOLATION_ID,
      IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    });
    expect(containmentCalls(calls)).toEqual([
      'DescribeSecurityGroups by name',
      `CreateSecurityGroup ${untrackName(WEB.vpc)} (tolerated)`,
      `CreateSecurityGroup ${isolationName(WEB.vpc)} (tolerated)`,
      `RevokeSecurityGroupIngress ${ISOLATION_ID}`,
      `RevokeSecurityGroupEgress ${ISOLATION_ID}`,
      `ModifyNetworkInterfaceAttribute ${WEB.primaryEni} -> ${UNTRACK_ID}`,
      `ModifyNetworkInterfaceAttribute ${WEB.secondEni} -> ${UNTRACK_ID}`,
      `ModifyNetworkInterfaceAttribute ${WEB.primaryEni} -> ${ISOLATION_ID}`,
      `ModifyNetworkInterfaceAttribute ${WEB.secondEni} -> ${ISOLATION_ID}`,
    ]);
  });

  it('adds the all-traffic rules an existing untrack group lacks', async () => {
    const ipv4Only = describedGroup(UNTRACK_ID, untrackName(WEB.vpc), WEB.vpc, {
      ingress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      egress: defaultEgress(false),
    });
    groupsExist([ipv4Only, emptyIsolationGroup(WEB.vpc)]);
    ec2.on(AuthorizeSecurityGroupEgressCommand).callsFake(reply({ Return: true }));

    const { outcome } = await runQuarantine(event);

    expect(outcome?.status).toBe('succeeded');
    expect(ec2).toHaveReceivedCommandExactlyOnceWith(AuthorizeSecurityGroupIngressCommand, {
      GroupId: UNTRACK_ID,
      IpPermissions: [{ IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] }],
    });
    expect(ec2).toHaveReceivedCommandExactlyOnceWith(AuthorizeSecurityGroupEgressCommand, {
      GroupId: UNTRACK_ID,
      IpPermissions: [{ IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] }],
    });
  });

  it('uses the group a concurrent run created when CreateSecurityGroup says InvalidGroup.Duplicate', async () => {
    const raced = describedGroup(ISOLATION_ID, isolationName(WEB.vpc), WEB.vpc, {
      egress: defaultEgress(true),
    });
    ec2
      .on(DescribeSecurityGroupsCommand, findInput(WEB.vpc))
      .callsFakeOnce(reply({ SecurityGroups: [] }))
      .callsFake(reply({ SecurityGroups: [raced] }));
    ec2
      .on(CreateSecurityGroupCommand, { GroupName: isolationName(WEB.vpc) })
      .callsFake(fails('InvalidGroup.Duplicate'));

    const { outcome, calls } = await runQuarantine(event);

    expect(outcome?.status).toBe('succeeded');
    expect(containmentCalls(calls)).toEqual([
      'DescribeSecurityGroups by name',
      `CreateSecurityGroup ${untrackName(WEB.vpc)}`,
      `CreateSecurityGroup ${isolationName(WEB.vpc)} (tolerated)`,
      'DescribeSecurityGroups by name',
      `AuthorizeSecurityGroupIngress ${UNTRACK_ID}`,
      `AuthorizeSecurityGroupEgress ${UNTRACK_ID} (tolerated)`,
      `RevokeSecurityGroupEgress ${ISOLATION_ID}`,
      `ModifyNetworkInterfaceAttribute ${WEB.primaryEni} -> ${UNTRACK_ID}`,
      `ModifyNetworkInterfaceAttribute ${WEB.secondEni} -> ${UNTRACK_ID}`,
      `ModifyNetworkInterfaceAttribute ${WEB.primaryEni} -> ${ISOLATION_ID}`,
      `ModifyNetworkInterfaceAttribute ${WEB.secondEni} -> ${ISOLATION_ID}`,
    ]);
    expect(ec2).toHaveReceivedCommandWith(RevokeSecurityGroupEgressCommand, {
      GroupId: ISOLATION_ID,
      IpPermissions: [
        {
          IpProtocol: '-1',
          IpRanges: [{ CidrIp: '0.0.0.0/0' }],
          Ipv6Ranges: [{ CidrIpv6: '::/0' }],
        },
      ],
    });
    expect(
      callsOf(calls, 'CreateSecurityGroup')
        .filter((c) => c.status === 'tolerated')
        .map((c) => c.error),
    ).toEqual([
      'InvalidGroup.Duplicate: InvalidGroup.Duplicate (mocked) (tolerated: group created meanwhile, using it)',
    ]);
    expect(calls.filter((c) => c.status === 'failed')).toEqual([]);
  });

  it('keeps CreateSecurityGroup failed when InvalidGroup.Duplicate names no group it can find', async () => {
    ec2
      .on(CreateSecurityGroupCommand, { GroupName: isolationName(WEB.vpc) })
      .callsFake(fails('InvalidGroup.Duplicate'));

    const { outcome, calls } = await runQuarantine(event);

    expect(outcome).toMatchObject({
      status: 'failed',
      reason: `containment failed: ${WEB.primaryEni}, ${WEB.secondEni} NOT isolated`,
      error: `containment ${isolationName(WEB.vpc)}: Error: ${isolationName(WEB.vpc)} is a duplicate, yet no such group is found`,
    });
    expect(
      callsOf(calls, 'CreateSecurityGroup').map((c) => [c.input.GroupName, c.status, c.error]),
    ).toEqual([
      [untrackName(WEB.vpc), 'ok', undefined],
      [isolationName(WEB.vpc), 'failed', 'InvalidGroup.Duplicate: InvalidGroup.Duplicate (mocked)'],
    ]);
  });

  it('treats InvalidPermission.NotFound when emptying the isolation group as already revoked', async () => {
    const tampered = describedGroup(ISOLATION_ID, isolationName(WEB.vpc), WEB.vpc, {
      ingress: [
        {
          IpProtocol: 'tcp',
          FromPort: 22,
          ToPort: 22,
          IpRanges: [{ CidrIp: '203.0.113.0/24' }],
          Ipv6Ranges: [],
          PrefixListIds: [],
          UserIdGroupPairs: [],
        },
      ],
      egress: defaultEgress(false),
    });
    groupsExist([openUntrackGroup(WEB.vpc), tampered]);
    ec2.on(RevokeSecurityGroupIngressCommand).callsFake(fails('InvalidPermission.NotFound'));

    const { outcome, calls } = await runQuarantine(event);

    expect(outcome?.status).toBe('succeeded');
    expect(callsOf(calls, 'RevokeSecurityGroupIngress')).toEqual([
      expect.objectContaining(toleratedCall('InvalidPermission.NotFound', 'rule already gone')),
    ]);
    expect(calls.filter((c) => c.status === 'failed')).toEqual([]);
  });

  it('reports an ENI it could not isolate loudly, and still preserves the evidence', async () => {
    ec2
      .on(ModifyNetworkInterfaceAttributeCommand, swap(WEB.secondEni, ISOLATION_ID))
      .callsFake(fails('AccessDenied'));

    const { outcome, calls } = await runQuarantine(event);

    expect(outcome).toMatchObject({
      status: 'failed',
      reason: `containment failed: ${WEB.secondEni} NOT isolated`,
      error: `containment ${WEB.secondEni}: ModifyNetworkInterfaceAttribute AccessDenied`,
    });
    expect(operations(calls)).toContain('EC2 CreateSnapshots');
    expect(ec2).toHaveReceivedCommandTimes(ModifyInstanceAttributeCommand, 3);
    expect(iam).toHaveReceivedCommandTimes(PutRolePolicyCommand, 1);
    expect(ec2).toHaveReceivedCommandTimes(DisassociateIamInstanceProfileCommand, 1);
  });

  it('says containment is incomplete when the isolation group keeps a rule, listing it first', async () => {
    ec2.on(RevokeSecurityGroupEgressCommand).callsFake(fails('AccessDenied'));
    ec2.on(CreateSnapshotsCommand).callsFake(fails('AccessDenied'));

    const { outcome } = await runQuarantine(event);

    expect(outcome).toMatchObject({
      status: 'failed',
      reason:
        'containment incomplete: every ENI is in the isolation group, but a group rule step failed',
      // Both of the new group's default rules (IPv4, IPv6) stay: one failure each.
      error: `containment ${isolationName(WEB.vpc)}: RevokeSecurityGroupEgress AccessDenied; containment ${isolationName(WEB.vpc)}: RevokeSecurityGroupEgress AccessDenied; snapshot: CreateSnapshots AccessDenied`,
    });
    expect(ec2).toHaveReceivedCommandTimes(ModifyNetworkInterfaceAttributeCommand, 4);
  });

  it('moves no ENI into the untrack group when the isolation group cannot be had', async () => {
    ec2
      .on(CreateSecurityGroupCommand, { GroupName: isolationName(WEB.vpc) })
      .callsFake(fails('UnauthorizedOperation'));

    const { outcome, calls } = await runQuarantine(event);

    expect(outcome).toMatchObject({
      status: 'failed',
      reason: `containment failed: ${WEB.primaryEni}, ${WEB.secondEni} NOT isolated`,
      error: `containment ${isolationName(WEB.vpc)}: CreateSecurityGroup UnauthorizedOperation`,
    });
    expect(ec2).toHaveReceivedCommandTimes(ModifyNetworkInterfaceAttributeCommand, 0);
    expect(callsOf(calls, 'ModifyNetworkInterfaceAttribute')).toEqual([
      expect.objectContaining({ status: 'skipped', error: 'no isolation group' }),
      expect.objectContaining({ status: 'skipped', error: 'no isolation group' }),
    ]);
    expect(ec2).toHaveReceivedCommandTimes(CreateSnapshotsCommand, 1);
  });
});
