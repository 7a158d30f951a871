import {
  GetRoleCommand,
  type GetRoleCommandOutput,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListUserTagsCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { revokeSessions } from '../../../src/actions/revoke-sessions/index.js';
import { ActionInputError, type CallRecord } from '../../../src/actions/types.js';
import { sampleEvent } from '../../helpers/events.js';
import { executeAction, TEST_NOW, testSettings } from '../../helpers/execute.js';
import {
  executeAt,
  failedCall,
  iamError,
  iamFixture,
  okCall,
  planFor,
  received,
  sent,
  skippedCall,
  tags,
} from './support.js';

const iam = mockClient(IAMClient);

/** What the IAM console's "Revoke active sessions" writes, at the given time. */
const consoleDocument = (before: string) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Deny',
      Action: ['*'],
      Resource: ['*'],
      Condition: { DateLessThan: { 'aws:TokenIssueTime': before } },
    },
  ],
});
const policy = (now: Date = TEST_NOW) => JSON.stringify(consoleDocument(now.toISOString()));
const putRole = (RoleName: string, now?: Date) => ({
  RoleName,
  PolicyName: 'AWSRevokeOlderSessions',
  PolicyDocument: policy(now),
});
const putUser = (UserName: string) => ({
  UserName,
  PolicyName: 'AWSRevokeOlderSessions',
  PolicyDocument: policy(),
});
const role = (RoleName: string, Path = '/', Tags = tags('team')): GetRoleCommandOutput => ({
  $metadata: {},
  Role: {
    RoleName,
    Path,
    Arn: `arn:aws:iam::111122223333:role${Path}${RoleName}`,
    RoleId: 'AROAQ3EGRLKTEXAMPLE00',
    CreateDate: new Date('2025-01-01T00:00:00Z'),
    Tags,
  },
});
const revoked = {
  policyName: 'AWSRevokeOlderSessions',
  tokensIssuedBefore: TEST_NOW.toISOString(),
};

const exfiltration = () =>
  sampleEvent('guardduty/iam-instance-credential-exfiltration-outside-aws.json');

const NO_POLICY_MESSAGE = 'The role policy with name AWSRevokeOlderSessions cannot be found.';
const revokePolicyOf = (key: 'RoleName' | 'UserName', name: string) => ({
  [key]: name,
  PolicyName: 'AWSRevokeOlderSessions',
});
/** The read of the revoke policy in place, when there is none yet: tolerated. */
const noPolicy = (key: 'RoleName' | 'UserName', name: string): CallRecord => ({
  service: 'IAM',
  operation: key === 'RoleName' ? 'GetRolePolicy' : 'GetUserPolicy',
  input: revokePolicyOf(key, name),
  status: 'tolerated',
  code: 'NoSuchEntity',
  error: `NoSuchEntity: ${NO_POLICY_MESSAGE} (tolerated: no revoke policy yet)`,
});

beforeEach(() => {
  iam.reset();
  iam.on(GetRolePolicyCommand).rejects(iamError('NoSuchEntity', NO_POLICY_MESSAGE));
  iam.on(GetUserPolicyCommand).rejects(iamError('NoSuchEntity', NO_POLICY_MESSAGE));
});

