import {
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetLoginProfileCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import { expect } from 'vitest';
import { revokedBefore } from '../../src/actions/role-sessions.js';
import type { EventBridgeEvent } from '../../src/event/envelope.js';
import { sampleEvent } from '../helpers/events.js';
import { clientConfig } from './support/aws.js';
import { guardDutyKeyFinding } from './support/events.js';
import { SECURITY_ACCOUNT } from './support/moto.js';
import { enforce, onlyAction, runParry } from './support/parry.js';
import { changingCalls } from './support/state.js';
import { describeMoto, itWithLog } from './support/suite.js';

const NOW = new Date('2026-11-22T10:00:00.000Z');
const LATER = new Date('2026-11-22T10:05:00.000Z');
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [] });

/** An IAM user with two active keys and a console password. */
async function user(iam: IAMClient, name: string) {
  await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(new CreateLoginProfileCommand({ UserName: name, Password: 'Correct-horse-1' }));
  const keys = [];
  for (let i = 0; i < 2; i += 1) {
    const made = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
    keys.push(made.AccessKey?.AccessKeyId ?? '');
  }
  return keys as [string, string];
}

const keyStates = async (iam: IAMClient, name: string) =>
  Object.fromEntries(
    ((await iam.send(new ListAccessKeysCommand({ UserName: name }))).AccessKeyMetadata ?? []).map(
      (k) => [k.AccessKeyId, k.Status],
    ),
  );

/** The GuardDuty finding on an assumed role's credentials, about `role`, in the suite's account. */
function roleFinding(role: string): EventBridgeEvent {
  const event = sampleEvent('guardduty/iam-instance-credential-exfiltration-outside-aws.json');
  event.account = SECURITY_ACCOUNT;
  event.detail.accountId = SECURITY_ACCOUNT;
  const resource = event.detail.resource as Record<string, Record<string, unknown>>;
  Object.assign(resource.accessKeyDetails ?? {}, { userName: role, userType: 'AssumedRole' });
  return event;
}

