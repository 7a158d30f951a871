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
  EC2Client,
} from '@aws-sdk/client-ec2';
import { beforeEach, expect } from 'vitest';
import { ALREADY_QUARANTINED } from '../../src/actions/quarantine-instance/targets.js';
import { clientConfig } from './support/aws.js';
import { guardDutyEc2Finding } from './support/events.js';
import { roundsOf, SECURITY_ACCOUNT } from './support/moto.js';
import { enforce, onlyAction, runParry } from './support/parry.js';
import { changingCalls, quarantineState } from './support/state.js';
import { describeMoto, itWithLog } from './support/suite.js';
import { AMI, type WebInstance, webInstance } from './support/world.js';

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
      expect(changingCalls(moto().calls())).toEqual([]);
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

describeMoto(
  'quarantine round trips (moto answering each call after 0.2 s)',
  (moto) => {
    itWithLog(
      'reads the ENI tags with DescribeInstances, adding no round before isolation',
      async () => {
        const web = await webInstance(moto());
        moto().clearLog();
        const result = onlyAction(await runParry(moto(), [quarantine], guardDutyEc2Finding(web)));
        expect(result.status).toBe('succeeded');
        const rounds = roundsOf(
          moto()
            .calls()
            .filter((c) => c.svc !== 'sts'),
        );
        const roundOf = (op: string) => rounds.filter((c) => c.op === op).map((c) => c.round);
        expect(roundOf('DescribeInstances')).toEqual([1]);
        expect(roundOf('DescribeNetworkInterfaces')).toEqual([1]);
        // Issue 9 measured the last isolation at round 7 before these checks were added.
        expect(Math.max(...roundOf('ModifyNetworkInterfaceAttribute'))).toBeLessThanOrEqual(7);
        // The evidence and credential steps run beside containment, not before it.
        expect(
          Math.max(...roundOf('PutRolePolicy'), ...roundOf('CreateSnapshots')),
        ).toBeLessThanOrEqual(7);
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
    expect(changingCalls(moto().calls())).toEqual([]);
    expect(await lifecycle()).toEqual(after);
  });
});