describe('revoke-sessions on a role', () => {
  it.each([
    [
      'a CloudTrail AssumedRole session (the session issuer)',
      sampleEvent('cloudtrail/authorize-sg-ingress-private-cidr.json'),
      'terraform-ci',
    ],
    ['a GuardDuty finding on an AssumedRole key', exfiltration(), 'web-app-role'],
    [
      'a CloudTrail role with a path (GetRole takes the name alone)',
      iamFixture('role-with-path.json'),
      'etl-runner',
    ],
  ])(
    "puts the console's AWSRevokeOlderSessions policy on the role of %s",
    async (_name, event, name) => {
      iam.on(GetRoleCommand).resolves(role(name));
      iam.on(PutRolePolicyCommand).resolves({});

      const { outcome, error, calls } = await executeAction(revokeSessions, {}, event);

      expect(error).toBeUndefined();
      expect(outcome).toEqual({ status: 'succeeded', target: `role/${name}`, details: revoked });
      expect(calls).toEqual([
        okCall('GetRole', { RoleName: name }),
        noPolicy('RoleName', name),
        okCall('PutRolePolicy', putRole(name)),
      ]);
      expect(received(iam)).toEqual([
        ['GetRoleCommand', { RoleName: name }],
        ['GetRolePolicyCommand', revokePolicyOf('RoleName', name)],
        ['PutRolePolicyCommand', putRole(name)],
      ]);
      const sentDocument = iam.commandCalls(PutRolePolicyCommand)[0]?.args[0].input.PolicyDocument;
      expect(JSON.parse(sentDocument ?? '')).toEqual(consoleDocument('2026-11-22T10:00:00.000Z'));
    },
  );

  it('plans exactly the calls it makes', async () => {
    iam.on(GetRoleCommand).resolves(role('web-app-role'));
    iam.on(PutRolePolicyCommand).resolves({});

    const plan = planFor(revokeSessions, {}, exfiltration());
    const { calls } = await executeAction(revokeSessions, {}, exfiltration());

    expect(plan).toEqual({
      target: 'role/web-app-role',
      calls: [
        { service: 'IAM', operation: 'GetRole', input: { RoleName: 'web-app-role' } },
        {
          service: 'IAM',
          operation: 'GetRolePolicy',
          input: revokePolicyOf('RoleName', 'web-app-role'),
          condition: 'NoSuchEntity when it has none',
        },
        {
          service: 'IAM',
          operation: 'PutRolePolicy',
          input: putRole('web-app-role'),
          condition:
            'if web-app-role is not tagged parry:exempt, its path is neither /aws-service-role/ nor /aws-reserved/sso.amazonaws.com/, and no revoke policy issued at or after the event is in place',
        },
      ],
      details: revoked,
    });
    expect(sent(calls)).toEqual(plan.calls.map(({ condition: _, ...call }) => call));
  });

  it('changes nothing when run again on the same event: the policy in place revokes its sessions', async () => {
    iam.on(GetRoleCommand).resolves(role('web-app-role'));
    iam.on(PutRolePolicyCommand).resolves({});
    await executeAt(revokeSessions, {}, exfiltration(), TEST_NOW);
    iam.on(GetRolePolicyCommand).resolves({
      ...revokePolicyOf('RoleName', 'web-app-role'),
      PolicyDocument: encodeURIComponent(policy(TEST_NOW)),
    });

    const again = await executeAt(
      revokeSessions,
      {},
      exfiltration(),
      new Date('2026-11-22T10:30:00.000Z'),
    );

    expect(again.outcome).toMatchObject({ status: 'skipped', target: 'role/web-app-role' });
    expect(again.outcome.reason).toMatch(
      /^already revoked: sessions issued before 2026-11-22T10:00:00.000Z are denied/,
    );
    expect(iam).toHaveReceivedCommandTimes(PutRolePolicyCommand, 1);
  });

  it('rewrites the policy with the later time for a later event (one policy, newer cut-off)', async () => {
    iam.on(GetRoleCommand).resolves(role('web-app-role'));
    iam.on(PutRolePolicyCommand).resolves({});
    const older = new Date('2026-03-01T00:00:00.000Z');
    iam
      .on(GetRolePolicyCommand)
      .resolves({ ...revokePolicyOf('RoleName', 'web-app-role'), PolicyDocument: policy(older) });
    const later = new Date('2026-11-22T10:30:00.000Z');

    const again = await executeAt(revokeSessions, {}, exfiltration(), later);

    expect(again.outcome).toEqual({
      status: 'succeeded',
      target: 'role/web-app-role',
      details: { policyName: 'AWSRevokeOlderSessions', tokensIssuedBefore: later.toISOString() },
    });
    expect(iam.commandCalls(PutRolePolicyCommand).map((c) => c.args[0].input)).toEqual([
      putRole('web-app-role', later),
    ]);
  });

  it.each([
    ['the default exempt tag', 'parry:exempt'],
    ['the exempt tag in another case', 'PARRY:EXEMPT'],
  ])('leaves a role tagged with %s alone', async (_name, tag) => {
    iam.on(GetRoleCommand).resolves(role('web-app-role', '/', tags('team', tag)));

    const { outcome, calls } = await executeAction(revokeSessions, {}, exfiltration());

    const reason = 'exempt: tagged parry:exempt';
    expect(outcome).toEqual({ status: 'skipped', reason, target: 'role/web-app-role' });
    expect(calls).toEqual([
      okCall('GetRole', { RoleName: 'web-app-role' }),
      noPolicy('RoleName', 'web-app-role'),
      skippedCall('PutRolePolicy', putRole('web-app-role'), reason),
    ]);
    expect(iam).toHaveReceivedCommandTimes(PutRolePolicyCommand, 0);
  });

  it.each([
    [
      'a service-linked role',
      '/aws-service-role/autoscaling.amazonaws.com/',
      'ops-scaler is a service-linked role: AWS manages it and IAM refuses to revoke its sessions',
    ],
    [
      'an IAM Identity Center role',
      '/aws-reserved/sso.amazonaws.com/eu-west-1/',
      "ops-scaler is an IAM Identity Center role that only AWS may modify: revoke the user's access in IAM Identity Center (deny their user id in an SCP, remove their assignments, delete their sessions)",
    ],
  ])('refuses %s that only GetRole reveals (by its path)', async (_name, path, reason) => {
    iam.on(GetRoleCommand).resolves(role('ops-scaler', path));

    const { outcome, calls } = await executeAction(
      revokeSessions,
      { 'role-name': 'ops-scaler' },
      exfiltration(),
    );

    expect(outcome).toEqual({ status: 'skipped', reason, target: 'role/ops-scaler' });
    expect(calls).toEqual([
      okCall('GetRole', { RoleName: 'ops-scaler' }),
      noPolicy('RoleName', 'ops-scaler'),
      skippedCall('PutRolePolicy', putRole('ops-scaler'), reason),
    ]);
    expect(iam).toHaveReceivedCommandTimes(PutRolePolicyCommand, 0);
  });

  it.each([
    [
      'NoSuchEntity',
      GetRoleCommand,
      'GetRole',
      'The role with name web-app-role cannot be found.',
      [
        failedCall(
          'GetRole',
          { RoleName: 'web-app-role' },
          'NoSuchEntity',
          'The role with name web-app-role cannot be found.',
        ),
        noPolicy('RoleName', 'web-app-role'),
      ],
    ],
    [
      'AccessDenied',
      PutRolePolicyCommand,
      'PutRolePolicy',
      'not authorized to perform: iam:PutRolePolicy',
      [
        okCall('GetRole', { RoleName: 'web-app-role' }),
        noPolicy('RoleName', 'web-app-role'),
        failedCall(
          'PutRolePolicy',
          putRole('web-app-role'),
          'AccessDenied',
          'not authorized to perform: iam:PutRolePolicy',
        ),
      ],
    ],
  ] as const)(
    'reports %s on %s as failed with the step and the code',
    async (code, command, step, message, expected) => {
      iam.on(GetRoleCommand).resolves(role('web-app-role'));
      iam.on(PutRolePolicyCommand).resolves({});
      if (command === GetRoleCommand) iam.on(GetRoleCommand).rejects(iamError(code, message));
      else iam.on(PutRolePolicyCommand).rejects(iamError(code, message));

      const { outcome, calls } = await executeAction(revokeSessions, {}, exfiltration());

      expect(outcome).toEqual({
        status: 'failed',
        target: 'role/web-app-role',
        error: `${step} failed: ${code}: ${message}`,
      });
      expect(calls).toEqual(expected);
    },
  );
});

