import { readFileSync } from 'node:fs';
import { CreateTagsCommand, DescribeTagsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { tag } from '../../../src/actions/tag/index.js';
import type { TagParams } from '../../../src/actions/tag/params.js';
import { ActionInputError, type PlanContext } from '../../../src/actions/types.js';
import { AwsCallError } from '../../../src/aws/index.js';
import type { EventBridgeEvent } from '../../../src/event/envelope.js';
import { sampleEvent } from '../../helpers/events.js';
import { executeAction, TEST_NOW, testSettings } from '../../helpers/execute.js';

const ec2 = mockClient(EC2Client);
const INSTANCE = 'i-0a1b2c3d4e5f60718';
const TAGS = [
  { Key: 'incident', Value: 'IR-2041' },
  { Key: 'parry:finding', Value: '51ea40b07088b482c23174d06cde3e3a' },
];
const PARAMS = {
  tags: { incident: 'IR-2041', 'parry:finding': '51ea40b07088b482c23174d06cde3e3a' },
};
const backdoor = () => sampleEvent('guardduty/backdoor-ec2-c-and-c-activity.json');

// Not filtered by key: the exempt tag is matched without regard to case.
const describeFor = (ids: string[]) => ({ Filters: [{ Name: 'resource-id', Values: ids }] });
const exemptTagOn = (id: string, key = 'parry:exempt') => ({
  Key: key,
  Value: 'owned by secops',
  ResourceId: id,
  ResourceType: 'instance' as const,
});

function planFor(event: EventBridgeEvent, params: unknown, settings = testSettings()) {
  const context: PlanContext<TagParams> = {
    event,
    params: tag.params.parse(params),
    playbook: { name: 'test-playbook', mode: 'dry-run' },
    settings,
    previous: [],
    now: TEST_NOW,
  };
  return tag.plan(context);
}

/** A CloudTrail EC2 call, as EventBridge delivers it. */
const ec2Call = (eventName: string, detail: Record<string, unknown>): EventBridgeEvent => ({
  version: '0',
  id: 'evt-1',
  'detail-type': 'AWS API Call via CloudTrail',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2026-03-22T14:05:31Z',
  region: 'us-east-1',
  resources: [],
  detail: { eventSource: 'ec2.amazonaws.com', eventName, awsRegion: 'us-east-1', ...detail },
});

beforeEach(() => {
  ec2.reset();
  ec2.on(DescribeTagsCommand).resolves({ Tags: [] });
  ec2.on(CreateTagsCommand).resolves({});
});

describe('tag', () => {
  it("tags a GuardDuty finding's instance after checking it is not exempt", async () => {
    const { outcome, calls } = await executeAction(tag, PARAMS, backdoor());

    expect(ec2).toHaveReceivedCommandTimes(DescribeTagsCommand, 1);
    expect(ec2).toHaveReceivedCommandExactlyOnceWith(DescribeTagsCommand, describeFor([INSTANCE]));
    expect(ec2).toHaveReceivedCommandExactlyOnceWith(CreateTagsCommand, {
      Resources: [INSTANCE],
      Tags: TAGS,
    });
    expect(outcome).toEqual({
      status: 'succeeded',
      target: INSTANCE,
      details: { tagged: [INSTANCE] },
    });
    expect(calls).toEqual([
      { service: 'EC2', operation: 'DescribeTags', input: describeFor([INSTANCE]), status: 'ok' },
      {
        service: 'EC2',
        operation: 'CreateTags',
        input: { Resources: [INSTANCE], Tags: TAGS },
        status: 'ok',
      },
    ]);
  });

  it('plans the check and the guarded CreateTags', () => {
    expect(planFor(backdoor(), PARAMS)).toEqual({
      target: INSTANCE,
      calls: [
        { service: 'EC2', operation: 'DescribeTags', input: describeFor([INSTANCE]) },
        {
          service: 'EC2',
          operation: 'CreateTags',
          input: { Resources: [INSTANCE], Tags: TAGS },
          condition: 'only those DescribeTags does not show tagged parry:exempt (in any case)',
        },
      ],
    });
  });

  it('skips an instance the finding shows tagged exempt, without a call', () => {
    expect(planFor(sampleEvent('guardduty/backdoor-ec2-exempt-instance.json'), PARAMS)).toEqual({
      target: 'i-0d4e5f6a7b8c9d0e1',
      calls: [],
      skip: 'exempt: tagged parry:exempt',
      details: { exempt: ['i-0d4e5f6a7b8c9d0e1'] },
    });
  });

  it('does not tag an instance tagged exempt since the finding', async () => {
    ec2.on(DescribeTagsCommand).resolves({ Tags: [exemptTagOn(INSTANCE)] });
    const { outcome, calls } = await executeAction(tag, PARAMS, backdoor());

    expect(ec2).toHaveReceivedCommandTimes(CreateTagsCommand, 0);
    expect(outcome).toEqual({
      status: 'skipped',
      reason: 'exempt: tagged parry:exempt',
      target: INSTANCE,
      details: { exempt: [INSTANCE] },
    });
    expect(calls).toEqual([
      { service: 'EC2', operation: 'DescribeTags', input: describeFor([INSTANCE]), status: 'ok' },
      {
        service: 'EC2',
        operation: 'CreateTags',
        input: { Resources: [INSTANCE], Tags: TAGS },
        status: 'skipped',
        error: 'exempt: tagged parry:exempt',
      },
    ]);
  });

  it('leaves alone a resource whose exempt tag is in another case, and reads other tags past it', async () => {
    const resources = ['i-0aaaaaaaaaaaaaaa1', 'sg-0ccccccccccccccc3'];
    ec2.on(DescribeTagsCommand).resolves({
      Tags: [
        { Key: 'Name', Value: 'web', ResourceId: 'i-0aaaaaaaaaaaaaaa1', ResourceType: 'instance' },
        { ...exemptTagOn('sg-0ccccccccccccccc3', 'Parry:Exempt'), ResourceType: 'security-group' },
      ],
    });
    const { outcome } = await executeAction(tag, { ...PARAMS, resources }, backdoor());

    expect(ec2).toHaveReceivedCommandExactlyOnceWith(CreateTagsCommand, {
      Resources: ['i-0aaaaaaaaaaaaaaa1'],
      Tags: TAGS,
    });
    expect(outcome?.details).toEqual({
      tagged: ['i-0aaaaaaaaaaaaaaa1'],
      exempt: ['sg-0ccccccccccccccc3'],
    });
  });

  it('makes no CreateTags for a resource that carries every tag already (a second run)', async () => {
    ec2.on(DescribeTagsCommand).resolves({
      Tags: TAGS.map((t) => ({ ...t, ResourceId: INSTANCE, ResourceType: 'instance' as const })),
    });
    const { outcome, calls } = await executeAction(tag, PARAMS, backdoor());

    expect(ec2).not.toHaveReceivedCommand(CreateTagsCommand);
    expect(outcome).toMatchObject({ status: 'skipped', reason: 'already tagged: nothing to do' });
    expect(calls.map((c) => [c.operation, c.status])).toEqual([
      ['DescribeTags', 'ok'],
      ['CreateTags', 'skipped'],
    ]);
  });

  it('refuses, when loading, resources of a kind its role may not tag', () => {
    const parsed = tag.params.safeParse({ ...PARAMS, resources: ['subnet-0aaaaaaaaaaaaaaa1'] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/^parry's role may tag only instances/);
  });

  it('tags only the resources that are not exempt', async () => {
    const resources = ['i-0aaaaaaaaaaaaaaa1', 'i-0bbbbbbbbbbbbbbb2', 'sg-0ccccccccccccccc3'];
    ec2.on(DescribeTagsCommand).resolves({ Tags: [exemptTagOn('i-0bbbbbbbbbbbbbbb2')] });
    const { outcome, calls } = await executeAction(tag, { ...PARAMS, resources }, backdoor());

    expect(ec2).toHaveReceivedCommandExactlyOnceWith(DescribeTagsCommand, describeFor(resources));
    expect(ec2).toHaveReceivedCommandExactlyOnceWith(CreateTagsCommand, {
      Resources: ['i-0aaaaaaaaaaaaaaa1', 'sg-0ccccccccccccccc3'],
      Tags: TAGS,
    });
    expect(outcome).toEqual({
      status: 'succeeded',
      target: 'i-0aaaaaaaaaaaaaaa1, sg-0ccccccccccccccc3',
      reason: 'not tagged: i-0bbbbbbbbbbbbbbb2 (exempt: tagged parry:exempt)',
      details: {
        tagged: ['i-0aaaaaaaaaaaaaaa1', 'sg-0ccccccccccccccc3'],
        exempt: ['i-0bbbbbbbbbbbbbbb2'],
      },
    });
    expect(calls.map((c) => [c.operation, c.status, c.input.Resources])).toEqual([
      ['DescribeTags', 'ok', undefined],
      ['CreateTags', 'skipped', ['i-0bbbbbbbbbbbbbbb2']],
      ['CreateTags', 'ok', ['i-0aaaaaaaaaaaaaaa1', 'sg-0ccccccccccccccc3']],
    ]);
  });

  it('checks the exempt tag the settings name', async () => {
    const settings = testSettings({ exemptTag: 'secops:hands-off' });
    ec2.on(DescribeTagsCommand).resolves({ Tags: [exemptTagOn(INSTANCE, 'secops:hands-off')] });
    const { outcome } = await executeAction(tag, PARAMS, backdoor(), { settings });

    expect(ec2).toHaveReceivedCommandExactlyOnceWith(DescribeTagsCommand, describeFor([INSTANCE]));
    expect(outcome).toMatchObject({ status: 'skipped', reason: 'exempt: tagged secops:hands-off' });
  });

  it('reads every page of DescribeTags before deciding', async () => {
    const resources = ['i-0aaaaaaaaaaaaaaa1', 'i-0bbbbbbbbbbbbbbb2'];
    ec2
      .on(DescribeTagsCommand)
      .resolvesOnce({ Tags: [], NextToken: 'page-2' })
      .resolvesOnce({ Tags: [exemptTagOn('i-0bbbbbbbbbbbbbbb2')] });
    await executeAction(tag, { ...PARAMS, resources }, backdoor());

    expect(ec2.commandCalls(DescribeTagsCommand).map((c) => c.args[0].input)).toEqual([
      describeFor(resources),
      { ...describeFor(resources), NextToken: 'page-2' },
    ]);
    expect(ec2).toHaveReceivedCommandExactlyOnceWith(CreateTagsCommand, {
      Resources: ['i-0aaaaaaaaaaaaaaa1'],
      Tags: TAGS,
    });
  });

  it('works in batches of 100', async () => {
    const resources = Array.from({ length: 150 }, (_, i) => `vol-${String(i).padStart(17, '0')}`);
    const [first, second] = [resources.slice(0, 100), resources.slice(100)];
    const plan = planFor(backdoor(), { ...PARAMS, resources });
    const { calls } = await executeAction(tag, { ...PARAMS, resources }, backdoor());

    const expected = [
      { service: 'EC2', operation: 'DescribeTags', input: describeFor(first) },
      { service: 'EC2', operation: 'CreateTags', input: { Resources: first, Tags: TAGS } },
      { service: 'EC2', operation: 'DescribeTags', input: describeFor(second) },
      { service: 'EC2', operation: 'CreateTags', input: { Resources: second, Tags: TAGS } },
    ];
    expect(calls).toEqual(expected.map((call) => ({ ...call, status: 'ok' })));
    const condition = 'only those DescribeTags does not show tagged parry:exempt (in any case)';
    expect(plan.calls).toEqual(
      expected.map((call) => (call.operation === 'CreateTags' ? { ...call, condition } : call)),
    );
  });

  it('never tags when it cannot check the exempt tag', async () => {
    ec2.on(DescribeTagsCommand).rejects(
      Object.assign(new Error('You are not authorized to perform this operation.'), {
        name: 'UnauthorizedOperation',
      }),
    );
    const { outcome, error } = await executeAction(tag, PARAMS, backdoor());

    expect(outcome).toBeUndefined();
    expect(error).toBeInstanceOf(AwsCallError);
    expect((error as AwsCallError).code).toBe('UnauthorizedOperation');
    expect(ec2).toHaveReceivedCommandTimes(CreateTagsCommand, 0);
  });

  it('does not swallow a CreateTags failure', async () => {
    ec2.on(CreateTagsCommand).rejects(
      Object.assign(new Error(`The instance ID '${INSTANCE}' does not exist`), {
        name: 'InvalidInstanceID.NotFound',
      }),
    );
    const { outcome, error, calls } = await executeAction(tag, PARAMS, backdoor());

    expect(outcome).toBeUndefined();
    expect((error as AwsCallError).code).toBe('InvalidInstanceID.NotFound');
    expect(calls[1]).toMatchObject({ operation: 'CreateTags', status: 'failed' });
  });

  it('makes the same calls when run twice', async () => {
    await executeAction(tag, PARAMS, backdoor());
    await executeAction(tag, PARAMS, backdoor());
    const inputs = ec2.commandCalls(CreateTagsCommand).map((c) => c.args[0].input);
    expect(inputs).toEqual([
      { Resources: [INSTANCE], Tags: TAGS },
      { Resources: [INSTANCE], Tags: TAGS },
    ]);
  });
});

describe('tag targets', () => {
  it.each([
    [
      'an opened security group',
      sampleEvent('cloudtrail/authorize-sg-ingress-open-ipv4.json'),
      ['sg-0a7b6c5d4e3f21098'],
    ],
    [
      'instances run',
      ec2Call('RunInstances', {
        requestParameters: {
          instancesSet: { items: [{ imageId: 'ami-0e2c8caa4b6378d8c', minCount: 2 }] },
        },
        responseElements: {
          instancesSet: {
            items: [{ instanceId: 'i-0aaaaaaaaaaaaaaa1' }, { instanceId: 'i-0bbbbbbbbbbbbbbb2' }],
          },
        },
      }),
      ['i-0aaaaaaaaaaaaaaa1', 'i-0bbbbbbbbbbbbbbb2'],
    ],
    [
      'instances stopped',
      ec2Call('StopInstances', {
        requestParameters: { instancesSet: { items: [{ instanceId: 'i-0aaaaaaaaaaaaaaa1' }] } },
        responseElements: { instancesSet: { items: [{ instanceId: 'i-0aaaaaaaaaaaaaaa1' }] } },
      }),
      ['i-0aaaaaaaaaaaaaaa1'],
    ],
    [
      'a snapshot shared',
      ec2Call('ModifySnapshotAttribute', {
        requestParameters: { snapshotId: 'snap-0123456789abcdef0' },
      }),
      ['snap-0123456789abcdef0'],
    ],
    [
      'an image made public',
      ec2Call('ModifyImageAttribute', { requestParameters: { imageId: 'ami-0123456789abcdef0' } }),
      ['ami-0123456789abcdef0'],
    ],
    [
      'a volume created',
      ec2Call('CreateVolume', { responseElements: { volumeId: 'vol-0123456789abcdef0' } }),
      ['vol-0123456789abcdef0'],
    ],
    [
      'a group created',
      ec2Call('CreateSecurityGroup', { responseElements: { groupId: 'sg-0123456789abcdef0' } }),
      ['sg-0123456789abcdef0'],
    ],
    [
      'an instance attribute changed, with values that are not ids',
      ec2Call('ModifyInstanceAttribute', {
        requestParameters: { instanceId: 'i-0aaaaaaaaaaaaaaa1', groupId: 'sg-1; rm -rf /' },
      }),
      ['i-0aaaaaaaaaaaaaaa1'],
    ],
  ])('finds what to tag in %s', (_case, event, ids) => {
    const plan = planFor(event, PARAMS);
    expect(plan.target).toBe(ids.join(', '));
    expect(plan.calls[0]).toEqual({
      service: 'EC2',
      operation: 'DescribeTags',
      input: describeFor(ids),
    });
  });

  it.each([
    ['a CloudTrail event of another service', sampleEvent('cloudtrail/stop-logging.json')],
    ['an IAM finding', sampleEvent('guardduty/iam-malicious-ip-caller.json')],
    ['an EC2 call that names nothing', ec2Call('DescribeInstances', { requestParameters: {} })],
  ])('refuses %s without resources', (_case, event) => {
    expect(() => planFor(event, PARAMS)).toThrow(ActionInputError);
    expect(() => planFor(event, PARAMS)).toThrow('the event names no EC2 resource: set resources');
  });

  it('tags the resources given instead of those of the event', () => {
    expect(planFor(backdoor(), { ...PARAMS, resources: 'eni-0f1e2d3c4b5a69788' }).target).toBe(
      'eni-0f1e2d3c4b5a69788',
    );
  });
});

describe('tag params', () => {
  it.each([
    ['a number from a template', { severity: 8 }, { severity: '8' }],
    ['a boolean', { quarantined: true }, { quarantined: 'true' }],
    ['an empty value', { reviewed: null }, { reviewed: '' }],
    ['256 characters of emoji', { note: '🚨'.repeat(256) }, { note: '🚨'.repeat(256) }],
    ['a 128-character key', { ['k'.repeat(128)]: 'v' }, { ['k'.repeat(128)]: 'v' }],
    [
      '50 tags',
      Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v'])),
      undefined,
    ],
  ])('accepts %s', (_case, tags, expected) => {
    const parsed = tag.params.safeParse({ tags });
    expect(parsed.success).toBe(true);
    if (expected) expect(parsed.data?.tags).toEqual(expected);
  });

  it.each([
    ['no tags', {}, 'give at least one tag'],
    [
      '51 tags',
      Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])),
      'at most 50 tags',
    ],
    ['an aws: key', { 'aws:cloudformation:stack-name': 'x' }, 'the aws: prefix is reserved'],
    ['an AWS: key', { 'AWS:owner': 'x' }, 'the aws: prefix is reserved'],
    ['a 129-character key', { ['k'.repeat(129)]: 'v' }, 'at most 128 characters'],
    ['a 257-character value', { note: 'v'.repeat(257) }, 'at most 256 characters'],
    ['a list value', { ids: ['i-1', 'i-2'] }, 'Invalid'],
    ['the quarantine record', { 'parry:original-groups': 'x' }, 'quarantine-instance'],
  ])('refuses %s', (_case, tags, message) => {
    const parsed = tag.params.safeParse({ tags });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain(message);
  });

  it.each([
    ['i-1'],
    ['sg_0123456789abcdef0'],
    ['arn:aws:ec2:us-east-1:111122223333:instance/i-0aaaaaaaaaaaaaaa1'],
  ])('refuses the resource id %s', (resources) => {
    const parsed = tag.params.safeParse({ tags: { a: 'b' }, resources });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain('not an EC2 resource id');
  });

  it('refuses unknown params', () => {
    expect(
      tag.params.safeParse({ tags: { a: 'b' }, resource: 'i-0aaaaaaaaaaaaaaa1' }).success,
    ).toBe(false);
  });
});

describe('tag module', () => {
  it.each(['index.ts', 'params.ts', 'plan.ts', 'calls.ts', 'targets.ts'])(
    'keeps the SDK out of %s, so plans load no AWS client',
    (file) => {
      const source = readFileSync(
        new URL(`../../../src/actions/tag/${file}`, import.meta.url),
        'utf8',
      );
      expect(source).not.toMatch(/from '@aws-sdk\//);
    },
  );
});

describe('tag permissions', () => {
  it('declares exactly the IAM actions its calls need', async () => {
    const { calls } = await executeAction(tag, PARAMS, backdoor());
    expect(tag.permissions).toEqual(['ec2:DescribeTags', 'ec2:CreateTags']);
    expect(calls.map((c) => `${c.service.toLowerCase()}:${c.operation}`)).toEqual([
      'ec2:DescribeTags',
      'ec2:CreateTags',
    ]);
  });
});
