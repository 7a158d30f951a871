import {
  CreateTagsCommand,
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  ModifyNetworkInterfaceAttributeCommand,
} from '@aws-sdk/client-ec2';
import { PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { beforeEach, describe, expect, it } from 'vitest';
import { ALREADY_QUARANTINED } from '../../../src/actions/quarantine-instance/targets.js';
import { revokeOlderSessionsPolicy } from '../../../src/actions/role-sessions.js';
import { sampleEvent } from '../../helpers/events.js';
import { TEST_NOW, testSettings } from '../../helpers/execute.js';
import {
  EARLIER_RUN,
  earlierRunLeft,
  emptyIsolationGroup,
  findInput,
  firstQuarantine,
  groupsExist,
  openUntrackGroup,
  WEB,
} from './scenario.js';
import {
  autoScaling,
  callsOf,
  ec2,
  fails,
  ISOLATION_ID,
  iam,
  instanceFixture,
  operations,
  reply,
  resetMocks,
  runQuarantine,
  UNTRACK_ID,
  withInstance,
} from './support.js';

const backdoor = sampleEvent('guardduty/backdoor-ec2-c-and-c-activity.json');
const bitcoin = sampleEvent('guardduty/cryptocurrency-ec2-bitcoin-tool.json');
const honeypot = sampleEvent('guardduty/backdoor-ec2-exempt-instance.json');

/**
 * The VPC's groups, looked up and created with DescribeInstances from what
 * the event says, before parry knows whether it must act: they change
 * nothing on the instance (see "leaves the instance alone" below).
 */
const LOOKED_UP_AHEAD = [
  'EC2 DescribeSecurityGroups',
  'EC2 CreateSecurityGroup',
  'EC2 CreateSecurityGroup',
];

const quarantineTags = [
  { Key: 'parry:quarantined', Value: TEST_NOW.toISOString() },
  { Key: 'parry:playbook', Value: 'test-playbook' },
  { Key: 'parry:finding', Value: WEB.finding },
];

describe('quarantine-instance run twice, or on instances it must leave alone', () => {
  beforeEach(() => {
    resetMocks();
    firstQuarantine();
  });

  it('skips an instance whose every step is done, after reading each effect and changing nothing', async () => {
    ec2
      .on(DescribeInstancesCommand)
      .callsFake(reply(instanceFixture('payments-web-01-quarantined')));
    earlierRunLeft();
    groupsExist();

    const { outcome, calls } = await runQuarantine(backdoor);

    expect(outcome).toMatchObject({
      status: 'skipped',
      target: WEB.instanceId,
      reason: ALREADY_QUARANTINED,
      details: {
        resumed: EARLIER_RUN,
        snapshotIds: WEB.snapshots,
        roleSessions: 'already revoked',
      },
    });
    // The finding shows the ENIs before the quarantine: their VPC's groups are asked for ahead.
    expect(operations(calls)).toEqual([
      'EC2 DescribeInstances',
      'EC2 DescribeNetworkInterfaces',
      ...LOOKED_UP_AHEAD,
      'EC2 CreateTags (skipped)',
      'EC2 DescribeInstanceAttribute',
      'EC2 DescribeInstanceAttribute',
      'EC2 ModifyInstanceAttribute (skipped)',
      'EC2 DescribeSnapshots',
      'IAM GetInstanceProfile',
      'EC2 ModifyInstanceAttribute (skipped)',
      'EC2 ModifyInstanceAttribute (skipped)',
      'EC2 CreateSnapshots (skipped)',
      'IAM GetRole',
      'IAM GetRolePolicy',
      'IAM PutRolePolicy (skipped)',
    ]);
    expect(autoScaling).not.toHaveReceivedAnyCommand();
    expect(callsOf(calls, 'CreateSecurityGroup').map((c) => c.status)).toEqual([
      'tolerated',
      'tolerated',
    ]);
  });

  it('completes the snapshot and the revoke an earlier run of the quarantine left undone', async () => {
    ec2
      .on(DescribeInstancesCommand)
      .callsFake(reply(instanceFixture('payments-web-01-quarantined')));
    earlierRunLeft({ snapshots: true, revoke: 'none' });

    const { outcome, calls } = await runQuarantine(backdoor);

    expect(outcome).toMatchObject({
      status: 'succeeded',
      details: { resumed: EARLIER_RUN, snapshotIds: WEB.snapshots, roleSessions: 'revoked' },
    });
    // The snapshots carry the quarantine's time, so the next retry finds them.
    expect(callsOf(calls, 'CreateSnapshots')[0]?.input.TagSpecifications).toEqual([
      {
        ResourceType: 'snapshot',
        Tags: [{ ...quarantineTags[0], Value: EARLIER_RUN }, ...quarantineTags.slice(1)],
      },
    ]);
    expect(callsOf(calls, 'GetRolePolicy')[0]?.status).toBe('tolerated');
    expect(iam).toHaveReceivedCommandWith(PutRolePolicyCommand, {
      RoleName: WEB.role,
      PolicyDocument: revokeOlderSessionsPolicy(TEST_NOW),
    });
    expect(ec2).not.toHaveReceivedCommand(ModifyNetworkInterfaceAttributeCommand);
    expect(ec2).not.toHaveReceivedCommand(CreateTagsCommand);
  });

  it('revokes again when the revoke policy in place predates this quarantine', async () => {
    ec2
      .on(DescribeInstancesCommand)
      .callsFake(reply(instanceFixture('payments-web-01-quarantined')));
    earlierRunLeft({ revoke: 'older' });

    const { outcome } = await runQuarantine(backdoor);

    expect(outcome?.status).toBe('succeeded');
    expect(iam).toHaveReceivedCommandTimes(PutRolePolicyCommand, 1);
  });

  it('does not touch an instance the event shows with the exempt tag', async () => {
    const { outcome, calls } = await runQuarantine(honeypot);

    expect(outcome).toEqual({
      status: 'skipped',
      target: 'i-0d4e5f6a7b8c9d0e1',
      reason: 'exempt: tagged parry:exempt',
    });
    expect(calls).toEqual([]);
    expect(ec2).not.toHaveReceivedAnyCommand();
  });

  it.each([
    ['parry:exempt', testSettings()],
    ['soc:hands-off', testSettings({ exemptTag: 'soc:hands-off' })],
  ])('changes nothing on an instance tagged %s since the event', async (tag, settings) => {
    const tagged = withInstance(instanceFixture('etl-runner-no-profile'), (instance) => {
      instance.Tags = [...(instance.Tags ?? []), { Key: tag, Value: 'forensics in progress' }];
    });
    ec2.on(DescribeInstancesCommand).callsFake(reply(tagged));

    const { outcome, calls } = await runQuarantine(bitcoin, {}, settings);

    expect(outcome).toEqual({
      status: 'skipped',
      target: 'i-0b2c3d4e5f6a70819',
      reason: `exempt: tagged ${tag}`,
    });
    expect(operations(calls)).toEqual([
      'EC2 DescribeInstances',
      'EC2 DescribeNetworkInterfaces',
      ...LOOKED_UP_AHEAD,
    ]);
  });

  it.each([
    ['an instance tag in another case', 'Parry:Exempt', 'instance'],
    ['an ENI tag', 'parry:exempt', 'eni'],
    ['an ENI tag in another case', 'PARRY:EXEMPT', 'eni'],
  ])(
    'leaves the instance alone for %s (one rule on every resource kind)',
    async (_name, key, on) => {
      const described = instanceFixture('payments-web-01');
      const tagged =
        on === 'instance'
          ? withInstance(described, (instance) => {
              instance.Tags = [...(instance.Tags ?? []), { Key: key, Value: '' }];
            })
          : described;
      ec2.on(DescribeInstancesCommand).callsFake(reply(tagged));
      if (on === 'eni') {
        ec2.on(DescribeNetworkInterfacesCommand).callsFake(
          reply({
            NetworkInterfaces: [
              { NetworkInterfaceId: WEB.primaryEni, TagSet: [] },
              { NetworkInterfaceId: WEB.secondEni, TagSet: [{ Key: key, Value: 'forensics' }] },
            ],
          }),
        );
      }

      const { outcome, calls } = await runQuarantine(backdoor);

      expect(outcome?.status).toBe('skipped');
      expect(outcome?.reason).toBe(
        on === 'eni'
          ? `exempt: tagged parry:exempt (its network interface ${WEB.secondEni})`
          : 'exempt: tagged parry:exempt',
      );
      // Only parry's own groups of the VPC may be created ahead; nothing of the instance changes.
      expect(operations(calls)).toEqual([
        'EC2 DescribeInstances',
        'EC2 DescribeNetworkInterfaces',
        ...LOOKED_UP_AHEAD,
      ]);
    },
  );

  it('keeps the original-groups tag of an interrupted run and finishes its swaps', async () => {
    const interrupted = instanceFixture('payments-web-01-interrupted');
    ec2.on(DescribeInstancesCommand).callsFake(reply(interrupted));
    earlierRunLeft({ snapshots: true, revoke: 'none' });
    ec2
      .on(DescribeSecurityGroupsCommand, findInput(WEB.vpc))
      .callsFake(
        reply({ SecurityGroups: [openUntrackGroup(WEB.vpc), emptyIsolationGroup(WEB.vpc)] }),
      );

    const { outcome, calls } = await runQuarantine(backdoor);

    expect(outcome?.status).toBe('succeeded');
    // The earlier run's record stands; only what it lacks is added.
    expect(ec2).toHaveReceivedCommandExactlyOnceWith(CreateTagsCommand, {
      Resources: [WEB.instanceId],
      Tags: [{ Key: 'parry:instance-profile', Value: WEB.profileArn }],
    });
    // The primary ENI is already in the untrack group: only its second swap is made.
    expect(
      callsOf(calls, 'ModifyNetworkInterfaceAttribute').map((c) => [
        c.input.NetworkInterfaceId,
        c.input.Groups,
        c.status,
      ]),
    ).toEqual([
      [WEB.primaryEni, [UNTRACK_ID], 'skipped'],
      [WEB.primaryEni, [ISOLATION_ID], 'ok'],
      [WEB.secondEni, [UNTRACK_ID], 'ok'],
      [WEB.secondEni, [ISOLATION_ID], 'ok'],
    ]);
    expect(outcome?.details?.originalGroups).toEqual({
      [WEB.primaryEni]: ['sg-0a1b2c3d4e5f67890', 'sg-0b2c3d4e5f6a78901'],
      [WEB.secondEni]: ['sg-0c3d4e5f6a7b89012'],
    });
  });

  it('records the original groups on the first run', async () => {
    const { outcome } = await runQuarantine(backdoor);

    expect(ec2).toHaveReceivedCommandExactlyOnceWith(CreateTagsCommand, {
      Resources: [WEB.instanceId],
      Tags: [
        {
          Key: 'parry:original-groups',
          Value: `${WEB.primaryEni}=sg-0a1b2c3d4e5f67890+sg-0b2c3d4e5f6a78901;${WEB.secondEni}=sg-0c3d4e5f6a7b89012`,
        },
        ...quarantineTags,
        { Key: 'parry:instance-profile', Value: WEB.profileArn },
      ],
    });
    expect(outcome?.details?.originalGroups).toEqual({
      [WEB.primaryEni]: ['sg-0a1b2c3d4e5f67890', 'sg-0b2c3d4e5f6a78901'],
      [WEB.secondEni]: ['sg-0c3d4e5f6a7b89012'],
    });
  });

  it.each([
    [
      'terminated',
      withInstance(instanceFixture('payments-web-01'), (instance) => {
        instance.State = { Code: 48, Name: 'terminated' };
      }),
      'the instance is terminated: nothing is left to isolate or preserve',
    ],
    ['not found', { Reservations: [] }, `instance ${WEB.instanceId} was not found`],
  ])(
    'fails clearly, after DescribeInstances alone, for an instance %s',
    async (_state, described, reason) => {
      ec2.on(DescribeInstancesCommand).callsFake(reply(described));

      const { outcome, calls } = await runQuarantine(backdoor);

      expect(outcome).toEqual({ status: 'failed', target: WEB.instanceId, reason });
      expect(operations(calls)).toEqual([
        'EC2 DescribeInstances',
        'EC2 DescribeNetworkInterfaces',
        ...LOOKED_UP_AHEAD,
      ]);
    },
  );

  it('fails without acting when the instance cannot be described', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(fails('UnauthorizedOperation'));

    const { outcome, calls } = await runQuarantine(backdoor);

    expect(outcome).toEqual({
      status: 'failed',
      target: WEB.instanceId,
      reason: 'the instance or its network interfaces could not be described: nothing was done',
      error: 'describe: DescribeInstances UnauthorizedOperation',
    });
    expect(operations(calls)).toEqual([
      'EC2 DescribeInstances',
      'EC2 DescribeNetworkInterfaces',
      ...LOOKED_UP_AHEAD,
    ]);
  });

  it('quarantines several instances at once and reports each', async () => {
    const etl = 'i-0b2c3d4e5f6a70819';
    ec2
      .on(DescribeInstancesCommand, { InstanceIds: [WEB.instanceId] })
      .callsFake(reply(instanceFixture('payments-web-01-quarantined')));
    ec2
      .on(DescribeInstancesCommand, { InstanceIds: [etl] })
      .callsFake(reply(instanceFixture('etl-runner-no-profile')));
    earlierRunLeft();

    const { outcome, calls } = await runQuarantine(backdoor, {
      'instance-id': [WEB.instanceId, etl],
    });

    expect(outcome).toMatchObject({
      status: 'succeeded',
      target: `${WEB.instanceId}, ${etl}`,
      reason: `${WEB.instanceId}: ${ALREADY_QUARANTINED}`,
      details: {
        instances: [
          { target: WEB.instanceId, status: 'skipped' },
          {
            target: etl,
            status: 'succeeded',
            originalGroups: { 'eni-03c4d5e6f7a8b9c01': ['sg-0d4e5f6a7b8c90123'] },
          },
        ],
      },
    });
    expect(operations(calls).filter((o) => o.endsWith('DescribeInstances'))).toEqual([
      'EC2 DescribeInstances',
      'EC2 DescribeInstances',
    ]);
    expect(callsOf(calls, 'DescribeInstances').map((c) => c.input)).toEqual([
      { InstanceIds: [WEB.instanceId] },
      { InstanceIds: [etl] },
    ]);
  });
});