describe('revoke-sessions refusals (no call at all)', () => {
  const responder = 'arn:aws:iam::111122223333:role/parry-ResponderRole-1A2B3C';

  it.each([
    [
      'a service-linked role (by its path in CloudTrail)',
      iamFixture('service-linked-role.json'),
      {},
      testSettings(),
      'role/AWSServiceRoleForAutoScaling',
      'AWSServiceRoleForAutoScaling is a service-linked role: AWS manages it and IAM refuses to revoke its sessions',
    ],
    [
      'a service-linked role (by its name)',
      exfiltration(),
      { 'role-name': 'AWSServiceRoleForSupport' },
      testSettings(),
      'role/AWSServiceRoleForSupport',
      'AWSServiceRoleForSupport is a service-linked role: AWS manages it and IAM refuses to revoke its sessions',
    ],
    [
      "parry's member role (the session that quarantined an instance)",
      sampleEvent('cloudtrail/authorize-sg-ingress-by-parry.json'),
      {},
      testSettings(),
      'role/parry-responder',
      "parry-responder is parry's member role: revoking its sessions would lock parry out",
    ],
    [
      "parry's own stack role",
      exfiltration(),
      { 'role-name': 'parry-ResponderRole-1A2B3C' },
      testSettings({ responderRoleArn: responder }),
      'role/parry-ResponderRole-1A2B3C',
      "parry-ResponderRole-1A2B3C is parry's own role: revoking its sessions would lock parry out",
    ],
    [
      'an IAM Identity Center role',
      sampleEvent('cloudtrail/delete-trail.json'),
      {},
      testSettings(),
      'role/AWSReservedSSO_AdministratorAccess_3f2a1b4c5d6e7f80',
      "AWSReservedSSO_AdministratorAccess_3f2a1b4c5d6e7f80 is an IAM Identity Center role that only AWS may modify: revoke the user's access in IAM Identity Center (deny their user id in an SCP, remove their assignments, delete their sessions)",
    ],
    [
      'root',
      sampleEvent('guardduty/root-credential-usage.json'),
      {},
      testSettings(),
      'root',
      'root sessions cannot be revoked with an IAM policy: secure the root user by hand (report to the account owner)',
    ],
    [
      'a user of another account',
      iamFixture('cross-account-user.json'),
      {},
      testSettings(),
      'user/partner-sync',
      'user partner-sync belongs to account 999988887777; parry acts in 111122223333, where that name may be someone else',
    ],
  ])('refuses %s', async (_name, event, params, settings, target, reason) => {
    expect(planFor(revokeSessions, params, event, settings)).toEqual({
      target,
      calls: [],
      skip: reason,
    });

    const { outcome, calls } = await executeAction(revokeSessions, params, event, { settings });

    expect(outcome).toEqual({ status: 'skipped', reason, target });
    expect(calls).toEqual([]);
    expect(iam.calls()).toHaveLength(0);
  });
});

