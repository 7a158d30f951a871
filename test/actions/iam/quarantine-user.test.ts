import {
  DeleteLoginProfileCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListUserTagsCommand,
  NoSuchEntityException,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { quarantineUser } from '../../../src/actions/quarantine-user/index.js';
import { ActionInputError } from '../../../src/actions/types.js';
import { sampleEvent } from '../../helpers/events.js';
import { executeAction } from '../../helpers/execute.js';
import {
  accessKeys,
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

// The Tor finding: IAM user dev-jsmith, in parry's own account.
const finding = () => sampleEvent('guardduty/iam-tor-ip-caller.json');
const USER = 'dev-jsmith';
const FIRST_KEY = 'AKIAI44QH8DHBEXAMPLE';
const SECOND_KEY = 'AKIAJ55RI9EICEXAMPLE';
const who = { UserName: USER };
const DENY_ALL = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'ParryQuarantineDenyAll', Effect: 'Deny', Action: ['*'], Resource: ['*'] }],
};
const put = {
  UserName: USER,
  PolicyName: 'parry-quarantine',
  PolicyDocument: JSON.stringify(DENY_ALL),
};
const deactivate = (AccessKeyId: string) => ({
  UserName: USER,
  AccessKeyId,
  Status: 'Inactive' as const,
});
const noLoginProfile = () =>
  iamError('NoSuchEntity', `Login Profile for User ${USER} cannot be found.`);

/** A user that is not exempt, has a console password and one active and one inactive key. */
function healthyUser(): void {
  iam.on(ListUserTagsCommand).resolves({ Tags: tags('team') });
  iam.on(PutUserPolicyCommand).resolves({});
  iam.on(DeleteLoginProfileCommand).resolves({});
  iam
    .on(ListAccessKeysCommand)
    .resolves(accessKeys(USER, [FIRST_KEY, 'Active'], [SECOND_KEY, 'Inactive']));
  iam.on(UpdateAccessKeyCommand).resolves({});
}

beforeEach(() => {
  iam.reset();
});

