import { expect } from 'vitest';
import { keyFinding, ruleInput, userWithKey } from './support/access-keys.js';
import {
  HOUR_MS,
  halfPastNextHour,
  invoke,
  ledgerItems,
  useLambdaStack,
} from './support/lambda.js';
import { roundsOf, succeeded } from './support/moto.js';
import { describeMoto, itWithLog } from './support/suite.js';

// The Lambda path: the real bundle (scripts/build-lambda.mjs) with the suite's
// playbooks, each invocation a cold process, its DynamoDB ledger in moto.
describeMoto('the bundled Lambda with its ledger', (moto) => {
  const stack = useLambdaStack(moto);
  const env = stack.env;

  itWithLog('acts once for ten concurrent deliveries of one finding', async () => {
    const key = await userWithKey(moto(), 'ci-deployer');
    const input = ruleInput('e2e-disable-key', keyFinding(key, { findingId: 'dup-1' }));
    const runs = await Promise.all(Array.from({ length: 10 }, () => invoke(input, env())));
    const outcomes = runs.map((r) => (r.ok ? r.result.playbooks[0]?.status : r.error.name));
    expect(outcomes.filter((o) => o === 'executed')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'skipped')).toHaveLength(9);
    expect(await key.status()).toBe('Inactive');
    expect(succeeded(moto().calls(), 'UpdateAccessKey')).toHaveLength(1);
    expect(await stack.messages()).toHaveLength(1);
    // Duplicates give back the count they took beside their claim: one run counted.
    const breaker = [...(await ledgerItems(moto())).entries()].find(([k]) =>
      k.startsWith('breaker#'),
    );
    expect(breaker?.[1].runs?.N).toBe('1');
  });

  itWithLog('resumes after a transient fault: each effect once', async () => {
    const key = await userWithKey(moto(), 'ci-deployer');
    const input = ruleInput('e2e-disable-key', keyFinding(key, { findingId: 'transient-1' }));
    // SNS throttles every attempt of the SDK (4) in the first invocation.
    moto().setFaults({ Publish: { count: 4, status: 400, code: 'Throttling' } });
    const first = await invoke(input, env(), { requestId: 'req-1' });
    expect(first).toMatchObject({ ok: false, error: { name: 'RetryableFailureError' } });
    expect(await key.status()).toBe('Inactive');
    expect(await stack.messages()).toHaveLength(0);

    // Lambda's retry (the same request id), well within the 70 s lease.
    const retry = await invoke(input, env(), { requestId: 'req-1' });
    expect(retry.ok && retry.result.playbooks[0]?.actions.map((a) => a.status)).toEqual([
      'skipped',
      'succeeded',
    ]);
    const calls = moto().calls();
    expect(succeeded(calls, 'UpdateAccessKey')).toHaveLength(1);
    expect(succeeded(calls, 'Publish')).toHaveLength(1);
    const messages = await stack.messages();
    expect(messages.map((m) => m.Subject)).toEqual([`Disabled ${key.accessKeyId}`]);
    const run = (await ledgerItems(moto())).get('run#e2e-disable-key#transient-1');
    expect(run?.state?.S).toBe('done');
    expect(run?.completed?.NS?.sort()).toEqual(['0', '1']);
  });

  itWithLog(
    'gives up its lease when recording progress fails, so a retry is not swallowed',
    async () => {
      const finding = keyFinding(
        { userName: 'nobody', accessKeyId: 'AKIAUNUSED' },
        { findingId: 'lease-1' },
      );
      const input = ruleInput('e2e-report', finding);
      // The event is put on the bus; then every attempt to record that (4) is throttled.
      moto().setFaults({
        'DynamoDB_20120810.UpdateItem': {
          count: 4,
          status: 400,
          code: 'ProvisionedThroughputExceededException',
        },
      });
      const first = await invoke(input, env(), { requestId: 'req-1' });
      expect(first).toMatchObject({
        ok: false,
        error: { name: 'ProvisionedThroughputExceededException' },
      });
      expect(await stack.messages()).toEqual([]);
      const released = (await ledgerItems(moto())).get('run#e2e-report#lease-1');
      expect(released).toMatchObject({ state: { S: 'failed' }, leaseUntil: { N: '0' } });

      // Another delivery, at once (not only Lambda's own retry): it resumes, it is not "another attempt is running".
      const next = await invoke(input, env(), { requestId: 'req-2' });
      expect(next.ok && next.result.playbooks[0]?.status).toBe('executed');
      expect((await stack.messages()).map((m) => m.Subject)).toEqual(['Reported lease-1']);
      const calls = moto().calls();
      // The put whose record was lost is put again (at least once); the notice is sent once.
      expect(succeeded(calls, 'AWSEvents.PutEvents')).toHaveLength(2);
      expect(succeeded(calls, 'Publish')).toHaveLength(1);
      expect((await ledgerItems(moto())).get('run#e2e-report#lease-1')?.state?.S).toBe('done');
    },
  );

  itWithLog('does not repeat a run that failed permanently', async () => {
    const key = await userWithKey(moto(), 'ci-deployer');
    const input = ruleInput('e2e-disable-key', keyFinding(key, { findingId: 'denied-1' }));
    moto().setFaults({ UpdateAccessKey: { count: 1, status: 403, code: 'AccessDenied' } });
    const first = await invoke(input, env());
    expect(first.ok && first.result.playbooks[0]?.actions.map((a) => a.status)).toEqual([
      'failed',
      'succeeded',
    ]);
    const [report] = await stack.messages();
    expect(report?.Message).toContain('AccessDenied');

    const again = await invoke(input, env());
    expect(again.ok && again.result.playbooks[0]?.reason).toBe('duplicate: already ran (done)');
    expect(await key.status()).toBe('Active');
    const updates = moto()
      .calls()
      .filter((c) => c.op === 'UpdateAccessKey');
    expect(updates).toHaveLength(1);
    expect(await stack.messages()).toHaveLength(0);
  });

  itWithLog(
    'defers a run past the breaker and acts on a later delivery; notifications use no budget',
    async () => {
      const hour = halfPastNextHour();
      const limited = env({ PARRY_MAX_ACTIONS_PER_HOUR: '1' });
      const inHour = { clockOffsetMs: hour };
      const first = await userWithKey(moto(), 'first-user');
      const second = await userWithKey(moto(), 'second-user');
      // Cheap notify-only runs must not use up the budget of containment.
      for (const n of [1, 2, 3]) {
        const cheap = ruleInput(
          'e2e-notify-findings',
          keyFinding(first, { findingId: `cheap-${n}` }),
        );
        const notified = await invoke(cheap, limited, inHour);
        expect(notified.ok && notified.result.playbooks[0]?.status).toBe('executed');
      }
      const budget = ruleInput('e2e-disable-key', keyFinding(first, { findingId: 'budget-1' }));
      const acted = await invoke(budget, limited, inHour);
      expect(acted.ok && acted.result.playbooks[0]?.status).toBe('executed');
      expect(await first.status()).toBe('Inactive');
      await stack.messages();

      const finding = keyFinding(second, { findingId: 'deferred-1' });
      const deferred = await invoke(ruleInput('e2e-disable-key', finding), limited, inHour);
      expect(deferred.ok && deferred.result.playbooks[0]).toMatchObject({
        mode: 'dry-run',
        status: 'planned',
        reason: expect.stringMatching(/^deferred: circuit breaker open/),
      });
      expect(await second.status()).toBe('Active');
      const [alert, ...others] = await stack.messages();
      expect(others).toEqual([]);
      expect(alert?.Subject).toBe(
        'parry deferred e2e-disable-key in 123456789012: circuit breaker open',
      );
      for (const fact of [
        'e2e-disable-key',
        'GuardDuty finding deferred-1',
        `second-user/${second.accessKeyId}`,
      ])
        expect(alert?.Message).toContain(fact);
      // Not recorded: nothing in the ledger says this run happened.
      expect((await ledgerItems(moto())).has('run#e2e-disable-key#deferred-1')).toBe(false);

      // GuardDuty republishes the finding (same finding id, new event id) within the hour: deferred again.
      const republished = { ...finding, id: 'deferred-1-again' };
      const still = await invoke(ruleInput('e2e-disable-key', republished), limited, inHour);
      expect(still.ok && still.result.playbooks[0]?.mode).toBe('dry-run');
      expect(await second.status()).toBe('Active');

      // The next hour the breaker allows, and the next delivery contains.
      const later = { ...finding, id: 'deferred-1-later' };
      const nextHour = { clockOffsetMs: hour + HOUR_MS };
      const contained = await invoke(ruleInput('e2e-disable-key', later), limited, nextHour);
      expect(contained.ok && contained.result.playbooks[0]?.status).toBe('executed');
      expect(await second.status()).toBe('Inactive');
      expect(succeeded(moto().calls(), 'UpdateAccessKey')).toHaveLength(2);
    },
  );
});

describeMoto(
  'the bundled Lambda, moto answering each call after 0.2 s',
  (moto) => {
    const stack = useLambdaStack(moto);

    itWithLog(
      'claims the run and counts it in one round trip, and calls IAM in the next',
      async () => {
        const key = await userWithKey(moto(), 'ci-deployer');
        const input = ruleInput('e2e-disable-key', keyFinding(key, { findingId: 'rounds-1' }));
        moto().clearLog();
        const run = await invoke(input, stack.env());
        expect(run.ok && run.result.playbooks[0]?.status).toBe('executed');
        const rounds = roundsOf(moto().calls());
        const roundOf = (op: string) => rounds.filter((c) => c.op === op).map((c) => c.round);
        expect(roundOf('DynamoDB_20120810.PutItem')).toEqual([1]);
        // The breaker's count, then the progress writes after each action.
        expect(roundOf('DynamoDB_20120810.UpdateItem')[0]).toBe(1);
        const iam = rounds.filter((c) => c.svc === 'iam').map((c) => c.round);
        expect(Math.min(...iam)).toBe(2);
      },
    );
  },
  { delay: 0.2 },
);
