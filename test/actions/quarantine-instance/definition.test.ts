import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { quarantineInstance } from '../../../src/actions/quarantine-instance/index.js';
import { enisToContain } from '../../../src/actions/quarantine-instance/plan.js';
import { par, seq, startOrder } from '../../../src/actions/quarantine-instance/schedule.js';
import { COMMANDS } from '../../../src/actions/quarantine-instance/send.js';
import {
  ORIGINAL_GROUPS_TAG,
  originalGroupsTags,
  parseOriginalGroups,
} from '../../../src/actions/quarantine-instance/tags.js';
import { ActionInputError, type PlannedCall } from '../../../src/actions/types.js';
import type { EventBridgeEvent } from '../../../src/event/envelope.js';
import { sampleEvent } from '../../helpers/events.js';
import { TEST_NOW, testSettings } from '../../helpers/execute.js';

const PREFIX = { EC2: 'ec2', IAM: 'iam', AutoScaling: 'autoscaling' } as const;

const call = (operation: string): PlannedCall => ({ service: 'EC2', operation, input: {} });
const names = (calls: PlannedCall[]): string[] => calls.map((c) => c.operation);

const planOn = (event: EventBridgeEvent, params: Record<string, unknown> = {}) =>
  quarantineInstance.plan({
    event,
    params: quarantineInstance.params.parse(params),
    playbook: { name: 'test-playbook', mode: 'enforce' },
    settings: testSettings(),
    previous: [],
    now: TEST_NOW,
  });

describe('quarantine-instance definition', () => {
  it('asks for exactly the IAM actions of the commands it can send', () => {
    const commands = Object.keys(COMMANDS).map((key) => {
      const [service = '', operation = ''] = key.split(':');
      return `${PREFIX[service as keyof typeof PREFIX]}:${operation}`;
    });
    expect([...quarantineInstance.permissions].sort()).toEqual(commands.sort());
  });

  it('keeps the SDK out of everything but execution, which loads lazily', () => {
    const source = (file: string) =>
      readFileSync(
        new URL(`../../../src/actions/quarantine-instance/${file}`, import.meta.url),
        'utf8',
      );
    for (const file of [
      'index.ts',
      'behaviour.ts',
      'plan.ts',
      'facts.ts',
      'groups.ts',
      'params.ts',
      'tags.ts',
      'targets.ts',
      'schedule.ts',
      'notes.ts',
    ]) {
      expect(source(file), file).not.toMatch(/from '@aws-sdk\//);
    }
    expect(source('behaviour.ts')).toContain("() => import('./execute.js')");
    expect(source('behaviour.ts')).not.toMatch(/from '\.\/execute\.js'/);
  });

  it('describes every param and cites the connection-tracking guide', () => {
    const shape = quarantineInstance.params.shape;
    for (const [name, schema] of Object.entries(shape)) {
      expect(schema.description, name).toMatch(/\w{3,}/);
    }
    expect(quarantineInstance.params.parse({})).toEqual({
      snapshot: true,
      'detach-instance-profile': true,
      'revoke-role-sessions': true,
      stop: false,
      'asg-standby': true,
    });
    expect(quarantineInstance.notes).toContain(
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-connection-tracking.html',
    );
  });

  it.each([
    ['one after another', seq(call('a'), call('b')), ['a', 'b']],
    ['at once', par(call('a'), call('b')), ['a', 'b']],
    ['a chain beside a call', par(seq(call('a'), call('b')), call('c')), ['a', 'c', 'b']],
    [
      'what an answer unblocks, in the order of the answers',
      par(
        seq(call('a'), call('a2')),
        seq(call('b'), call('b2'), call('b3')),
        seq(call('c'), call('c2')),
      ),
      ['a', 'b', 'c', 'a2', 'b2', 'c2', 'b3'],
    ],
    [
      'a join after its last branch',
      seq(par(seq(call('a'), call('a2')), call('b')), call('after')),
      ['a', 'b', 'a2', 'after'],
    ],
    ['nothing', par(seq(), par()), []],
  ])('orders calls %s as execution starts them', (_name, flow, expected) => {
    expect(names(startOrder(flow))).toEqual(expected);
  });

  it('round-trips original groups through tags of at most 256 characters', () => {
    const groups = Object.fromEntries(
      Array.from({ length: 5 }, (_, i) => [
        `eni-0${i}a9b8c7d6e5f40312`,
        [`sg-0${i}c3d4e5f6a7b89012`, `sg-0${i}b2c3d4e5f6a78901`],
      ]),
    );
    const tags = originalGroupsTags(groups);

    expect(tags.map((t) => t.Key)).toEqual([ORIGINAL_GROUPS_TAG, `${ORIGINAL_GROUPS_TAG}:2`]);
    expect(tags.every((t) => t.Value.length <= 256)).toBe(true);
    expect(parseOriginalGroups(Object.fromEntries(tags.map((t) => [t.Key, t.Value])))).toEqual(
      groups,
    );
  });

  it('plans no call for an instance the event shows exempt', () => {
    expect(planOn(sampleEvent('guardduty/backdoor-ec2-exempt-instance.json'))).toEqual({
      target: 'i-0d4e5f6a7b8c9d0e1',
      calls: [],
      skip: 'exempt: tagged parry:exempt',
    });
  });

  it('refuses an event that names no instance', () => {
    expect(() => planOn(sampleEvent('guardduty/iam-tor-ip-caller.json'))).toThrow(ActionInputError);
  });

  it('plans with placeholders what only DescribeInstances tells, for an instance-id override', () => {
    const plan = planOn(sampleEvent('cloudtrail/stop-logging.json'), {
      'instance-id': 'i-0123456789abcdef0',
    });

    expect(plan.target).toBe('i-0123456789abcdef0');
    expect(plan.calls[0]).toEqual({
      service: 'EC2',
      operation: 'DescribeInstances',
      input: { InstanceIds: ['i-0123456789abcdef0'] },
    });
    expect(
      plan.calls.find((c) => c.operation === 'ModifyNetworkInterfaceAttribute')?.input,
    ).toEqual({
      NetworkInterfaceId: '<each ENI from DescribeInstances>',
      Groups: ['<parry-untrack-<its VPC>>'],
    });
  });
});

describe('quarantine-instance at scale', () => {
  it('groups 80 000 ENIs by VPC in one pass (a copy per ENI took minutes)', () => {
    const enis = Array.from({ length: 80_000 }, (_, i) => ({
      id: `eni-${i.toString(16).padStart(17, '0')}`,
      vpcId: i % 2 === 0 ? 'vpc-a' : 'vpc-b',
      groups: [{ id: 'sg-1', name: 'web' }],
    }));
    const byVpc = enisToContain({ instanceId: 'i-1', enis, tags: {} });
    expect([...byVpc.keys()]).toEqual(['vpc-a', 'vpc-b']);
    expect(byVpc.get('vpc-a')).toHaveLength(40_000);
    expect(byVpc.get('vpc-b')?.[0]).toBe(enis[1]);
  });
});
