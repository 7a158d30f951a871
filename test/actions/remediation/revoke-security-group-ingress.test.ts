import {
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { revokeSecurityGroupIngress } from '../../../src/actions/revoke-security-group-ingress/index.js';
import type { EventBridgeEvent } from '../../../src/event/envelope.js';
import { sampleEvent } from '../../helpers/events.js';
import { executeAction, testSettings } from '../../helpers/execute.js';
import {
  asMade,
  awsError,
  failedCall,
  made,
  okCall,
  planFor,
  received,
  remediationFixture,
  skippedCall,
  toleratedCall,
} from './support.js';

const ec2 = mockClient(EC2Client);

beforeEach(() => {
  ec2.reset();
});

const describeGroup = (groupId: string) => ({ GroupIds: [groupId] });
const describeRules = (groupId: string, ids: string[]) => ({
  Filters: [
    { Name: 'group-id', Values: [groupId] },
    { Name: 'security-group-rule-id', Values: ids },
  ],
});
const group = (groupId: string, tags: string[] = [], IpPermissions: object[] = []) => ({
  SecurityGroups: [
    { GroupId: groupId, Tags: tags.map((Key) => ({ Key, Value: 'x' })), IpPermissions },
  ],
});
const ingressRule = (groupId: string, id: string, cidr: string) => ({
  SecurityGroupRuleId: id,
  GroupId: groupId,
  IsEgress: false,
  IpProtocol: 'tcp',
  ...(cidr.includes(':') ? { CidrIpv6: cidr } : { CidrIpv4: cidr }),
});

interface ByIdCase {
  name: string;
  event: () => EventBridgeEvent;
  groupId: string;
  open: { id: string; cidr: string; label: string };
  /** A rule the same call added that must survive. */
  kept?: string;
}

const BY_ID: ByIdCase[] = [
  {
    name: 'an IPv4 event (tcp 22 from 0.0.0.0/0)',
    event: () => sampleEvent('cloudtrail/authorize-sg-ingress-open-ipv4.json'),
    groupId: 'sg-0a7b6c5d4e3f21098',
    open: {
      id: 'sgr-48082a61ec1c5e789',
      cidr: '0.0.0.0/0',
      label: 'sgr-48082a61ec1c5e789 (tcp 22-22 from 0.0.0.0/0)',
    },
  },
  {
    name: 'an IPv6 event (tcp 3389 from ::/0)',
    event: () => sampleEvent('cloudtrail/authorize-sg-ingress-open-ipv6.json'),
    groupId: 'sg-0d2e3f4a5b6c7d8e9',
    open: {
      id: 'sgr-08fde7d5c0be9dc66',
      cidr: '::/0',
      label: 'sgr-08fde7d5c0be9dc66 (tcp 3389-3389 from ::/0)',
    },
  },
  {
    name: 'a call adding 10.0.0.0/8 and 0.0.0.0/0 (only the open one)',
    event: () => remediationFixture('authorize-sg-ingress-private-and-open.json'),
    groupId: 'sg-0b1c2d3e4f5a6b7c8',
    open: {
      id: 'sgr-0f9e8d7c6b5a4f3e2',
      cidr: '0.0.0.0/0',
      label: 'sgr-0f9e8d7c6b5a4f3e2 (tcp 5432-5432 from 0.0.0.0/0)',
    },
    kept: 'sgr-01a2b3c4d5e6f7a80',
  },
];

describe('revoke-security-group-ingress by rule id', () => {
  it.each(BY_ID)('revokes exactly the open rule of $name', async (c) => {
    ec2.on(DescribeSecurityGroupsCommand).resolves(group(c.groupId, ['team']));
    ec2
      .on(DescribeSecurityGroupRulesCommand)
      .resolves({ SecurityGroupRules: [ingressRule(c.groupId, c.open.id, c.open.cidr)] });
    ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
    const revoke = { GroupId: c.groupId, SecurityGroupRuleIds: [c.open.id] };

    const { outcome, error, calls } = await executeAction(
      revokeSecurityGroupIngress,
      {},
      c.event(),
    );

    expect(error).toBeUndefined();
    expect(outcome).toEqual({
      status: 'succeeded',
      target: c.groupId,
      details: {
        groupId: c.groupId,
        revoked: [c.open.label],
        alreadyRevoked: [],
        ...(c.kept ? { keptRulesAddedByTheCall: 1 } : {}),
      },
    });
    expect(received(ec2)).toEqual([
      ['DescribeSecurityGroupsCommand', describeGroup(c.groupId)],
      ['DescribeSecurityGroupRulesCommand', describeRules(c.groupId, [c.open.id])],
      ['RevokeSecurityGroupIngressCommand', revoke],
    ]);
    expect(ec2).toHaveReceivedCommandExactlyOnceWith(RevokeSecurityGroupIngressCommand, revoke);
    expect(calls).toEqual([
      okCall('EC2', 'DescribeSecurityGroups', describeGroup(c.groupId)),
      okCall('EC2', 'DescribeSecurityGroupRules', describeRules(c.groupId, [c.open.id])),
      okCall('EC2', 'RevokeSecurityGroupIngress', revoke),
    ]);
    if (c.kept) {
      const revokedIds = ec2
        .commandCalls(RevokeSecurityGroupIngressCommand)
        .flatMap((call) => call.args[0].input.SecurityGroupRuleIds ?? []);
      expect(revokedIds).not.toContain(c.kept);
    }
  });

  it.each(BY_ID)('plans exactly the calls it makes for $name', async (c) => {
    ec2.on(DescribeSecurityGroupsCommand).resolves(group(c.groupId));
    ec2
      .on(DescribeSecurityGroupRulesCommand)
      .resolves({ SecurityGroupRules: [ingressRule(c.groupId, c.open.id, c.open.cidr)] });
    ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });

    const plan = planFor(revokeSecurityGroupIngress, c.event());
    const { calls } = await executeAction(revokeSecurityGroupIngress, {}, c.event());

    const notExempt = `if ${c.groupId} is not tagged parry:exempt`;
    expect(plan).toEqual({
      target: c.groupId,
      calls: [
        { service: 'EC2', operation: 'DescribeSecurityGroups', input: describeGroup(c.groupId) },
        {
          service: 'EC2',
          operation: 'DescribeSecurityGroupRules',
          input: describeRules(c.groupId, [c.open.id]),
          condition: notExempt,
        },
        {
          service: 'EC2',
          operation: 'RevokeSecurityGroupIngress',
          input: { GroupId: c.groupId, SecurityGroupRuleIds: [c.open.id] },
          condition: `${notExempt}; only the rules still there and still open`,
        },
      ],
      details: {
        groupId: c.groupId,
        revoking: [c.open.label],
        ...(c.kept ? { keptRulesAddedByTheCall: 1 } : {}),
      },
    });
    expect(made(calls)).toEqual(plan.calls.map(asMade));
  });
});

