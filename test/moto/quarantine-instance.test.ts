import {
  AutoScalingClient,
  CreateAutoScalingGroupCommand,
  CreateLaunchConfigurationCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeAutoScalingInstancesCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { beforeEach, expect } from 'vitest';
import { ALREADY_QUARANTINED } from '../../src/actions/quarantine-instance/targets.js';
import { clientConfig } from './support/aws.js';
import { guardDutyEc2Finding, runInstancesEvent } from './support/events.js';
import { type LoggedCall, roundsOf, SECURITY_ACCOUNT } from './support/moto.js';
import { enforce, onlyAction, runParry } from './support/parry.js';
import {
  changingCalls,
  creationAnswers,
  DUPLICATE_CREATIONS,
  type QuarantineState,
  quarantineState,
} from './support/state.js';
import { describeMoto, itWithLog } from './support/suite.js';
import { AMI, type WebInstance, webInstance, webVpc } from './support/world.js';

const quarantine = enforce('quarantine', 'aws.guardduty', '  - type: quarantine-instance');
const NOW = new Date('2026-11-22T10:00:00.000Z');

describeMoto('quarantine-instance against moto', (moto) => {
  let web: WebInstance;
  beforeEach(async () => {
    web = await webInstance(moto());
  });

  itWithLog(
    'isolates every ENI, keeps the evidence and cuts the role, then changes nothing',
    async () => {
      const finding = guardDutyEc2Finding(web);
      const first = onlyAction(await runParry(moto(), [quarantine], finding, { now: () => NOW }));
      expect(first.status, JSON.stringify(first)).toBe('succeeded');

      const after = await quarantineState(moto(), web);
      expect(after).toEqual({
        eniGroups: [[`parry-isolation-${web.vpcId}`], [`parry-isolation-${web.vpcId}`]],
        isolationRules: { ingress: 0, egress: 0 },
        untrackOpen: { ingress: ['0.0.0.0/0', '::/0'], egress: ['0.0.0.0/0', '::/0'] },
        tags: {
          'parry:original-groups': `${web.enis[0]?.id}=${web.enis[0]?.groups[0]?.id};${web.enis[1]?.id}=${web.enis[1]?.groups[0]?.id}`,
          'parry:quarantined': NOW.toISOString(),
          'parry:playbook': 'quarantine',
          'parry:finding': finding.detail.id,
          'parry:instance-profile': web.profileArn,
        },
        terminationProtection: true,
        shutdownBehaviour: 'stop',
        deleteOnTermination: [false, false],
        snapshots: [[NOW.toISOString()], [NOW.toISOString()]],
        rolePolicies: ['AWSRevokeOlderSessions'],
        revokedBefore: NOW.toISOString(),
        associations: 0,
      });

      moto().clearLog();
      const later = new Date(NOW.getTime() + 60_000);
      const second = onlyAction(
        await runParry(moto(), [quarantine], finding, { now: () => later }),
      );
      expect(second.status, JSON.stringify(second)).toBe('skipped');
      expect(second.reason).toBe(ALREADY_QUARANTINED);
      // The groups are created with the lookup, whether they exist or not: AWS refuses both.
      expect(changingCalls(moto().calls())).toEqual(DUPLICATE_CREATIONS);
      expect(creationAnswers(moto().calls())).toEqual([
        'InvalidGroup.Duplicate',
        'InvalidGroup.Duplicate',
      ]);
      expect(await quarantineState(moto(), web)).toEqual(after);
    },
  );
});

describeMoto('a quarantine that failed part-way, then its retry', (moto) => {
  itWithLog('completes the snapshots and the revoke the first run could not make', async () => {
    const web = await webInstance(moto());
    const finding = guardDutyEc2Finding(web);
    // CreateSnapshots fails past the SDK's retries (4 attempts); PutRolePolicy is denied.
    moto().setFaults({
      CreateSnapshots: { count: 4, status: 500, code: 'InternalError' },
      PutRolePolicy: { count: 1, status: 403, code: 'AccessDenied' },
    });
    const first = onlyAction(await runParry(moto(), [quarantine], finding, { now: () => NOW }));
    expect(first.status).toBe('failed');
    expect(first.error).toMatch(/snapshot: CreateSnapshots InternalError/);
    expect(first.error).toMatch(/revoke-role-sessions: PutRolePolicy AccessDenied/);
    const partial = await quarantineState(moto(), web);
    expect(partial).toMatchObject({
      eniGroups: [[`parry-isolation-${web.vpcId}`], [`parry-isolation-${web.vpcId}`]],
      snapshots: [[], []],
      rolePolicies: [],
      associations: 0,
    });

    // Whatever the SDK's retries left of the faults, AWS answers again.
    moto().setFaults({});
    const retry = new Date(NOW.getTime() + 90_000);
    const second = onlyAction(await runParry(moto(), [quarantine], finding, { now: () => retry }));
    expect(second.status, JSON.stringify(second)).toBe('succeeded');
    expect(second.details?.resumed).toBe(NOW.toISOString());
    const done = await quarantineState(moto(), web);
    // The snapshots carry the quarantine's time, so a further retry finds them.
    expect(done.snapshots).toEqual([[NOW.toISOString()], [NOW.toISOString()]]);
    expect(done.rolePolicies).toEqual(['AWSRevokeOlderSessions']);
    expect(done.revokedBefore).toBe(retry.toISOString());
    expect({ ...done, snapshots: [], rolePolicies: [], revokedBefore: undefined }).toEqual({
      ...partial,
      snapshots: [],
      rolePolicies: [],
      revokedBefore: undefined,
    });
  });
});

/** What every quarantined instance of these tests shows in moto afterwards. */
const quarantined = (web: WebInstance): Partial<QuarantineState> => ({
  eniGroups: [[`parry-isolation-${web.vpcId}`], [`parry-isolation-${web.vpcId}`]],
  isolationRules: { ingress: 0, egress: 0 },
  untrackOpen: { ingress: ['0.0.0.0/0', '::/0'], egress: ['0.0.0.0/0', '::/0'] },
  terminationProtection: true,
  deleteOnTermination: [false, false],
  rolePolicies: ['AWSRevokeOlderSessions'],
  associations: 0,
});

/** The round of each call of an operation (STS left out: credentials are not the quarantine's). */
const roundsOfOp = (calls: readonly LoggedCall[], op: string): number[] =>
  roundsOf(calls.filter((c) => c.svc !== 'sts'))
    .filter((c) => c.op === op)
    .map((c) => c.round);

/** The round at which the last ENI swap (to the isolation group) was made. */
const lastIsolation = (calls: readonly LoggedCall[]): number =>
  Math.max(...roundsOfOp(calls, 'ModifyNetworkInterfaceAttribute'));

const fromRunInstances = enforce('quarantine', 'aws.ec2', '  - type: quarantine-instance');

describeMoto(
  'quarantine round trips (moto answering each call after 0.2 s)',
  (moto) => {
    itWithLog(
      'isolates every ENI of the first quarantine in a VPC by round 4 (issue 9: round 7)',
      async () => {
        const web = await webInstance(moto());
        moto().clearLog();
        const result = onlyAction(await runParry(moto(), [quarantine], guardDutyEc2Finding(web)));
        expect(result.status, JSON.stringify(result)).toBe('succeeded');
        const calls = moto().calls();
        expect(roundsOfOp(calls, 'DescribeInstances')).toEqual([1]);
        expect(roundsOfOp(calls, 'DescribeNetworkInterfaces')).toEqual([1]);
        // The groups are looked up and created with DescribeInstances, from the finding's VPC.
        expect(roundsOfOp(calls, 'DescribeSecurityGroups')).toEqual([1]);
        expect(roundsOfOp(calls, 'CreateSecurityGroup')).toEqual([1, 1]);
        expect(roundsOfOp(calls, 'AuthorizeSecurityGroupIngress')).toEqual([2]);
        expect(roundsOfOp(calls, 'RevokeSecurityGroupEgress')).toEqual([2, 2]);
        expect(roundsOfOp(calls, 'ModifyNetworkInterfaceAttribute')).toEqual([3, 3, 4, 4]);
        expect(lastIsolation(calls)).toBeLessThanOrEqual(4);
        // The evidence and credential steps run beside containment, not before it.
        expect(
          Math.max(...roundsOfOp(calls, 'PutRolePolicy'), ...roundsOfOp(calls, 'CreateSnapshots')),
        ).toBeLessThanOrEqual(4);
        expect(await quarantineState(moto(), web)).toMatchObject(quarantined(web));
      },
    );

    itWithLog(
      'isolates every ENI by round 3 when the VPC has its groups (issue 9: round 4)',
      async () => {
        const vpc = await webVpc(moto());
        const web = await webInstance(moto(), { vpc });
        onlyAction(await runParry(moto(), [quarantine], guardDutyEc2Finding(web)));
        const twin = await webInstance(moto(), { roleName: 'twin-role', vpc });
        moto().clearLog();

        const result = onlyAction(await runParry(moto(), [quarantine], guardDutyEc2Finding(twin)));

        expect(result.status, JSON.stringify(result)).toBe('succeeded');
        const calls = moto().calls();
        expect(lastIsolation(calls)).toBeLessThanOrEqual(3);
        expect(roundsOfOp(calls, 'ModifyNetworkInterfaceAttribute')).toEqual([2, 2, 3, 3]);
        expect(creationAnswers(calls)).toEqual([
          'InvalidGroup.Duplicate',
          'InvalidGroup.Duplicate',
        ]);
        expect(await quarantineState(moto(), twin)).toMatchObject(quarantined(twin));
        expect(await quarantineState(moto(), web)).toMatchObject(quarantined(web));
      },
    );

    itWithLog(
      'isolates two instances of one event in the round it isolates one (issue 9: round 11)',
      async () => {
        const vpc = await webVpc(moto());
        const web = await webInstance(moto(), { vpc });
        const twin = await webInstance(moto(), { roleName: 'twin-role', vpc });
        moto().clearLog();

        const result = onlyAction(
          await runParry(moto(), [fromRunInstances], runInstancesEvent([web, twin])),
        );

        expect(result.status, JSON.stringify(result)).toBe('succeeded');
        const calls = moto().calls();
        expect(roundsOfOp(calls, 'DescribeInstances')).toEqual([1, 1]);
        // One VPC: its groups are looked up and created once, for both.
        expect(roundsOfOp(calls, 'DescribeSecurityGroups')).toEqual([1]);
        expect(roundsOfOp(calls, 'CreateSecurityGroup')).toEqual([1, 1]);
        // Both instances' four isolation swaps in round 4, as for one instance.
        expect(roundsOfOp(calls, 'ModifyNetworkInterfaceAttribute')).toEqual([
          3, 3, 3, 3, 4, 4, 4, 4,
        ]);
        expect(lastIsolation(calls)).toBeLessThanOrEqual(4);
        for (const instance of [web, twin]) {
          expect(await quarantineState(moto(), instance)).toMatchObject(quarantined(instance));
        }
      },
    );

    itWithLog(
      'lets two playbooks quarantine one instance at once: the profile detached by one is gone for the other, and both succeed',
      async () => {
        const web = await webInstance(moto());
        const second = enforce('quarantine-too', 'aws.guardduty', '  - type: quarantine-instance');
        moto().clearLog();

        const report = await runParry(moto(), [quarantine, second], guardDutyEc2Finding(web));

        const outcomes = report.playbooks.map((p) => [p.name, p.actions.map((a) => a.status)]);
        expect(outcomes).toEqual([
          ['quarantine', ['succeeded']],
          ['quarantine-too', ['succeeded']],
        ]);
        // In lockstep, both described the association before either detached it: moto's own
        // answer to the second DisassociateIamInstanceProfile is the race's.
        const detaches = moto()
          .calls()
          .filter((c) => c.op === 'DisassociateIamInstanceProfile')
          .map((c) => c.err || c.status)
          .sort();
        expect(detaches).toEqual(['200 OK', 'InvalidAssociationID.NotFound']);
        expect(await quarantineState(moto(), web)).toMatchObject(quarantined(web));
      },
    );

    itWithLog(
      'puts only the groups of the VPC the instance is in on its ENIs when the finding names another, one round later',
      async () => {
        const web = await webInstance(moto());
        const ec2 = new EC2Client(clientConfig(moto()));
        const decoy = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.99.0.0/16' }))).Vpc
          ?.VpcId;
        const forged = guardDutyEc2Finding({ ...web, vpcId: decoy ?? '' });
        moto().clearLog();

        const result = onlyAction(await runParry(moto(), [quarantine], forged));

        expect(result.status, JSON.stringify(result)).toBe('succeeded');
        const calls = moto().calls();
        expect(await quarantineState(moto(), web)).toMatchObject(quarantined(web));
        // The finding's VPC in round 1, the instance's VPC once DescribeInstances told it.
        expect(roundsOfOp(calls, 'DescribeSecurityGroups')).toEqual([1, 2]);
        expect(roundsOfOp(calls, 'ModifyNetworkInterfaceAttribute')).toEqual([4, 4, 5, 5]);
        expect(lastIsolation(calls)).toBeLessThanOrEqual(5);
        // The decoy VPC got parry's two groups, used by nothing: no rule of theirs changed.
        const inDecoy = await ec2.send(
          new DescribeSecurityGroupsCommand({
            Filters: [{ Name: 'vpc-id', Values: [decoy ?? ''] }],
          }),
        );
        const parryGroups = (inDecoy.SecurityGroups ?? []).filter((g) =>
          g.GroupName?.startsWith('parry-'),
        );
        expect(parryGroups.map((g) => [g.GroupName, g.IpPermissions?.length]).sort()).toEqual([
          [`parry-isolation-${decoy}`, 0],
          [`parry-untrack-${decoy}`, 0],
        ]);
        const enis = await ec2.send(
          new DescribeNetworkInterfacesCommand({
            Filters: [{ Name: 'group-id', Values: parryGroups.map((g) => g.GroupId ?? '') }],
          }),
        );
        expect(enis.NetworkInterfaces).toEqual([]);
      },
    );
  },
  { delay: 0.2 },
);

describeMoto('quarantine of an Auto Scaling member', (moto) => {
  itWithLog('puts it in Standby once, without changing the desired capacity', async () => {
    const config = clientConfig(moto());
    const ec2 = new EC2Client(config);
    const asg = new AutoScalingClient(config);
    const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.40.0.0/16' }));
    const subnet = await ec2.send(
      new CreateSubnetCommand({ VpcId: vpc.Vpc?.VpcId, CidrBlock: '10.40.1.0/24' }),
    );
    await asg.send(
      new CreateLaunchConfigurationCommand({
        LaunchConfigurationName: 'workers',
        ImageId: AMI,
        InstanceType: 't3.micro',
      }),
    );
    await asg.send(
      new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: 'batch-workers',
        LaunchConfigurationName: 'workers',
        MinSize: 1,
        MaxSize: 2,
        DesiredCapacity: 1,
        VPCZoneIdentifier: subnet.Subnet?.SubnetId,
      }),
    );
    const lifecycle = async () =>
      (await asg.send(new DescribeAutoScalingInstancesCommand({}))).AutoScalingInstances?.map(
        (i) => [i.InstanceId, i.LifecycleState],
      );
    const instanceId = String((await lifecycle())?.[0]?.[0] ?? '');
    const described = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    const instance = described.Reservations?.[0]?.Instances?.[0];
    const member = {
      account: SECURITY_ACCOUNT,
      vpcId: vpc.Vpc?.VpcId ?? '',
      instanceId,
      enis: (instance?.NetworkInterfaces ?? []).map((n) => ({
        id: n.NetworkInterfaceId ?? '',
        groups: (n.Groups ?? []).map((g) => ({ id: g.GroupId ?? '', name: g.GroupName ?? '' })),
      })),
      volumeIds: [],
      profileArn: '',
      roleName: '',
    };
    const finding = guardDutyEc2Finding(member);

    const first = onlyAction(await runParry(moto(), [quarantine], finding));
    expect(first.status, JSON.stringify(first)).toBe('succeeded');
    expect(first.details?.asg).toEqual({
      group: 'batch-workers',
      before: 'InService',
      standby: true,
    });
    // Standby keeps the member (desired capacity unchanged), so the group launches a replacement.
    const after = await lifecycle();
    expect(after).toContainEqual([instanceId, 'Standby']);
    expect(after?.filter(([, state]) => state === 'InService')).toHaveLength(1);
    const group = await asg.send(
      new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['batch-workers'] }),
    );
    expect(group.AutoScalingGroups?.[0]?.DesiredCapacity).toBe(1);

    moto().clearLog();
    const second = onlyAction(await runParry(moto(), [quarantine], finding));
    expect(second.status, JSON.stringify(second)).toBe('skipped');
    expect(changingCalls(moto().calls())).toEqual(DUPLICATE_CREATIONS);
    expect(creationAnswers(moto().calls())).toEqual([
      'InvalidGroup.Duplicate',
      'InvalidGroup.Duplicate',
    ]);
    expect(await lifecycle()).toEqual(after);
  });
});
