import { expect } from 'vitest';
import { keyFinding, ruleInput, userWithKey } from './support/access-keys.js';
import { keysOf } from './support/aws.js';
import { invoke, useLambdaStack } from './support/lambda.js';
import { type LoggedCall, succeeded, TEST_KEYS } from './support/moto.js';
import { describeMoto, itWithLog } from './support/suite.js';

const MEMBER = '444455556666';

// Two accounts: the responder in the security account (moto's default, the
// suite's fixed keys), a member account reached through parry's member role.
describeMoto('the bundled Lambda across accounts', (moto) => {
  const stack = useLambdaStack(moto);
  const env = stack.env;
  const signer = (calls: LoggedCall[], op: string) => succeeded(calls, op).map((c) => c.akid);

  /** The member's user and key, made through a role of the member account (as moto wants). */
  const memberKey = async (name: string) => userWithKey(moto(), name, await keysOf(moto(), MEMBER));
  /** A finding about a new member key, with the request log cleared of the set-up. */
  const memberFinding = async (name: string, findingId: string) => {
    const key = await memberKey(name);
    moto().clearLog();
    return { key, finding: keyFinding(key, { findingId, account: MEMBER }) };
  };

  itWithLog(
    "acts in the member account with its role, and reports on the security account's topic and bus with the security account's keys",
    async () => {
      const { key, finding } = await memberFinding('member-deployer', 'member-1');
      const run = await invoke(ruleInput('e2e-contain-and-report', finding), env());
      expect(run.ok && run.result.playbooks[0]?.actions.map((a) => a.status)).toEqual([
        'succeeded',
        'succeeded',
        'succeeded',
      ]);
      const calls = moto().calls();
      expect(await key.status()).toBe('Inactive');
      const assumed = succeeded(calls, 'AssumeRole');
      expect(assumed.map((c) => c.akid)).toEqual([TEST_KEYS.accessKeyId]);
      const [memberKeyId] = signer(calls, 'UpdateAccessKey');
      expect(memberKeyId).toBeDefined();
      expect(memberKeyId).not.toBe(TEST_KEYS.accessKeyId);
      expect(signer(calls, 'ListAccessKeys')).toEqual([memberKeyId]);
      // Published and put by the security account itself: the member role has no right there.
      expect(signer(calls, 'Publish')).toEqual([TEST_KEYS.accessKeyId]);
      expect(signer(calls, 'AWSEvents.PutEvents')).toEqual([TEST_KEYS.accessKeyId]);
      const [notice] = await stack.messages();
      expect(notice?.Message).toContain(MEMBER);
      expect(notice?.Message).toContain('member-deployer');
    },
  );

  itWithLog('retries a run whose AssumeRole was throttled, and the retry acts', async () => {
    const key = await memberKey('throttled-deployer');
    const input = ruleInput(
      'e2e-disable-key',
      keyFinding(key, { findingId: 'sts-1', account: MEMBER }),
    );
    // Every attempt of the SDK (4) at assuming the member role is throttled.
    moto().setFaults({ AssumeRole: { count: 4, status: 400, code: 'Throttling' } });
    const first = await invoke(input, env(), { requestId: 'req-sts' });
    expect(first).toMatchObject({ ok: false, error: { name: 'RetryableFailureError' } });
    expect(await key.status()).toBe('Active');

    const retry = await invoke(input, env(), { requestId: 'req-sts' });
    // The notice of the first attempt (which reported the throttled step) is not sent twice.
    expect(retry.ok && retry.result.playbooks[0]?.actions.map((a) => a.status)).toEqual([
      'succeeded',
      'skipped',
    ]);
    expect(await key.status()).toBe('Inactive');
    expect(succeeded(moto().calls(), 'AssumeRole').length).toBeGreaterThan(0);
  });

  itWithLog(
    "alerts about a member account's deferred run on the security account's topic, with its keys",
    async () => {
      const { key, finding } = await memberFinding('deferred-deployer', 'member-deferred');
      const run = await invoke(
        ruleInput('e2e-disable-key', finding),
        env({ PARRY_MAX_ACTIONS_PER_HOUR: '0' }),
      );
      expect(run.ok && run.result.playbooks[0]?.mode).toBe('dry-run');
      expect(await key.status()).toBe('Active');
      const calls = moto().calls();
      expect(calls.filter((c) => c.op === 'AssumeRole')).toEqual([]);
      expect(signer(calls, 'Publish')).toEqual([TEST_KEYS.accessKeyId]);
      const [alert] = await stack.messages();
      expect(alert?.Subject).toBe(
        `parry deferred e2e-disable-key in ${MEMBER}: circuit breaker open`,
      );
      expect(alert?.Message).toContain(`deferred-deployer/${key.accessKeyId}`);
    },
  );
});
