import {
  DescribeAutoScalingInstancesCommand,
  EnterStandbyCommand,
} from '@aws-sdk/client-auto-scaling';
import { beforeEach, describe, expect, it } from 'vitest';
import { quarantineInstance } from '../../../src/actions/quarantine-instance/index.js';
import type { PlannedCall } from '../../../src/actions/types.js';
import type { EventBridgeEvent } from '../../../src/event/envelope.js';
import { sampleEvent } from '../../helpers/events.js';
import { TEST_NOW, testSettings } from '../../helpers/execute.js';
import { firstQuarantine } from './scenario.js';
import {
  autoScaling,
  instanceFixture,
  operations,
  reply,
  resetMocks,
  runQuarantine,
} from './support.js';

const event = sampleEvent('guardduty/backdoor-ec2-c-and-c-activity.json');

const planFor = (params: Record<string, unknown>, on: EventBridgeEvent = event) =>
  quarantineInstance.plan({
    event: on,
    params: quarantineInstance.params.parse(params),
    playbook: { name: 'test-playbook', mode: 'enforce' },
    settings: testSettings(),
    previous: [],
    now: TEST_NOW,
  });

const hasPlaceholder = (value: unknown): boolean => /"<[^"]*>"/.test(JSON.stringify(value));

describe('quarantine-instance plan and execution', () => {
  beforeEach(() => {
    resetMocks();
    firstQuarantine();
  });

  it.each([
    ['the default params', {}],
    ['stop: true', { stop: true }],
    [
      'no snapshot, no profile steps',
      { snapshot: false, 'detach-instance-profile': false, 'revoke-role-sessions': false },
    ],
  ])('makes the planned calls in the planned order, with %s', async (_name, params) => {
    const plan = planFor(params);
    const { outcome, calls } = await runQuarantine(event, params);

    expect(outcome?.status).toBe('succeeded');
    expect(operations(calls)).toEqual(operations(plan.calls));
    // Where the plan knows the whole input, execution sends exactly it.
    plan.calls.forEach((planned: PlannedCall, index) => {
      if (!hasPlaceholder(planned.input)) expect(calls[index]?.input).toEqual(planned.input);
    });
  });

  it('makes the planned calls in the planned order for an Auto Scaling member it stops', async () => {
    const trojan = sampleEvent('guardduty/trojan-ec2-dns-data-exfiltration.json');
    resetMocks();
    firstQuarantine(instanceFixture('batch-worker-asg'), 'vpc-07e6d5c4b3a291807');
    autoScaling.on(DescribeAutoScalingInstancesCommand).callsFake(
      reply({
        AutoScalingInstances: [
          {
            InstanceId: 'i-0c3d4e5f6a7b8092a',
            AutoScalingGroupName: 'batch-workers-asg',
            LifecycleState: 'InService',
          },
        ],
      }),
    );
    autoScaling.on(EnterStandbyCommand).callsFake(reply({ Activities: [] }));
    const plan = planFor({ stop: true }, trojan);

    const { outcome, calls } = await runQuarantine(trojan, { stop: true });

    expect(outcome?.status).toBe('succeeded');
    expect(operations(calls)).toEqual(operations(plan.calls));
    // Round 1: the instance, its ENIs and its VPC's groups (looked up and created at once).
    expect(operations(plan.calls)).toEqual([
      'EC2 DescribeInstances',
      'EC2 DescribeNetworkInterfaces',
      'EC2 DescribeSecurityGroups',
      'EC2 CreateSecurityGroup',
      'EC2 CreateSecurityGroup',
      'EC2 CreateTags',
      'EC2 ModifyInstanceAttribute',
      'EC2 ModifyInstanceAttribute',
      'EC2 ModifyInstanceAttribute',
      'AutoScaling DescribeAutoScalingInstances',
      'EC2 CreateSnapshots',
      'IAM GetInstanceProfile',
      'EC2 DescribeIamInstanceProfileAssociations',
      'EC2 AuthorizeSecurityGroupIngress',
      'EC2 AuthorizeSecurityGroupEgress',
      'EC2 RevokeSecurityGroupEgress',
      'EC2 RevokeSecurityGroupEgress',
      'AutoScaling EnterStandby',
      'IAM GetRole',
      'EC2 DisassociateIamInstanceProfile',
      'EC2 ModifyNetworkInterfaceAttribute',
      'EC2 StopInstances',
      'IAM PutRolePolicy',
      'EC2 ModifyNetworkInterfaceAttribute',
    ]);
  });
});