describe('revoke-sessions on an IAM user', () => {
  it.each([
    ['an IAMUser in CloudTrail', sampleEvent('cloudtrail/stop-logging.json'), {}, 'dev-jsmith'],
    [
      'a FederatedUser (the IAM user that issued it)',
      iamFixture('federated-user.json'),
      {},
      'build-bot',
    ],
    ['an IAMUser in GuardDuty', sampleEvent('guardduty/iam-tor-ip-caller.json'), {}, 'dev-jsmith'],
    ['the user-name param', exfiltration(), { 'user-name': 'ops-admin' }, 'ops-admin'],
  ])('puts AWSRevokeOlderSessions on the user for %s', async (_name, event, params, name) => {
    iam.on(ListUserTagsCommand).resolves({ Tags: tags('team') });
    iam.on(PutUserPolicyCommand).resolves({});

    const { outcome, calls } = await executeAction(revokeSessions, params, event);

    expect(outcome).toEqual({ status: 'succeeded', target: `user/${name}`, details: revoked });
    expect(calls).toEqual([
      okCall('ListUserTags', { UserName: name }),
      noPolicy('UserName', name),
      okCall('PutUserPolicy', putUser(name)),
    ]);
    expect(received(iam)).toEqual([
      ['ListUserTagsCommand', { UserName: name }],
      ['GetUserPolicyCommand', revokePolicyOf('UserName', name)],
      ['PutUserPolicyCommand', putUser(name)],
    ]);
  });

  it('leaves an exempt user alone', async () => {
    iam.on(ListUserTagsCommand).resolves({ Tags: tags('parry:exempt') });

    const { outcome, calls } = await executeAction(
      revokeSessions,
      {},
      sampleEvent('cloudtrail/stop-logging.json'),
    );

    const reason = 'exempt: tagged parry:exempt';
    expect(outcome).toEqual({ status: 'skipped', reason, target: 'user/dev-jsmith' });
    expect(calls).toEqual([
      okCall('ListUserTags', { UserName: 'dev-jsmith' }),
      noPolicy('UserName', 'dev-jsmith'),
      skippedCall('PutUserPolicy', putUser('dev-jsmith'), reason),
    ]);
    expect(iam).toHaveReceivedCommandTimes(PutUserPolicyCommand, 0);
  });
});

describe('revoke-sessions params', () => {
  it('rejects role-name and user-name together', () => {
    const parsed = revokeSessions.params.safeParse({ 'role-name': 'a', 'user-name': 'b' });

    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe(
      'set role-name or user-name, not both: revoke-sessions acts on one principal',
    );
  });

  it('asks for a param when the principal is neither a role nor a user', () => {
    const event = sampleEvent('cloudtrail/stop-logging.json');
    event.detail.userIdentity = { type: 'AWSService', invokedBy: 'cloudtrail.amazonaws.com' };

    expect(() => planFor(revokeSessions, {}, event)).toThrow(
      new ActionInputError(
        "the event's principal is of type AWSService, neither a role nor an IAM user: set role-name or user-name",
      ),
    );
  });

  it('declares exactly the IAM actions its role and user calls use', () => {
    const event = sampleEvent('cloudtrail/stop-logging.json');
    const operations = [
      ...planFor(revokeSessions, { 'role-name': 'r' }, event).calls,
      ...planFor(revokeSessions, { 'user-name': 'u' }, event).calls,
    ].map((c) => `iam:${c.operation}`);

    expect([...revokeSessions.permissions].sort()).toEqual([...new Set(operations)].sort());
  });
});
