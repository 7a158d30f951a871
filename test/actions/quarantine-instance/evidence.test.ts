import {
  DescribeAutoScalingInstancesCommand,
  EnterStandbyCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  CreateSnapshotsCommand,
  CreateTagsCommand,
  DescribeIamInstanceProfileAssociationsCommand,
  DescribeInstancesCommand,
  DisassociateIamInstanceProfileCommand,
  ModifyInstanceAttributeCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  GetInstanceProfileCommand,
  GetRoleCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { beforeEach, describe, expect, it } from 'vitest';
import { revokeOlderSessionsPolicy } from '../../../src/actions/role-sessions.js';
import { sampleEvent } from '../../helpers/events.js';
import { TEST_NOW, testSettings } from '../../helpers/execute.js';
import { firstQuarantine, instanceProfileWith, WEB } from './scenario.js';
import {
  autoScaling,
  callsOf,
  ec2,
  fails,
  iam,
  instanceFixture,
  operations,
  reply,
  resetMocks,
  runQuarantine,
  toleratedCall,
  withInstance,
} from './support.js';

const backdoor = sampleEvent('guardduty/backdoor-ec2-c-and-c-activity.json');
const trojan = sampleEvent('guardduty/trojan-ec2-dns-data-exfiltration.json');
const bitcoin = sampleEvent('guardduty/cryptocurrency-ec2-bitcoin-tool.json');

const BATCH = {
  instanceId: 'i-0c3d4e5f6a7b8092a',
  vpc: 'vpc-07e6d5c4b3a291807',
  asg: 'batch-workers-asg',
};

const asgMember = (state: string) => ({
  AutoScalingInstances: [
    {
      InstanceId: BATCH.instanceId,
      AutoScalingGroupName: BATCH.asg,
      AvailabilityZone: 'eu-west-1b',
      LifecycleState: state,
      HealthStatus: 'HEALTHY',
      ProtectedFromScaleIn: false,
    },
  ],
});

describe('quarantine-instance evidence and credentials', () => {
  beforeEach(() => {
    resetMocks();
    firstQuarantine();
  });

  it('protects the instance from termination and keeps every EBS volume', async () => {
    const { calls } = await runQuarantine(backdoor);

    expect(callsOf(calls, 'ModifyInstanceAttribute').map((c) => c.input)).toEqual([
      { InstanceId: WEB.instanceId, DisableApiTermination: { Value: true } },
      { InstanceId: WEB.instanceId, InstanceInitiatedShutdownBehavior: { Value: 'stop' } },
      {
        InstanceId: WEB.instanceId,
        BlockDeviceMappings: [
          { DeviceName: '/dev/xvda', Ebs: { DeleteOnTermination: false } },
          { DeviceName: '/dev/sdf', Ebs: { DeleteOnTermination: false } },
        ],
      },
    ]);
    expect(ec2).toHaveReceivedCommandTimes(ModifyInstanceAttributeCommand, 3);
  });

  it('snapshots every volume, crash-consistent, tagged with the finding and playbook', async () => {
    const { outcome } = await runQuarantine(backdoor);

    expect(ec2).toHaveReceivedCommandExactlyOnceWith(CreateSnapshotsCommand, {
      InstanceSpecification: { InstanceId: WEB.instanceId, ExcludeBootVolume: false },
      Description: `parry forensic snapshot of ${WEB.instanceId} (test-playbook)`,
      CopyTagsFromSource: 'volume',
      TagSpecifications: [
        {
          ResourceType: 'snapshot',
          Tags: [
            { Key: 'parry:quarantined', Value: TEST_NOW.toISOString() },
            { Key: 'parry:playbook', Value: 'test-playbook' },
            { Key: 'parry:finding', Value: WEB.finding },
          ],
        },
      ],
    });
    expect(outcome?.details?.snapshotIds).toEqual(WEB.snapshots);
  });

  it("revokes the role's older sessions, then detaches the profile, recording both", async () => {
    const { outcome, calls } = await runQuarantine(backdoor);

    expect(iam).toHaveReceivedCommandExactlyOnceWith(GetInstanceProfileCommand, {
      InstanceProfileName: 'web-app-ec2',
    });
    expect(callsOf(calls, 'PutRolePolicy').map((c) => c.input)).toEqual([
      {
        RoleName: WEB.role,
        PolicyName: 'AWSRevokeOlderSessions',
        PolicyDocument: revokeOlderSessionsPolicy(TEST_NOW),
      },
    ]);
    expect(JSON.parse(revokeOlderSessionsPolicy(TEST_NOW))).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Action: ['*'],
          Resource: ['*'],
          Condition: { DateLessThan: { 'aws:TokenIssueTime': '2026-11-22T10:00:00.000Z' } },
        },
      ],
    });
    expect(ec2).toHaveReceivedCommandExactlyOnceWith(
      DescribeIamInstanceProfileAssociationsCommand,
      {
        Filters: [
          { Name: 'instance-id', Values: [WEB.instanceId] },
          { Name: 'state', Values: ['associating', 'associated'] },
        ],
      },
    );
    expect(ec2).toHaveReceivedCommandExactlyOnceWith(DisassociateIamInstanceProfileCommand, {
      AssociationId: WEB.association,
    });
    expect(outcome?.details).toMatchObject({
      instanceProfileArn: WEB.profileArn,
      roleName: WEB.role,
    });
  });

  it('takes an association already gone as detached: another run detached it meanwhile', async () => {
    ec2.on(DisassociateIamInstanceProfileCommand).callsFake(fails('InvalidAssociationID.NotFound'));

    const { outcome, calls } = await runQuarantine(backdoor);

    expect(outcome?.status).toBe('succeeded');
    expect(callsOf(calls, 'DisassociateIamInstanceProfile')).toEqual([
      expect.objectContaining({
        input: { AssociationId: WEB.association },
        ...toleratedCall(
          'InvalidAssociationID.NotFound',
          'the association is gone: the profile was detached meanwhile',
        ),
      }),
    ]);
    expect(calls.filter((c) => c.status === 'failed')).toEqual([]);
  });

  it('still fails the step on any other error of DisassociateIamInstanceProfile', async () => {
    ec2
      .on(DisassociateIamInstanceProfileCommand)
      .callsFake(fails('InvalidAssociationID.Malformed'));

    const { outcome } = await runQuarantine(backdoor);

    expect(outcome).toMatchObject({
      status: 'failed',
      error:
        'detach-instance-profile: DisassociateIamInstanceProfile InvalidAssociationID.Malformed',
    });
  });

  it.each([
    [
      "parry's stack role, named in another case",
      'Parry-Prod-Responder',
      { responderRoleArn: 'arn:aws:iam::111122223333:role/parry-prod-responder' },
      [],
      "Parry-Prod-Responder is parry's own role: revoking its sessions would lock parry out",
    ],
    [
      'a role tagged exempt (in another case)',
      WEB.role,
      {},
      [{ Key: 'Parry:Exempt', Value: '' }],
      'exempt: tagged parry:exempt',
    ],
  ])(
    'never revokes the sessions of %s, and still detaches the profile',
    async (_name, roleName, overrides, roleTags, reason) => {
      iam.on(GetInstanceProfileCommand).callsFake(reply(instanceProfileWith(roleName)));
      iam
        .on(GetRoleCommand)
        .callsFake(reply({ Role: { RoleName: roleName, Path: '/', Tags: roleTags } }));

      const { outcome, calls } = await runQuarantine(backdoor, {}, testSettings(overrides));

      expect(outcome?.status).toBe('succeeded');
      expect(iam).not.toHaveReceivedCommand(PutRolePolicyCommand);
      expect(callsOf(calls, 'PutRolePolicy')).toMatchObject([{ status: 'skipped', error: reason }]);
      expect(outcome?.details?.roleSessions).toBe(`not revoked: ${reason}`);
      expect(ec2).toHaveReceivedCommandTimes(DisassociateIamInstanceProfileCommand, 1);
    },
  );

  it('makes no IAM or profile call for an instance without a profile', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(reply(instanceFixture('etl-runner-no-profile')));

    const { outcome, calls } = await runQuarantine(bitcoin);

    expect(outcome?.status).toBe('succeeded');
    expect(iam).not.toHaveReceivedAnyCommand();
    expect(ec2).toHaveReceivedCommandTimes(DescribeIamInstanceProfileAssociationsCommand, 0);
    expect(ec2).toHaveReceivedCommandTimes(DisassociateIamInstanceProfileCommand, 0);
    expect(operations(calls)).toEqual([
      'EC2 DescribeInstances',
      'EC2 DescribeNetworkInterfaces',
      'EC2 DescribeSecurityGroups',
      'EC2 CreateSecurityGroup',
      'EC2 CreateSecurityGroup',
      'EC2 CreateTags',
      'EC2 ModifyInstanceAttribute',
      'EC2 ModifyInstanceAttribute',
      'EC2 ModifyInstanceAttribute',
      'EC2 CreateSnapshots',
      'EC2 AuthorizeSecurityGroupIngress',
      'EC2 AuthorizeSecurityGroupEgress',
      'EC2 RevokeSecurityGroupEgress',
      'EC2 RevokeSecurityGroupEgress',
      'EC2 ModifyNetworkInterfaceAttribute',
      'EC2 ModifyNetworkInterfaceAttribute',
    ]);
    expect(outcome?.details).not.toHaveProperty('roleName');
    expect(outcome?.details).not.toHaveProperty('instanceProfileArn');
  });

  describe('in an Auto Scaling group', () => {
    beforeEach(() => {
      resetMocks();
      firstQuarantine(instanceFixture('batch-worker-asg'), BATCH.vpc);
    });

    it('puts an InService instance in Standby without decrementing the desired capacity', async () => {
      autoScaling.on(DescribeAutoScalingInstancesCommand).callsFake(reply(asgMember('InService')));
      autoScaling.on(EnterStandbyCommand).callsFake(reply({ Activities: [] }));

      const { outcome, calls } = await runQuarantine(trojan);

      expect(outcome?.status).toBe('succeeded');
      expect(autoScaling).toHaveReceivedCommandExactlyOnceWith(
        DescribeAutoScalingInstancesCommand,
        {
          InstanceIds: [BATCH.instanceId],
        },
      );
      expect(callsOf(calls, 'EnterStandby').map((c) => c.input)).toEqual([
        {
          InstanceIds: [BATCH.instanceId],
          AutoScalingGroupName: BATCH.asg,
          ShouldDecrementDesiredCapacity: false,
        },
      ]);
      expect(outcome?.details?.asg).toEqual({
        group: BATCH.asg,
        before: 'InService',
        standby: true,
      });
    });

    it.each([
      ['Standby', 'already Standby', 'succeeded'],
      ['EnteringStandby', 'already EnteringStandby', 'succeeded'],
      ['Terminating:Wait', 'the instance is Terminating:Wait', 'failed'],
    ])('does not call EnterStandby for an instance %s', async (state, skipReason, status) => {
      autoScaling.on(DescribeAutoScalingInstancesCommand).callsFake(reply(asgMember(state)));

      const { outcome, calls } = await runQuarantine(trojan);

      expect(outcome?.status).toBe(status);
      expect(autoScaling).toHaveReceivedCommandTimes(EnterStandbyCommand, 0);
      expect(callsOf(calls, 'EnterStandby')).toEqual([
        expect.objectContaining({ status: 'skipped', error: skipReason }),
      ]);
    });

    it('stops the instance only after Standby and the snapshot call', async () => {
      autoScaling.on(DescribeAutoScalingInstancesCommand).callsFake(reply(asgMember('InService')));
      autoScaling.on(EnterStandbyCommand).callsFake(reply({ Activities: [] }));

      const { outcome, calls } = await runQuarantine(trojan, { stop: true });

      const order = operations(calls);
      expect(outcome).toMatchObject({ status: 'succeeded', details: { stopped: true } });
      expect(ec2).toHaveReceivedCommandExactlyOnceWith(StopInstancesCommand, {
        InstanceIds: [BATCH.instanceId],
      });
      expect(order.indexOf('EC2 StopInstances')).toBeGreaterThan(
        order.indexOf('AutoScaling EnterStandby'),
      );
      expect(order.indexOf('EC2 StopInstances')).toBeGreaterThan(
        order.indexOf('EC2 CreateSnapshots'),
      );
    });
  });

  it.each([
    [{}, 0],
    [{ stop: false }, 0],
    [{ stop: true }, 1],
  ])('stops the instance only when asked (%o)', async (params, times) => {
    await runQuarantine(backdoor, params);

    expect(ec2).toHaveReceivedCommandTimes(StopInstancesCommand, times);
  });

  it('does not stop an instance that is already stopped', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(
      reply(
        withInstance(instanceFixture('payments-web-01'), (instance) => {
          instance.State = { Code: 80, Name: 'stopped' };
        }),
      ),
    );

    const { outcome, calls } = await runQuarantine(backdoor, { stop: true });

    expect(outcome?.status).toBe('succeeded');
    expect(ec2).toHaveReceivedCommandTimes(StopInstancesCommand, 0);
    expect(callsOf(calls, 'StopInstances')).toEqual([
      expect.objectContaining({ status: 'skipped', error: 'already stopped' }),
    ]);
  });

  it.each([
    {
      step: 'snapshot',
      operation: 'CreateSnapshots',
      deny: () => ec2.on(CreateSnapshotsCommand).callsFake(fails('AccessDenied')),
    },
    {
      step: 'tags',
      operation: 'CreateTags',
      deny: () => ec2.on(CreateTagsCommand).callsFake(fails('AccessDenied')),
    },
    {
      step: 'revoke-role-sessions',
      operation: 'PutRolePolicy',
      deny: () => iam.on(PutRolePolicyCommand).callsFake(fails('AccessDenied')),
    },
    {
      step: 'detach-instance-profile',
      operation: 'DisassociateIamInstanceProfile',
      deny: () => ec2.on(DisassociateIamInstanceProfileCommand).callsFake(fails('AccessDenied')),
    },
  ])(
    'still does every other step when $operation is denied, and fails naming it',
    async ({ step, operation, deny }) => {
      const whenAllowed = operations((await runQuarantine(backdoor)).calls);
      resetMocks();
      firstQuarantine();
      deny();

      const { outcome, calls } = await runQuarantine(backdoor);

      expect(outcome).toMatchObject({
        status: 'failed',
        reason: 'isolated, but 1 step(s) failed',
        error: `${step}: ${operation} AccessDenied`,
      });
      expect(operations(calls)).toEqual(whenAllowed);
      // Only the denied call failed; the duplicate ::/0 egress rule of an IPv6 VPC is tolerated.
      expect(
        calls
          .filter((c) => c.status === 'failed')
          .map((c) => `${c.operation} ${c.error?.split(':')[0]}`)
          .sort(),
      ).toEqual([`${operation} AccessDenied`]);
      expect(
        calls
          .filter((c) => c.status === 'tolerated')
          .map((c) => `${c.operation} ${c.error?.split(':')[0]}`),
      ).toEqual(['AuthorizeSecurityGroupEgress InvalidPermission.Duplicate']);
    },
  );
});