describe('revoke-security-group-ingress without rule ids (older records)', () => {
  it('revokes the exact open permissions of the request, never the private range or older rules', async () => {
    const groupId = 'sg-0c2d3e4f5a6b7c8d9';
    ec2.on(DescribeSecurityGroupsCommand).resolves(
      group(
        groupId,
        [],
        [
          {
            IpProtocol: 'tcp',
            FromPort: 8080,
            ToPort: 8080,
            IpRanges: [{ CidrIp: '0.0.0.0/0' }, { CidrIp: '192.168.0.0/16' }],
          },
          { IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
          // Open before this call: not this call's to revoke.
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
        ],
      ),
    );
    ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
    const revoke = {
      GroupId: groupId,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
        { IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
      ],
    };
    const event = remediationFixture('authorize-sg-ingress-without-rule-ids.json');

    const plan = planFor(revokeSecurityGroupIngress, event);
    const { outcome, calls } = await executeAction(revokeSecurityGroupIngress, {}, event);

    expect(outcome).toEqual({
      status: 'succeeded',
      target: groupId,
      details: {
        groupId,
        revoked: ['tcp 8080-8080 from 0.0.0.0/0', 'all traffic from ::/0'],
        alreadyRevoked: [],
        keptRulesAddedByTheCall: 1,
      },
    });
    expect(received(ec2)).toEqual([
      ['DescribeSecurityGroupsCommand', describeGroup(groupId)],
      ['RevokeSecurityGroupIngressCommand', revoke],
    ]);
    expect(made(calls)).toEqual(plan.calls.map(asMade));
  });

  it('revokes the legacy top-level cidrIp form by its exact values', async () => {
    const groupId = 'sg-0d3e4f5a6b7c8d9e0';
    const open = {
      IpProtocol: 'tcp',
      FromPort: 22,
      ToPort: 22,
      IpRanges: [{ CidrIp: '0.0.0.0/0' }],
    };
    ec2.on(DescribeSecurityGroupsCommand).resolves(group(groupId, [], [open]));
    ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });

    const { outcome } = await executeAction(
      revokeSecurityGroupIngress,
      {},
      remediationFixture('authorize-sg-ingress-top-level-cidr.json'),
    );

    expect(outcome?.status).toBe('succeeded');
    expect(received(ec2)).toEqual([
      ['DescribeSecurityGroupsCommand', describeGroup(groupId)],
      ['RevokeSecurityGroupIngressCommand', { GroupId: groupId, IpPermissions: [open] }],
    ]);
  });

  it('reports a no-op when the open permissions are no longer in the group', async () => {
    const groupId = 'sg-0c2d3e4f5a6b7c8d9';
    ec2.on(DescribeSecurityGroupsCommand).resolves(
      group(
        groupId,
        [],
        [
          {
            IpProtocol: 'tcp',
            FromPort: 8080,
            ToPort: 8080,
            IpRanges: [{ CidrIp: '192.168.0.0/16' }],
          },
        ],
      ),
    );

    const { outcome, calls } = await executeAction(
      revokeSecurityGroupIngress,
      {},
      remediationFixture('authorize-sg-ingress-without-rule-ids.json'),
    );

    expect(outcome).toMatchObject({ status: 'skipped', reason: 'already revoked: nothing to do' });
    expect(calls.map((c) => [c.operation, c.status])).toEqual([
      ['DescribeSecurityGroups', 'ok'],
      ['RevokeSecurityGroupIngress', 'skipped'],
    ]);
    expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 0);
  });
});

