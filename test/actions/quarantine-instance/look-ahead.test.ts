import {
  CreateSecurityGroupCommand,
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  ModifyNetworkInterfaceAttributeCommand,
} from '@aws-sdk/client-ec2';
import pMap from 'p-map';
import { beforeEach, describe, expect, it } from 'vitest';
import { LOOK_AHEAD_VPCS } from '../../../src/actions/quarantine-instance/groups.js';
import { quarantineInstance } from '../../../src/actions/quarantine-instance/index.js';
import type { CallRecord } from '../../../src/actions/types.js';
import type { EventBridgeEvent } from '../../../src/event/envelope.js';
import { sampleEvent } from '../../helpers/events.js';
import { TEST_NOW, testSettings } from '../../helpers/execute.js';
import { enisOf, findInput, firstQuarantine, isolationName, untrackName, WEB } from './scenario.js';
import {
  callsOf,
  ec2,
  fails,
  ISOLATION_ID,
  instanceFixture,
  reply,
  resetMocks,
  runQuarantine,
  UNTRACK_ID,
} from './support.js';

const FORGED_VPC = 'vpc-0ffffffffffffffff';

/** The backdoor finding with each ENI's `vpcId` replaced (the event is attacker-controlled). */
function findingWithVpcs(vpcIds: (i: number) => string): EventBridgeEvent {
  const event = sampleEvent('guardduty/backdoor-ec2-c-and-c-activity.json');
  const instance = (event.detail as { resource: { instanceDetails: Record<string, unknown> } })
    .resource.instanceDetails;
  const enis = instance.networkInterfaces as Record<string, unknown>[];
  instance.networkInterfaces = enis.map((eni, i) => ({ ...eni, vpcId: vpcIds(i) }));
  return event;
}

/** The groups each swap moved an ENI to. */
const swappedTo = (calls: readonly CallRecord[]) =>
  callsOf(calls, 'ModifyNetworkInterfaceAttribute').map((c) => [
    c.input.NetworkInterfaceId,
    c.input.Groups,
  ]);

const indexOf = (calls: readonly CallRecord[], match: (c: CallRecord) => boolean) =>
  calls.findIndex(match);

/**
 * Notes when DescribeInstances answers and when the VPC's groups are asked
 * for: whether the lookup waited for the answer (one round more) or not.
 */
function timeline(): string[] {
  const events: string[] = [];
  const described = instanceFixture('payments-web-01');
  ec2.on(DescribeInstancesCommand).callsFake(async () => {
    const output = await reply(described)();
    events.push('DescribeInstances answered');
    return output;
  });
  ec2.on(DescribeSecurityGroupsCommand, findInput(WEB.vpc)).callsFake(() => {
    events.push('groups asked for');
    return reply({ SecurityGroups: [] })();
  });
  return events;
}

