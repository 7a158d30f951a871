import {
  IAMClient,
  ListAccessKeysCommand,
  ListUserTagsCommand,
  type StatusType,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { disableAccessKey } from '../../../src/actions/disable-access-key/index.js';
import { ActionInputError } from '../../../src/actions/types.js';
import { sampleEvent } from '../../helpers/events.js';
import { executeAction, testSettings } from '../../helpers/execute.js';
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

// The Tor finding: IAM user dev-jsmith's key, in parry's own account.
const finding = () => sampleEvent('guardduty/iam-tor-ip-caller.json');
const USER = 'dev-jsmith';
const KEY = 'AKIAI44QH8DHBEXAMPLE';
const OTHER_KEY = 'AKIAJ55RI9EICEXAMPLE';
const who = { UserName: USER };
const update = { UserName: USER, AccessKeyId: KEY, Status: 'Inactive' as const };
const keys = (...list: [string, StatusType][]) => accessKeys(USER, ...list);

beforeEach(() => {
  iam.reset();
});

describe('disable-access-key', () => {
  it('deactivates only the key the finding names, never the other key of the user', async () => {
    iam.on(ListUserTagsCommand).resolves({ Tags: tags('team') });
    iam.on(ListAccessKeysCommand).resolves(keys([OTHER_KEY, 'Active'], [KEY, 'Active']));
    iam.on(UpdateAccessKeyCommand).resolves({});

    const { outcome, error, calls } = await executeAction(disableAccessKey, {}, finding());

    expect(error).toBeUndefined();
    expect(outcome).toEqual({
      status: 'succeeded',
      target: `${USER}/${KEY}`,
      details: { userName: USER, accessKeyId: KEY, previousStatus: 'Active', status: 'Inactive' },
    });
    expect(calls).toEqual([
      okCall('ListUserTags', who),
      okCall('ListAccessKeys', who),
      okCall('UpdateAccessKey', update),
    ]);
    expect(received(iam)).toEqual([
      ['ListUserTagsCommand', who],
      ['ListAccessKeysCommand', who],
      ['UpdateAccessKeyCommand', update],
    ]);
    expect(iam).toHaveReceivedCommandExactlyOnceWith(UpdateAccessKeyCommand, update);
    const updated = iam.commandCalls(UpdateAccessKeyCommand).map((c) => c.args[0].input);
    expect(updated).toEqual([update]);
    expect(updated.map((input) => input.AccessKeyId)).not.toContain(OTHER_KEY);
  });

  it('plans exactly the calls it makes, in the same order', async () => {
    iam.on(ListUserTagsCommand).resolves({ Tags: [] });
    iam.on(ListAccessKeysCommand).resolves(keys([KEY, 'Active']));
    iam.on(UpdateAccessKeyCommand).resolves({});

    const plan = planFor(disableAccessKey, {}, finding());
    const { calls } = await executeAction(disableAccessKey, {}, finding());

    expect(plan).toEqual({
      target: `${USER}/${KEY}`,
      calls: [
        { service: 'IAM', operation: 'ListUserTags', input: who },
        {
          service: 'IAM',
          operation: 'ListAccessKeys',
          input: who,
          condition: `if ${USER} is not tagged parry:exempt`,
        },
        {
          service: 'IAM',
          operation: 'UpdateAccessKey',
          input: update,
          condition: `if ${USER} is not tagged parry:exempt and ${KEY} is one of its keys and Active`,
        },
      ],
    });
    expect(sent(calls)).toEqual(plan.calls.map(({ condition: _, ...call }) => call));
  });

  it.each(['Inactive', 'Expired'] as const)(
    'reports a key already %s as a no-op, without UpdateAccessKey',
    async (status) => {
      iam.on(ListUserTagsCommand).resolves({ Tags: [] });
      iam.on(ListAccessKeysCommand).resolves(keys([KEY, status], [OTHER_KEY, 'Active']));

      const { outcome, calls } = await executeAction(disableAccessKey, {}, finding());

      expect(outcome).toEqual({
        status: 'skipped',
        reason: `already ${status}: nothing to do`,
        target: `${USER}/${KEY}`,
        details: { status },
      });
      expect(calls).toEqual([
        okCall('ListUserTags', who),
        okCall('ListAccessKeys', who),
        skippedCall('UpdateAccessKey', update, `already ${status}: nothing to do`),
      ]);
      expect(iam).toHaveReceivedCommandTimes(UpdateAccessKeyCommand, 0);
    },
  );

  it.each([
    ['the default exempt tag', 'parry:exempt', testSettings()],
    [
      'the exempt tag in another case (IAM ignores case in tag keys)',
      'Parry:Exempt',
      testSettings(),
    ],
    ['a configured exempt tag', 'ir:hands-off', testSettings({ exemptTag: 'ir:hands-off' })],
  ])('leaves the key of a user tagged with %s alone', async (_name, tag, settings) => {
    iam.on(ListUserTagsCommand).resolves({ Tags: tags('team', tag) });

    const { outcome, calls } = await executeAction(disableAccessKey, {}, finding(), { settings });

    const reason = `exempt: tagged ${settings.exemptTag}`;
    expect(outcome).toEqual({ status: 'skipped', reason, target: `${USER}/${KEY}` });
    expect(calls).toEqual([
      okCall('ListUserTags', who),
      skippedCall('ListAccessKeys', who, reason),
      skippedCall('UpdateAccessKey', update, reason),
    ]);
    expect(iam).toHaveReceivedCommandTimes(ListAccessKeysCommand, 0);
    expect(iam).toHaveReceivedCommandTimes(UpdateAccessKeyCommand, 0);
  });

  it("fails without touching any key when the named key is not one of the user's", async () => {
    iam.on(ListUserTagsCommand).resolves({ Tags: [] });
    iam.on(ListAccessKeysCommand).resolves(keys([OTHER_KEY, 'Active']));

    const { outcome, calls } = await executeAction(disableAccessKey, {}, finding());

    expect(outcome).toEqual({
      status: 'failed',
      target: `${USER}/${KEY}`,
      error: `${KEY} is not a key of ${USER} (its keys: ${OTHER_KEY}): nothing was changed`,
    });
    expect(calls).toEqual([
      okCall('ListUserTags', who),
      okCall('ListAccessKeys', who),
      skippedCall('UpdateAccessKey', update, "the key is not one of the user's keys"),
    ]);
    expect(iam).toHaveReceivedCommandTimes(UpdateAccessKeyCommand, 0);
  });

  it.each([
    [
      'an ASIA key of an instance role (GuardDuty)',
      sampleEvent('guardduty/iam-instance-credential-exfiltration-outside-aws.json'),
      'web-app-role/ASIAQ3EGRLKTDEXAMPLE',
      'temporary credentials (ASIA...) cannot be disabled: use revoke-sessions on the role or user that issued them',
    ],
    [
      'an ASIA key from GetSessionToken (CloudTrail)',
      iamFixture('session-token-user.json'),
      'dev-jsmith/ASIAJQABLZS4SESSEXMP',
      'temporary credentials (ASIA...) cannot be disabled: use revoke-sessions on the role or user that issued them',
    ],
    [
      'a root key (GuardDuty)',
      sampleEvent('guardduty/root-credential-usage.json'),
      'Root/ASIAQ3EGRLKTEEXAMPLE',
      'root access keys cannot be disabled through IAM: the root user must delete them (report to the account owner)',
    ],
    [
      'a root key (CloudTrail)',
      iamFixture('root-access-key.json'),
      'AKIAQ3EGRLKTROOTEXMP',
      'root access keys cannot be disabled through IAM: the root user must delete them (report to the account owner)',
    ],
    [
      'a key of a user of another account',
      iamFixture('cross-account-user.json'),
      'partner-sync/AKIA9Q8W7E6R5EXAMPLE',
      "the key's user partner-sync belongs to account 999988887777; parry acts in 111122223333",
    ],
  ])('refuses %s without any call', async (_name, event, target, reason) => {
    expect(planFor(disableAccessKey, {}, event)).toEqual({ target, calls: [], skip: reason });

    const { outcome, calls } = await executeAction(disableAccessKey, {}, event);

    expect(outcome).toEqual({ status: 'skipped', reason, target });
    expect(calls).toEqual([]);
    expect(iam.calls()).toHaveLength(0);
  });

  it('takes the key and user of a CloudTrail event from userIdentity', () => {
    const plan = planFor(disableAccessKey, {}, sampleEvent('cloudtrail/stop-logging.json'));

    expect(plan.target).toBe(`${USER}/${KEY}`);
    expect(plan.calls.map((c) => [c.operation, c.input])).toEqual([
      ['ListUserTags', who],
      ['ListAccessKeys', who],
      ['UpdateAccessKey', update],
    ]);
  });

  it('acts on the key and user the params name instead of the event', () => {
    const params = { 'access-key-id': OTHER_KEY, 'user-name': 'ops-admin' };

    const plan = planFor(disableAccessKey, params, finding());

    expect(plan.target).toBe(`ops-admin/${OTHER_KEY}`);
    expect(plan.calls.at(-1)?.input).toEqual({
      UserName: 'ops-admin',
      AccessKeyId: OTHER_KEY,
      Status: 'Inactive',
    });
  });

  it.each([
    [
      'names no key',
      { ...finding(), detail: { resource: { accessKeyDetails: {} } } },
      'the event names no access key: set access-key-id',
    ],
    [
      "does not name the key's user",
      {
        ...finding(),
        detail: { resource: { accessKeyDetails: { accessKeyId: KEY, userType: 'IAMUser' } } },
      },
      `the event does not name the user of ${KEY}: set user-name`,
    ],
  ])('asks for params when the event %s', (_name, event, message) => {
    expect(() => planFor(disableAccessKey, {}, event)).toThrow(new ActionInputError(message));
  });

  it.each([
    ['a malformed key id', { 'access-key-id': 'not-a-key' }],
    ['an unknown param', { 'delete-key': true }],
  ])('rejects %s', (_name, params) => {
    expect(disableAccessKey.params.safeParse(params).success).toBe(false);
  });

  const denied = (step: string) =>
    iamError('AccessDenied', `not authorized to perform: iam:${step}`);

  it.each([
    {
      step: 'ListUserTags',
      deny: () => iam.on(ListUserTagsCommand).rejects(denied('ListUserTags')),
      expected: [
        failedCall(
          'ListUserTags',
          who,
          'AccessDenied',
          'not authorized to perform: iam:ListUserTags',
        ),
      ],
    },
    {
      step: 'ListAccessKeys',
      deny: () => iam.on(ListAccessKeysCommand).rejects(denied('ListAccessKeys')),
      expected: [
        okCall('ListUserTags', who),
        failedCall(
          'ListAccessKeys',
          who,
          'AccessDenied',
          'not authorized to perform: iam:ListAccessKeys',
        ),
      ],
    },
    {
      step: 'UpdateAccessKey',
      deny: () => iam.on(UpdateAccessKeyCommand).rejects(denied('UpdateAccessKey')),
      expected: [
        okCall('ListUserTags', who),
        okCall('ListAccessKeys', who),
        failedCall(
          'UpdateAccessKey',
          update,
          'AccessDenied',
          'not authorized to perform: iam:UpdateAccessKey',
        ),
      ],
    },
  ])(
    'reports AccessDenied on $step as failed, with the step and the code, and stops',
    async ({ step, deny, expected }) => {
      iam.on(ListUserTagsCommand).resolves({ Tags: [] });
      iam.on(ListAccessKeysCommand).resolves(keys([KEY, 'Active']));
      iam.on(UpdateAccessKeyCommand).resolves({});
      deny();

      const { outcome, calls } = await executeAction(disableAccessKey, {}, finding());

      expect(outcome).toEqual({
        status: 'failed',
        target: `${USER}/${KEY}`,
        error: `${step} failed: AccessDenied: not authorized to perform: iam:${step}`,
      });
      expect(calls).toEqual(expected);
    },
  );

  it('declares exactly the IAM actions its calls use', () => {
    const operations = planFor(disableAccessKey, {}, finding()).calls.map(
      (c) => `iam:${c.operation}`,
    );

    expect([...disableAccessKey.permissions].sort()).toEqual([...new Set(operations)].sort());
  });
});
