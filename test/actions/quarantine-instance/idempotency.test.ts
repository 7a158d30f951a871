import {
  CreateTagsCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
} from '@aws-sdk/client-ec2';
import { beforeEach, describe, expect, it } from 'vitest';
import { sampleEvent } from '../../helpers/events.js';
import { TEST_NOW, testSettings } from '../../helpers/execute.js';
import {
  emptyIsolationGroup,
  findInput,
  firstQuarantine,
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

  it('reports an already quarantined instance as a no-op after DescribeInstances alone', async () => {
    ec2
      .on(DescribeInstancesCommand)
      .callsFake(reply(instanceFixture('payments-web-01-quarantined')));

    const { outcome, calls } = await runQuarantine(backdoor);

    expect(outcome).toEqual({
      status: 'skipped',
      target: WEB.instanceId,
      reason: "already quarantined: every ENI has only its VPC's isolation group",
    });
    expect(calls).toEqual([
      {
        service: 'EC2',
        operation: 'DescribeInstances',
        input: { InstanceIds: [WEB.instanceId] },
        status: 'ok',
      },
    ]);
    expect(iam).not.toHaveReceivedAnyCommand();
    expect(autoScaling).not.toHaveReceivedAnyCommand();
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
  ])('does nothing but describe an instance tagged %s since the event', async (tag, settings) => {
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
    expect(operations(calls)).toEqual(['EC2 DescribeInstances']);
  });

  it('keeps the original-groups tag of an interrupted run and finishes its swaps', async () => {
    const interrupted = instanceFixture('payments-web-01-interrupted');
    ec2.on(DescribeInstancesCommand).callsFake(reply(interrupted));
    ec2
      .on(DescribeSecurityGroupsCommand, findInput(WEB.vpc))
      .callsFake(
        reply({ SecurityGroups: [openUntrackGroup(WEB.vpc), emptyIsolationGroup(WEB.vpc)] }),
      );

    const { outcome, calls } = await runQuarantine(backdoor);

    expect(outcome?.status).toBe('succeeded');
    expect(ec2).toHaveReceivedCommandExactlyOnceWith(CreateTagsCommand, {
      Resources: [WEB.instanceId],
      Tags: quarantineTags,
    });
    expect(callsOf(calls, 'CreateTags')[0]?.input.Tags).toEqual(quarantineTags);
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
      expect(operations(calls)).toEqual(['EC2 DescribeInstances']);
    },
  );

  it('fails without acting when the instance cannot be described', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(fails('UnauthorizedOperation'));

    const { outcome, calls } = await runQuarantine(backdoor);

    expect(outcome).toEqual({
      status: 'failed',
      target: WEB.instanceId,
      reason: 'the instance could not be described: nothing was done',
      error: 'describe: DescribeInstances UnauthorizedOperation',
    });
    expect(operations(calls)).toEqual(['EC2 DescribeInstances']);
  });

  it('quarantines several instances one after another and reports each', async () => {
    const etl = 'i-0b2c3d4e5f6a70819';
    ec2
      .on(DescribeInstancesCommand, { InstanceIds: [WEB.instanceId] })
      .callsFake(reply(instanceFixture('payments-web-01-quarantined')));
    ec2
      .on(DescribeInstancesCommand, { InstanceIds: [etl] })
      .callsFake(reply(instanceFixture('etl-runner-no-profile')));

    const { outcome, calls } = await runQuarantine(backdoor, {
      'instance-id': [WEB.instanceId, etl],
    });

    expect(outcome).toMatchObject({
      status: 'succeeded',
      target: `${WEB.instanceId}, ${etl}`,
      reason: `${WEB.instanceId}: already quarantined: every ENI has only its VPC's isolation group`,
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
    expect(operations(calls).slice(0, 3)).toEqual([
      'EC2 DescribeInstances',
      'EC2 DescribeInstances',
      'EC2 DescribeSecurityGroups',
    ]);
    expect(callsOf(calls, 'DescribeInstances').map((c) => c.input)).toEqual([
      { InstanceIds: [WEB.instanceId] },
      { InstanceIds: [etl] },
    ]);
  });
});