describe('revoke-security-group-ingress refusals and no-ops', () => {
  const event = () => sampleEvent('cloudtrail/authorize-sg-ingress-open-ipv4.json');
  const GROUP = 'sg-0a7b6c5d4e3f21098';
  const RULE = 'sgr-48082a61ec1c5e789';
  const revoke = { GroupId: GROUP, SecurityGroupRuleIds: [RULE] };

  it.each([
    { tag: 'parry:exempt', settings: testSettings() },
    { tag: 'Parry:Exempt', settings: testSettings() },
    { tag: 'sec:keep-open', settings: testSettings({ exemptTag: 'sec:keep-open' }) },
  ])('skips a group tagged $tag without touching its rules', async ({ tag, settings }) => {
    ec2.on(DescribeSecurityGroupsCommand).resolves(group(GROUP, ['team', tag]));
    const reason = `exempt: tagged ${settings.exemptTag}`;

    const { outcome, calls } = await executeAction(revokeSecurityGroupIngress, {}, event(), {
      settings,
    });

    expect(outcome).toEqual({ status: 'skipped', reason, target: GROUP });
    expect(received(ec2)).toEqual([['DescribeSecurityGroupsCommand', describeGroup(GROUP)]]);
    expect(calls).toEqual([
      okCall('EC2', 'DescribeSecurityGroups', describeGroup(GROUP)),
      skippedCall('EC2', 'DescribeSecurityGroupRules', describeRules(GROUP, [RULE]), reason),
      skippedCall('EC2', 'RevokeSecurityGroupIngress', revoke, reason),
    ]);
  });

  it('is safe to run twice: the second run finds the rule gone and reports a no-op', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves(group(GROUP));
    ec2
      .on(DescribeSecurityGroupRulesCommand)
      .resolvesOnce({ SecurityGroupRules: [ingressRule(GROUP, RULE, '0.0.0.0/0')] })
      .resolves({ SecurityGroupRules: [] });
    ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });

    const first = await executeAction(revokeSecurityGroupIngress, {}, event());
    const second = await executeAction(revokeSecurityGroupIngress, {}, event());

    expect(first.outcome?.status).toBe('succeeded');
    expect(second.outcome).toEqual({
      status: 'skipped',
      reason: 'already revoked: nothing to do',
      target: GROUP,
      details: {
        groupId: GROUP,
        revoked: [],
        alreadyRevoked: [`${RULE} (tcp 22-22 from 0.0.0.0/0)`],
      },
    });
    expect(second.calls).toEqual([
      okCall('EC2', 'DescribeSecurityGroups', describeGroup(GROUP)),
      okCall('EC2', 'DescribeSecurityGroupRules', describeRules(GROUP, [RULE])),
      skippedCall('EC2', 'RevokeSecurityGroupIngress', revoke, 'already revoked: nothing to do'),
    ]);
    expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
  });

  it('leaves alone a rule whose source was narrowed since the event', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves(group(GROUP));
    ec2
      .on(DescribeSecurityGroupRulesCommand)
      .resolves({ SecurityGroupRules: [ingressRule(GROUP, RULE, '198.51.100.0/24')] });

    const { outcome } = await executeAction(revokeSecurityGroupIngress, {}, event());

    expect(outcome).toMatchObject({
      status: 'skipped',
      reason: 'no added rule is still open: nothing to do',
      details: { narrowedSinceLeftAlone: [`${RULE} (tcp 22-22 from 0.0.0.0/0)`] },
    });
    expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 0);
  });

  it('reports a no-op when the group itself was deleted', async () => {
    const message = `The security group '${GROUP}' does not exist`;
    ec2.on(DescribeSecurityGroupsCommand).rejects(awsError('InvalidGroup.NotFound', message));
    const reason = 'the security group no longer exists: nothing to do';

    const { outcome, calls } = await executeAction(revokeSecurityGroupIngress, {}, event());

    expect(outcome).toEqual({ status: 'skipped', reason, target: GROUP });
    expect(calls).toEqual([
      toleratedCall(
        'EC2',
        'DescribeSecurityGroups',
        describeGroup(GROUP),
        'InvalidGroup.NotFound',
        message,
        'group already deleted',
      ),
      skippedCall('EC2', 'DescribeSecurityGroupRules', describeRules(GROUP, [RULE]), reason),
      skippedCall('EC2', 'RevokeSecurityGroupIngress', revoke, reason),
    ]);
  });

  it('treats a rule revoked by someone else between describe and revoke as already revoked', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves(group(GROUP));
    ec2
      .on(DescribeSecurityGroupRulesCommand)
      .resolvesOnce({ SecurityGroupRules: [ingressRule(GROUP, RULE, '0.0.0.0/0')] })
      .resolves({ SecurityGroupRules: [] });
    const message = `The security group rule ID '${RULE}' does not exist`;
    ec2
      .on(RevokeSecurityGroupIngressCommand)
      .rejects(awsError('InvalidSecurityGroupRuleId.NotFound', message));

    const { outcome, calls } = await executeAction(revokeSecurityGroupIngress, {}, event());

    expect(outcome).toMatchObject({
      status: 'skipped',
      reason: 'already revoked (meanwhile): nothing to do',
      target: GROUP,
    });
    expect(calls.map((c) => [c.operation, c.status])).toEqual([
      ['DescribeSecurityGroups', 'ok'],
      ['DescribeSecurityGroupRules', 'ok'],
      ['RevokeSecurityGroupIngress', 'tolerated'],
      ['DescribeSecurityGroups', 'ok'],
      ['DescribeSecurityGroupRules', 'ok'],
    ]);
    expect(calls[2]).toEqual(
      toleratedCall(
        'EC2',
        'RevokeSecurityGroupIngress',
        revoke,
        'InvalidSecurityGroupRuleId.NotFound',
        message,
        'rules already revoked meanwhile',
      ),
    );
    // A no-op in the end: no call reads as failed.
    expect(calls.filter((c) => c.status === 'failed')).toEqual([]);
  });

  it('fails with the NotFound when the rule is still open after it', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves(group(GROUP));
    ec2
      .on(DescribeSecurityGroupRulesCommand)
      .resolves({ SecurityGroupRules: [ingressRule(GROUP, RULE, '0.0.0.0/0')] });
    ec2
      .on(RevokeSecurityGroupIngressCommand)
      .rejects(awsError('InvalidPermission.NotFound', 'The specified rule does not exist'));

    const { outcome, calls } = await executeAction(revokeSecurityGroupIngress, {}, event());

    expect(outcome).toEqual({
      status: 'failed',
      target: GROUP,
      error: `EC2 RevokeSecurityGroupIngress on ${GROUP} failed: InvalidPermission.NotFound: The specified rule does not exist`,
    });
    // The failure stands, so the call is not marked tolerated.
    expect(calls[2]).toEqual(
      failedCall(
        'EC2',
        'RevokeSecurityGroupIngress',
        revoke,
        'InvalidPermission.NotFound',
        'The specified rule does not exist',
      ),
    );
  });

  it('fails with AWS code and words when the revoke is denied', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves(group(GROUP));
    ec2
      .on(DescribeSecurityGroupRulesCommand)
      .resolves({ SecurityGroupRules: [ingressRule(GROUP, RULE, '0.0.0.0/0')] });
    const message = 'You are not authorized to perform this operation.';
    ec2
      .on(RevokeSecurityGroupIngressCommand)
      .rejects(awsError('UnauthorizedOperation', message, 403));

    const { outcome, calls } = await executeAction(revokeSecurityGroupIngress, {}, event());

    expect(outcome).toEqual({
      status: 'failed',
      target: GROUP,
      error: `EC2 RevokeSecurityGroupIngress on ${GROUP} failed: UnauthorizedOperation: ${message}`,
    });
    expect(calls.at(-1)).toEqual(
      failedCall('EC2', 'RevokeSecurityGroupIngress', revoke, 'UnauthorizedOperation', message),
    );
  });

  it('fails when EC2 answers that it did not know a rule (default VPC)', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves(group(GROUP));
    ec2
      .on(DescribeSecurityGroupRulesCommand)
      .resolves({ SecurityGroupRules: [ingressRule(GROUP, RULE, '0.0.0.0/0')] });
    const unknown = [
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
    ];
    ec2
      .on(RevokeSecurityGroupIngressCommand)
      .resolves({ Return: true, UnknownIpPermissions: unknown });

    const { outcome } = await executeAction(revokeSecurityGroupIngress, {}, event());

    expect(outcome).toEqual({
      status: 'failed',
      target: GROUP,
      error: `RevokeSecurityGroupIngress did not revoke every rule: unknown ${JSON.stringify(unknown)}`,
      details: {
        groupId: GROUP,
        revoked: [],
        alreadyRevoked: [],
        attempted: [`${RULE} (tcp 22-22 from 0.0.0.0/0)`],
      },
    });
  });
});