describeMoto('the IAM actions against moto', (moto) => {
  const iam = () => new IAMClient(clientConfig(moto()));
  /** Until when the revoke policy of a role or user denies sessions. */
  const revokedAt = async (kind: 'role' | 'user', name: string) => {
    const PolicyName = 'AWSRevokeOlderSessions';
    const output =
      kind === 'role'
        ? await iam().send(new GetRolePolicyCommand({ RoleName: name, PolicyName }))
        : await iam().send(new GetUserPolicyCommand({ UserName: name, PolicyName }));
    return revokedBefore(output.PolicyDocument)?.toISOString();
  };

  itWithLog('disable-access-key deactivates exactly the key the finding names, once', async () => {
    const [leaked, other] = await user(iam(), 'ci-deployer');
    const finding = guardDutyKeyFinding(SECURITY_ACCOUNT, {
      userName: 'ci-deployer',
      accessKeyId: leaked,
    });
    const playbook = enforce('disable-key', 'aws.guardduty', '  - type: disable-access-key');

    const first = onlyAction(await runParry(moto(), [playbook], finding));
    expect(first.status, JSON.stringify(first)).toBe('succeeded');
    expect(await keyStates(iam(), 'ci-deployer')).toEqual({
      [leaked]: 'Inactive',
      [other]: 'Active',
    });

    moto().clearLog();
    const second = onlyAction(await runParry(moto(), [playbook], finding));
    expect(second).toMatchObject({ status: 'skipped', reason: 'already Inactive: nothing to do' });
    expect(changingCalls(moto().calls())).toEqual([]);
    expect(await keyStates(iam(), 'ci-deployer')).toEqual({
      [leaked]: 'Inactive',
      [other]: 'Active',
    });
  });

  itWithLog(
    'revoke-sessions puts the revoke policy on the role, and a redelivery changes nothing',
    async () => {
      await iam().send(
        new CreateRoleCommand({ RoleName: 'web-app-role', AssumeRolePolicyDocument: TRUST }),
      );
      const playbook = enforce('revoke', 'aws.guardduty', '  - type: revoke-sessions');
      const finding = roleFinding('web-app-role');

      const first = onlyAction(await runParry(moto(), [playbook], finding, { now: () => NOW }));
      expect(first.status, JSON.stringify(first)).toBe('succeeded');
      expect(await revokedAt('role', 'web-app-role')).toBe(NOW.toISOString());

      moto().clearLog();
      const second = onlyAction(await runParry(moto(), [playbook], finding, { now: () => LATER }));
      expect(second.status).toBe('skipped');
      expect(second.reason).toMatch(
        /^already revoked: sessions issued before 2026-11-22T10:00:00.000Z/,
      );
      expect(changingCalls(moto().calls())).toEqual([]);
      expect(await revokedAt('role', 'web-app-role')).toBe(NOW.toISOString());
      const policies = await iam().send(new ListRolePoliciesCommand({ RoleName: 'web-app-role' }));
      expect(policies.PolicyNames).toEqual(['AWSRevokeOlderSessions']);
    },
  );

  itWithLog('revoke-sessions on an IAM user, then nothing more on the same event', async () => {
    await user(iam(), 'dev-jsmith');
    const playbook = enforce('revoke-user', 'aws.cloudtrail', '  - type: revoke-sessions');
    const event = sampleEvent('cloudtrail/stop-logging.json');
    event.account = SECURITY_ACCOUNT;
    event.detail.recipientAccountId = SECURITY_ACCOUNT;
    Object.assign(event.detail.userIdentity as object, { accountId: SECURITY_ACCOUNT });

    expect(onlyAction(await runParry(moto(), [playbook], event, { now: () => NOW })).status).toBe(
      'succeeded',
    );
    expect(await revokedAt('user', 'dev-jsmith')).toBe(NOW.toISOString());
    moto().clearLog();
    expect(onlyAction(await runParry(moto(), [playbook], event, { now: () => LATER })).status).toBe(
      'skipped',
    );
    expect(changingCalls(moto().calls())).toEqual([]);
  });

  itWithLog(
    'quarantine-user denies everything, removes the password and the keys, and stays so',
    async () => {
      const keys = await user(iam(), 'ci-deployer');
      const finding = guardDutyKeyFinding(SECURITY_ACCOUNT, {
        userName: 'ci-deployer',
        accessKeyId: keys[0],
      });
      const playbook = enforce(
        'quarantine-user',
        'aws.guardduty',
        '  - type: quarantine-user\n    disable-keys: true',
      );
      const state = async () => ({
        policies: (await iam().send(new ListUserPoliciesCommand({ UserName: 'ci-deployer' })))
          .PolicyNames,
        policy: (
          await iam().send(
            new GetUserPolicyCommand({ UserName: 'ci-deployer', PolicyName: 'parry-quarantine' }),
          )
        ).PolicyDocument,
        password: await iam()
          .send(new GetLoginProfileCommand({ UserName: 'ci-deployer' }))
          .then(() => 'present')
          .catch((error: Error) => error.name),
        keys: await keyStates(iam(), 'ci-deployer'),
      });

      expect(onlyAction(await runParry(moto(), [playbook], finding)).status).toBe('succeeded');
      const after = await state();
      expect(after).toMatchObject({
        policies: ['parry-quarantine'],
        password: 'NoSuchEntityException',
        keys: { [keys[0]]: 'Inactive', [keys[1]]: 'Inactive' },
      });
      expect(JSON.parse(decodeURIComponent(after.policy ?? ''))).toMatchObject({
        Statement: [{ Effect: 'Deny', Action: ['*'], Resource: ['*'] }],
      });

      moto().clearLog();
      const second = onlyAction(await runParry(moto(), [playbook], finding));
      expect(second.status).toBe('succeeded');
      // Its one write on a re-run is the deny-all policy with the same bytes (see its notes).
      expect(changingCalls(moto().calls())).toEqual([
        'iam PutUserPolicy',
        'iam DeleteLoginProfile',
      ]);
      expect(await state()).toEqual(after);
    },
  );
});