describe('quarantine-instance looks up its VPC groups ahead, from the event', () => {
  beforeEach(() => {
    resetMocks();
    firstQuarantine();
  });

  it('asks for the groups with DescribeInstances, before it answers', async () => {
    const events = timeline();

    const { outcome, calls } = await runQuarantine(
      sampleEvent('guardduty/backdoor-ec2-c-and-c-activity.json'),
    );

    expect(outcome?.status).toBe('succeeded');
    expect(events).toEqual(['groups asked for', 'DescribeInstances answered']);
    expect(
      calls.slice(0, 5).map((c) => `${c.operation} ${String(c.input.GroupName ?? '')}`),
    ).toEqual([
      'DescribeInstances ',
      'DescribeNetworkInterfaces ',
      'DescribeSecurityGroups ',
      `CreateSecurityGroup ${untrackName(WEB.vpc)}`,
      `CreateSecurityGroup ${isolationName(WEB.vpc)}`,
    ]);
    expect(ec2).toHaveReceivedCommandTimes(DescribeSecurityGroupsCommand, 1);
  });

  it.each([
    ['a VPC of the same account the instance is not in', () => FORGED_VPC],
    [
      'one ENI in the right VPC, one in a forged one',
      (i: number) => (i === 0 ? WEB.vpc : FORGED_VPC),
    ],
  ])(
    'never puts a group of another VPC on an ENI when the finding names %s',
    async (_name, vpcIds) => {
      ec2
        .on(DescribeSecurityGroupsCommand, findInput(FORGED_VPC))
        .callsFake(reply({ SecurityGroups: [] }));
      ec2
        .on(CreateSecurityGroupCommand, { VpcId: FORGED_VPC })
        .callsFake(reply({ GroupId: 'sg-0bad0bad0bad0bad0' }));

      const { outcome, calls } = await runQuarantine(findingWithVpcs(vpcIds));

      expect(outcome?.status).toBe('succeeded');
      // The VPC DescribeInstances shows is the one whose groups go on the ENIs.
      expect(swappedTo(calls)).toEqual([
        [WEB.primaryEni, [UNTRACK_ID]],
        [WEB.secondEni, [UNTRACK_ID]],
        [WEB.primaryEni, [ISOLATION_ID]],
        [WEB.secondEni, [ISOLATION_ID]],
      ]);
      expect(outcome?.details?.groups).toEqual({
        [WEB.vpc]: { untrack: UNTRACK_ID, isolation: ISOLATION_ID },
      });
      expect(ec2).toHaveReceivedCommandWith(DescribeSecurityGroupsCommand, findInput(WEB.vpc));
      // The forged VPC's groups are created, never opened, emptied or used.
      const forged = calls.filter((c) => c.input.GroupId === 'sg-0bad0bad0bad0bad0');
      expect(forged).toEqual([]);
    },
  );

  it('looks up the VPC DescribeInstances shows only once it answers, when the finding named another', async () => {
    ec2
      .on(DescribeSecurityGroupsCommand, findInput(FORGED_VPC))
      .callsFake(reply({ SecurityGroups: [] }));
    ec2
      .on(CreateSecurityGroupCommand, { VpcId: FORGED_VPC })
      .callsFake(fails('InvalidVpcID.NotFound'));

    const { outcome, calls } = await runQuarantine(findingWithVpcs(() => FORGED_VPC));

    expect(outcome?.status).toBe('succeeded');
    const described = indexOf(calls, (c) => c.operation === 'DescribeInstances');
    const realLookup = indexOf(
      calls,
      (c) => c.operation === 'DescribeSecurityGroups' && JSON.stringify(c.input).includes(WEB.vpc),
    );
    const forgedLookup = indexOf(
      calls,
      (c) =>
        c.operation === 'DescribeSecurityGroups' && JSON.stringify(c.input).includes(FORGED_VPC),
    );
    // Round 1: the instance, its ENIs and the finding's VPC; the real VPC with the steps
    // DescribeInstances' answer starts (containment first, then the tags).
    expect([described, forgedLookup]).toEqual([0, 2]);
    expect(realLookup).toBe(5);
    expect(indexOf(calls, (c) => c.operation === 'CreateTags')).toBeGreaterThan(realLookup);
    // The forged VPC's failed creations cost nothing and do not read as failed.
    expect(
      callsOf(calls, 'CreateSecurityGroup')
        .filter((c) => c.input.VpcId === FORGED_VPC)
        .map((c) => [c.status, c.error?.replace(/^.*\(tolerated: /, '')]),
    ).toEqual([
      ['tolerated', 'looked up ahead from the event: no ENI of the instance is in it)'],
      ['tolerated', 'looked up ahead from the event: no ENI of the instance is in it)'],
    ]);
    expect(calls.filter((c) => c.status === 'failed')).toEqual([]);
  });

  it('still isolates every ENI when the finding shows them isolated already (looked up after DescribeInstances)', async () => {
    const event = sampleEvent('guardduty/backdoor-ec2-c-and-c-activity.json');
    const instance = (event.detail as { resource: { instanceDetails: Record<string, unknown> } })
      .resource.instanceDetails;
    instance.networkInterfaces = (instance.networkInterfaces as Record<string, unknown>[]).map(
      (eni) => ({
        ...eni,
        securityGroups: [{ groupId: 'sg-0f0f0f0f0f0f0f0f0', groupName: isolationName(WEB.vpc) }],
      }),
    );
    const events = timeline();

    const { outcome, calls } = await runQuarantine(event);

    expect(outcome?.status).toBe('succeeded');
    // Nothing to look up ahead for ENIs the event shows done: DescribeInstances decides.
    expect(events).toEqual(['DescribeInstances answered', 'groups asked for']);
    expect(swappedTo(calls)).toEqual([
      [WEB.primaryEni, [UNTRACK_ID]],
      [WEB.secondEni, [UNTRACK_ID]],
      [WEB.primaryEni, [ISOLATION_ID]],
      [WEB.secondEni, [ISOLATION_ID]],
    ]);
  });

  it(`looks up at most ${LOOK_AHEAD_VPCS} VPCs ahead, and no VPC id that is not one`, async () => {
    const many = sampleEvent('guardduty/backdoor-ec2-c-and-c-activity.json');
    const instance = (many.detail as { resource: { instanceDetails: Record<string, unknown> } })
      .resource.instanceDetails;
    instance.networkInterfaces = Array.from({ length: 20 }, (_, i) => ({
      networkInterfaceId: `eni-0${i.toString(16).padStart(16, '0')}`,
      vpcId: i === 0 ? 'vpc-../../etc' : `vpc-0${i.toString(16).padStart(16, 'a')}`,
      securityGroups: [{ groupId: 'sg-0a1b2c3d4e5f67890', groupName: 'web' }],
    }));
    ec2.on(DescribeSecurityGroupsCommand).callsFake(reply({ SecurityGroups: [] }));
    ec2.on(CreateSecurityGroupCommand).callsFake(reply({ GroupId: 'sg-0bad0bad0bad0bad0' }));
    firstQuarantine();

    const { calls } = await runQuarantine(many);

    const lookedUp = callsOf(calls, 'DescribeSecurityGroups').map(
      (c) => (c.input.Filters as { Values: string[] }[])[0]?.Values[0],
    );
    expect(lookedUp).toHaveLength(LOOK_AHEAD_VPCS + 1);
    expect(lookedUp).not.toContain('vpc-../../etc');
    // The one VPC the instance is in, looked up once DescribeInstances said so.
    expect(lookedUp.at(-1)).toBe(WEB.vpc);
  });
});

describe('quarantine-instance of several instances of one event', () => {
  beforeEach(() => {
    resetMocks();
    firstQuarantine();
  });

  it('quarantines them at once, creating their VPC groups once', async () => {
    const web = instanceFixture('payments-web-01');
    const twin = structuredClone(web);
    const twinId = 'i-0a1b2c3d4e5f60799';
    const twinInstance = twin.Reservations?.[0]?.Instances?.[0];
    if (twinInstance) {
      twinInstance.InstanceId = twinId;
      twinInstance.NetworkInterfaces = twinInstance.NetworkInterfaces?.map((eni, i) => ({
        ...eni,
        NetworkInterfaceId: `eni-0a9b8c7d6e5f4099${i}`,
      }));
    }
    ec2.on(DescribeInstancesCommand, { InstanceIds: [twinId] }).callsFake(reply(twin));
    ec2
      .on(DescribeNetworkInterfacesCommand, {
        Filters: [{ Name: 'attachment.instance-id', Values: [twinId] }],
      })
      .callsFake(reply(enisOf(twin)));

    const { outcome, calls } = await runQuarantine(
      sampleEvent('guardduty/backdoor-ec2-c-and-c-activity.json'),
      { 'instance-id': [WEB.instanceId, twinId] },
    );

    expect(outcome?.status, JSON.stringify(outcome)).toBe('succeeded');
    // Both instances are described before either one's groups are made ready.
    const described = callsOf(calls, 'DescribeInstances').map((c) => calls.indexOf(c));
    expect(Math.max(...described)).toBeLessThan(
      indexOf(calls, (c) => c.operation === 'AuthorizeSecurityGroupIngress'),
    );
    expect(ec2).toHaveReceivedCommandTimes(DescribeSecurityGroupsCommand, 1);
    expect(ec2).toHaveReceivedCommandTimes(CreateSecurityGroupCommand, 2);
    expect(ec2).toHaveReceivedCommandTimes(ModifyNetworkInterfaceAttributeCommand, 8);
    expect(
      callsOf(calls, 'ModifyNetworkInterfaceAttribute')
        .filter((c) => (c.input.Groups as string[])[0] === ISOLATION_ID)
        .map((c) => c.input.NetworkInterfaceId),
    ).toHaveLength(4);
  });

  it.each([
    [1, 1],
    [3, 3],
    [3, 10],
  ])('runs at most %i at a time of %i, results in order', async (limit, count) => {
    let running = 0;
    let most = 0;
    // The bound execute gives p-map (CONCURRENT_INSTANCES), as it uses it.
    const results = await pMap(
      Array.from({ length: count }, (_, i) => i),
      async (i) => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((r) => setImmediate(r));
        running -= 1;
        return i * 2;
      },
      { concurrency: limit },
    );
    expect(results).toEqual(Array.from({ length: count }, (_, i) => i * 2));
    expect(most).toBe(Math.min(limit, count));
  });
});