describe('quarantine-user', () => {
  it('denies the user everything and removes its console password, leaving its keys alone by default', async () => {
    healthyUser();

    const { outcome, error, calls } = await executeAction(quarantineUser, {}, finding());

    expect(error).toBeUndefined();
    expect(outcome).toEqual({
      status: 'succeeded',
      target: `user/${USER}`,
      details: { policyName: 'parry-quarantine', policy: 'put', loginProfile: 'deleted' },
    });
    expect(calls).toEqual([
      okCall('ListUserTags', who),
      okCall('PutUserPolicy', put),
      okCall('DeleteLoginProfile', who),
    ]);
    expect(received(iam)).toEqual([
      ['ListUserTagsCommand', who],
      ['PutUserPolicyCommand', put],
      ['DeleteLoginProfileCommand', who],
    ]);
    const document = iam.commandCalls(PutUserPolicyCommand)[0]?.args[0].input.PolicyDocument;
    expect(JSON.parse(document ?? '')).toEqual(DENY_ALL);
  });

  it('with disable-keys, deactivates each Active key and only those', async () => {
    healthyUser();

    const { outcome, calls } = await executeAction(
      quarantineUser,
      { 'disable-keys': true },
      finding(),
    );

    expect(outcome).toEqual({
      status: 'succeeded',
      target: `user/${USER}`,
      details: {
        policyName: 'parry-quarantine',
        policy: 'put',
        loginProfile: 'deleted',
        keys: { disabled: [FIRST_KEY], alreadyInactive: [SECOND_KEY], failed: [] },
      },
    });
    expect(calls).toEqual([
      okCall('ListUserTags', who),
      okCall('PutUserPolicy', put),
      okCall('DeleteLoginProfile', who),
      okCall('ListAccessKeys', who),
      okCall('UpdateAccessKey', deactivate(FIRST_KEY)),
      skippedCall('UpdateAccessKey', deactivate(SECOND_KEY), 'already Inactive'),
    ]);
    expect(received(iam)).toEqual([
      ['ListUserTagsCommand', who],
      ['PutUserPolicyCommand', put],
      ['DeleteLoginProfileCommand', who],
      ['ListAccessKeysCommand', who],
      ['UpdateAccessKeyCommand', deactivate(FIRST_KEY)],
    ]);
  });

  it.each([
    ['as IAM answers (Code NoSuchEntity)', noLoginProfile()],
    [
      'as a modeled exception alone',
      new NoSuchEntityException({ message: 'no profile', $metadata: {} }),
    ],
  ])('treats an absent login profile as a recorded no-op, %s', async (_name, absent) => {
    healthyUser();
    iam.on(DeleteLoginProfileCommand).rejects(absent);

    const { outcome, calls } = await executeAction(quarantineUser, {}, finding());

    expect(outcome).toEqual({
      status: 'succeeded',
      target: `user/${USER}`,
      details: { policyName: 'parry-quarantine', policy: 'put', loginProfile: 'absent' },
    });
    expect(calls.map((c) => [c.operation, c.status])).toEqual([
      ['ListUserTags', 'ok'],
      ['PutUserPolicy', 'ok'],
      ['DeleteLoginProfile', 'tolerated'],
    ]);
    expect(calls[2]?.code).toMatch(/^NoSuchEntity/);
    expect(calls[2]?.error).toMatch(/^NoSuchEntity.*\(tolerated: no console password to delete\)$/);
    // No password to delete is the state wanted: no call reads as failed.
    expect(calls.filter((c) => c.status === 'failed')).toEqual([]);
  });

  it('reports AccessDenied on PutUserPolicy as failed with the code, and still removes the console password and the keys', async () => {
    healthyUser();
    iam
      .on(PutUserPolicyCommand)
      .rejects(iamError('AccessDenied', 'not authorized to perform: iam:PutUserPolicy'));

    const { outcome, calls } = await executeAction(
      quarantineUser,
      { 'disable-keys': true },
      finding(),
    );

    expect(outcome).toEqual({
      status: 'failed',
      target: `user/${USER}`,
      error: 'PutUserPolicy failed: AccessDenied: not authorized to perform: iam:PutUserPolicy',
      details: {
        policyName: 'parry-quarantine',
        policy: 'failed',
        loginProfile: 'deleted',
        keys: { disabled: [FIRST_KEY], alreadyInactive: [SECOND_KEY], failed: [] },
      },
    });
    expect(calls).toEqual([
      okCall('ListUserTags', who),
      failedCall(
        'PutUserPolicy',
        put,
        'AccessDenied',
        'not authorized to perform: iam:PutUserPolicy',
      ),
      okCall('DeleteLoginProfile', who),
      okCall('ListAccessKeys', who),
      okCall('UpdateAccessKey', deactivate(FIRST_KEY)),
      skippedCall('UpdateAccessKey', deactivate(SECOND_KEY), 'already Inactive'),
    ]);
    expect(iam).toHaveReceivedCommandExactlyOnceWith(DeleteLoginProfileCommand, who);
  });

  it('lists every failed step when several fail', async () => {
    healthyUser();
    iam
      .on(ListAccessKeysCommand)
      .resolves(accessKeys(USER, [FIRST_KEY, 'Active'], [SECOND_KEY, 'Active']));
    iam.on(PutUserPolicyCommand).rejects(iamError('AccessDenied', 'no put'));
    iam.on(DeleteLoginProfileCommand).rejects(iamError('EntityTemporarilyUnmodifiable', 'busy'));
    iam
      .on(UpdateAccessKeyCommand, deactivate(FIRST_KEY))
      .rejects(iamError('AccessDenied', 'no update'));

    const { outcome, calls } = await executeAction(
      quarantineUser,
      { 'disable-keys': true },
      finding(),
    );

    expect(outcome).toEqual({
      status: 'failed',
      target: `user/${USER}`,
      error: [
        'PutUserPolicy failed: AccessDenied: no put',
        'DeleteLoginProfile failed: EntityTemporarilyUnmodifiable: busy',
        `UpdateAccessKey ${FIRST_KEY} failed: AccessDenied: no update`,
      ].join('; '),
      details: {
        policyName: 'parry-quarantine',
        policy: 'failed',
        loginProfile: 'failed',
        keys: { disabled: [SECOND_KEY], alreadyInactive: [], failed: [FIRST_KEY] },
      },
    });
    expect(iam.commandCalls(UpdateAccessKeyCommand).map((c) => c.args[0].input)).toEqual([
      deactivate(FIRST_KEY),
      deactivate(SECOND_KEY),
    ]);
    // Only NoSuchEntity is tolerated: any other DeleteLoginProfile error stays a failure.
    expect(calls.find((c) => c.operation === 'DeleteLoginProfile')?.status).toBe('failed');
  });

  it('changes nothing more when run again on a quarantined user', async () => {
    iam.on(ListUserTagsCommand).resolves({ Tags: [] });
    iam.on(PutUserPolicyCommand).resolves({});
    iam.on(DeleteLoginProfileCommand).rejects(noLoginProfile());
    iam.on(ListAccessKeysCommand).resolves(accessKeys(USER, [FIRST_KEY, 'Inactive']));

    const { outcome } = await executeAction(quarantineUser, { 'disable-keys': true }, finding());

    expect(outcome).toEqual({
      status: 'succeeded',
      target: `user/${USER}`,
      details: {
        policyName: 'parry-quarantine',
        policy: 'put',
        loginProfile: 'absent',
        keys: { disabled: [], alreadyInactive: [FIRST_KEY], failed: [] },
      },
    });
    expect(iam).toHaveReceivedCommandExactlyOnceWith(PutUserPolicyCommand, put);
    expect(iam).toHaveReceivedCommandTimes(UpdateAccessKeyCommand, 0);
  });

  it('leaves an exempt user alone', async () => {
    iam.on(ListUserTagsCommand).resolves({ Tags: tags('team', 'parry:exempt') });

    const { outcome, calls } = await executeAction(
      quarantineUser,
      { 'disable-keys': true },
      finding(),
    );

    const reason = 'exempt: tagged parry:exempt';
    expect(outcome).toEqual({ status: 'skipped', reason, target: `user/${USER}` });
    expect(calls).toEqual([
      okCall('ListUserTags', who),
      skippedCall('PutUserPolicy', put, reason),
      skippedCall('DeleteLoginProfile', who, reason),
      skippedCall('ListAccessKeys', who, reason),
    ]);
    expect(received(iam)).toEqual([['ListUserTagsCommand', who]]);
  });

  it('does not act when it cannot read the tags that could exempt the user', async () => {
    iam
      .on(ListUserTagsCommand)
      .rejects(iamError('NoSuchEntity', `The user with name ${USER} cannot be found.`));

    const { outcome, calls } = await executeAction(quarantineUser, {}, finding());

    expect(outcome).toEqual({
      status: 'failed',
      target: `user/${USER}`,
      error: `ListUserTags failed: NoSuchEntity: The user with name ${USER} cannot be found.`,
    });
    expect(calls).toEqual([
      failedCall(
        'ListUserTags',
        who,
        'NoSuchEntity',
        `The user with name ${USER} cannot be found.`,
      ),
    ]);
  });

  it.each([
    [
      'root',
      sampleEvent('guardduty/root-credential-usage.json'),
      'root',
      'the root user cannot be quarantined with an IAM policy: secure it by hand (report to the account owner)',
    ],
    [
      'an assumed role',
      sampleEvent('guardduty/iam-instance-credential-exfiltration-outside-aws.json'),
      'role/web-app-role',
      'the principal is the role web-app-role, not an IAM user: use revoke-sessions',
    ],
    [
      "parry's own role",
      sampleEvent('cloudtrail/authorize-sg-ingress-by-parry.json'),
      'role/parry-responder',
      'the principal is the role parry-responder, not an IAM user: use revoke-sessions',
    ],
    [
      'a user of another account',
      iamFixture('cross-account-user.json'),
      'user/partner-sync',
      'user partner-sync belongs to account 999988887777; parry acts in 111122223333, where that name may be someone else',
    ],
  ])('refuses %s without any call', async (_name, event, target, reason) => {
    expect(planFor(quarantineUser, {}, event)).toEqual({ target, calls: [], skip: reason });

    const { outcome, calls } = await executeAction(quarantineUser, {}, event);

    expect(outcome).toEqual({ status: 'skipped', reason, target });
    expect(calls).toEqual([]);
    expect(iam.calls()).toHaveLength(0);
  });

  it.each([
    ['a CloudTrail IAMUser', sampleEvent('cloudtrail/stop-logging.json'), {}, 'dev-jsmith'],
    ['the user-name param', finding(), { 'user-name': 'ops-admin' }, 'ops-admin'],
  ])('targets %s', (_name, event, params, name) => {
    const plan = planFor(quarantineUser, params, event);

    expect(plan.target).toBe(`user/${name}`);
    expect(plan.calls.map((c) => c.input.UserName)).toEqual([name, name, name]);
  });

  it('asks for user-name when the principal is of no supported type', () => {
    const event = sampleEvent('cloudtrail/stop-logging.json');
    event.detail.userIdentity = { type: 'AWSAccount', accountId: '999988887777' };

    expect(() => planFor(quarantineUser, {}, event)).toThrow(
      new ActionInputError(
        "the event's principal is of type AWSAccount, not an IAM user: set user-name",
      ),
    );
  });

  it('plans exactly the calls it makes', async () => {
    healthyUser();

    const plan = planFor(quarantineUser, {}, finding());
    const { calls } = await executeAction(quarantineUser, {}, finding());

    expect(plan).toEqual({
      target: `user/${USER}`,
      calls: [
        { service: 'IAM', operation: 'ListUserTags', input: who },
        {
          service: 'IAM',
          operation: 'PutUserPolicy',
          input: put,
          condition: `if ${USER} is not tagged parry:exempt`,
        },
        {
          service: 'IAM',
          operation: 'DeleteLoginProfile',
          input: who,
          condition: `if ${USER} is not tagged parry:exempt; NoSuchEntity when it has no console password (nothing to delete)`,
        },
      ],
    });
    expect(sent(calls)).toEqual(plan.calls.map(({ condition: _, ...call }) => call));
  });

  it('plans the key calls with disable-keys, the keys as placeholders', () => {
    const plan = planFor(quarantineUser, { 'disable-keys': true }, finding());

    expect(plan.calls.slice(3)).toEqual([
      {
        service: 'IAM',
        operation: 'ListAccessKeys',
        input: who,
        condition: `if ${USER} is not tagged parry:exempt`,
      },
      {
        service: 'IAM',
        operation: 'UpdateAccessKey',
        input: deactivate('<each Active key>'),
        condition: `if ${USER} is not tagged parry:exempt; for each Active key`,
      },
    ]);
  });

  it('declares exactly the IAM actions its calls use', () => {
    const operations = planFor(quarantineUser, { 'disable-keys': true }, finding()).calls.map(
      (c) => `iam:${c.operation}`,
    );

    expect([...quarantineUser.permissions].sort()).toEqual([...new Set(operations)].sort());
  });
});