describe('quarantine-instance plan of several instances', () => {
  it('lists the group calls of a VPC the instances share once', () => {
    const base = sampleEvent('cloudtrail/stop-logging.json');
    const instance = (id: string, eni: string) => ({
      instanceId: id,
      networkInterfaceSet: {
        items: [
          {
            networkInterfaceId: eni,
            vpcId: WEB.vpc,
            groupSet: { items: [{ groupId: 'sg-0a1b2c3d4e5f67890', groupName: 'web' }] },
          },
        ],
      },
    });
    const event = {
      ...base,
      source: 'aws.ec2',
      detail: {
        ...(base.detail as object),
        eventName: 'RunInstances',
        responseElements: {
          instancesSet: {
            items: [
              instance('i-0a1b2c3d4e5f60718', 'eni-0f1e2d3c4b5a69788'),
              instance('i-0a1b2c3d4e5f60799', 'eni-0f1e2d3c4b5a69799'),
            ],
          },
        },
      },
    };
    const plan = quarantineInstance.plan({
      event,
      params: quarantineInstance.params.parse({}),
      playbook: { name: 'test-playbook', mode: 'enforce' },
      settings: testSettings(),
      previous: [],
      now: TEST_NOW,
    });
    const count = (operation: string) => plan.calls.filter((c) => c.operation === operation).length;
    expect([
      count('DescribeInstances'),
      count('DescribeSecurityGroups'),
      count('CreateSecurityGroup'),
      count('RevokeSecurityGroupEgress'),
      count('ModifyNetworkInterfaceAttribute'),
    ]).toEqual([2, 1, 2, 2, 4]);
  });
});
