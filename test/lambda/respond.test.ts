import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import {
  IAMClient,
  ListAccessKeysCommand,
  ListUserTagsCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventBridgeEvent } from '../../src/event/envelope.js';
import { readRuntimeConfig } from '../../src/lambda/config.js';
import { InvalidEventError, RetryableFailureError } from '../../src/lambda/errors.js';
import { respond } from '../../src/lambda/respond.js';
import { createResponderDeps } from '../../src/lambda/runtime.js';
import { loadPlaybooks, type Playbook, parsePlaybook } from '../../src/playbook/index.js';
import { sampleEvent } from '../helpers/events.js';
import { testFactory, testSettings } from '../helpers/execute.js';
import { fakeDynamo } from '../helpers/fake-dynamo.js';

const sns = mockClient(SNSClient);
const iam = mockClient(IAMClient);
let playbooks: Playbook[];
let dynamo: ReturnType<typeof fakeDynamo>;
let clock: number;

beforeAll(async () => {
  const loaded = await loadPlaybooks(['test/fixtures/playbooks/lambda']);
  expect(loaded.errors).toEqual([]);
  playbooks = loaded.playbooks;
});

const settings = testSettings({
  responderRoleArn: 'arn:aws:iam::111122223333:role/parry-prod-responder',
});

function deps(env: NodeJS.ProcessEnv = {}, only?: Playbook[]) {
  return createResponderDeps({
    playbooks: only ?? playbooks,
    settings,
    config: readRuntimeConfig({
      PARRY_TABLE_NAME: 'parry-runs',
      PARRY_MAX_ACTIONS_PER_HOUR: '20',
      ...env,
    }),
    logger: new Logger({ logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'ParryTest' }),
    factory: testFactory(settings),
    clock: () => clock,
  });
}

const keyFinding = () => sampleEvent('guardduty/iam-malicious-ip-caller.json');
const update = (
  event: EventBridgeEvent,
  changes: { id: string; severity?: number },
): EventBridgeEvent => ({
  ...event,
  id: changes.id,
  detail: { ...event.detail, severity: changes.severity ?? event.detail.severity },
});

beforeEach(() => {
  dynamo = fakeDynamo();
  sns.reset();
  iam.reset();
  clock = Date.parse('2026-11-22T10:00:00Z');
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  iam.on(ListUserTagsCommand).resolves({ Tags: [] });
  iam.on(ListAccessKeysCommand).resolves({
    AccessKeyMetadata: [
      { UserName: 'ci-deployer', AccessKeyId: 'AKIA5QZX3RVBLEXAMPLE', Status: 'Active' },
      { UserName: 'dev-jsmith', AccessKeyId: 'AKIAI44QH8DHBEXAMPLE', Status: 'Active' },
    ],
  });
  iam.on(UpdateAccessKeyCommand).resolves({});
});

describe('the responder handler', () => {
  it('runs the playbooks of a GuardDuty finding once', async () => {
    const summary = await respond(keyFinding(), deps());
    expect(summary.playbooks.map((p) => `${p.name}:${p.status}`)).toEqual([
      'disable-key:executed',
      'notify-findings:executed',
    ]);
    expect(iam).toHaveReceivedCommandExactlyOnceWith(UpdateAccessKeyCommand, {
      UserName: 'ci-deployer',
      AccessKeyId: 'AKIA5QZX3RVBLEXAMPLE',
      Status: 'Inactive',
    });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 2);
  });

  it('deduplicates the same event delivered again', async () => {
    const d = deps();
    await respond(keyFinding(), d);
    const again = await respond(keyFinding(), d);
    expect(again.playbooks.map((p) => `${p.status}:${p.reason}`)).toEqual([
      'skipped:duplicate: already ran (done)',
      'skipped:duplicate: already ran (done)',
    ]);
    expect(iam).toHaveReceivedCommandTimes(UpdateAccessKeyCommand, 1);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 2);
  });

  it('deduplicates a finding update (same finding id, new event id)', async () => {
    const d = deps();
    await respond(keyFinding(), d);
    const updated = await respond(update(keyFinding(), { id: 'a-later-publication' }), d);
    expect(updated.playbooks.every((p) => p.status === 'skipped')).toBe(true);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 2);
  });

  it('runs again on a severity increase only for playbooks that ask for it', async () => {
    const d = deps();
    await respond(keyFinding(), d);
    const worse = await respond(update(keyFinding(), { id: 'worse', severity: 8 }), d);
    expect(worse.playbooks.map((p) => `${p.name}:${p.status}`)).toEqual([
      'disable-key:skipped',
      'notify-findings:executed',
    ]);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 3);
  });

  it("ignores the responder's own CloudTrail event", async () => {
    const own = sampleEvent('cloudtrail/authorize-sg-ingress-by-parry.json');
    const summary = await respond(own, deps());
    expect(summary.playbooks).toEqual([
      {
        name: 'notify-open-ingress',
        mode: 'enforce',
        status: 'skipped',
        reason: "own principal (the responder's role caused this event)",
        actions: [],
      },
    ]);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
  });

  it('runs only the playbook whose rule fired', async () => {
    const summary = await respond({ playbook: 'notify-findings', event: keyFinding() }, deps());
    expect(summary.playbooks.map((p) => p.name)).toEqual(['notify-findings']);
  });

  it('absorbs a permanent failure: reported, notified, the invocation succeeds', async () => {
    iam
      .on(UpdateAccessKeyCommand)
      .rejects(Object.assign(new Error('not authorized'), { name: 'AccessDenied' }));
    const summary = await respond(keyFinding(), deps());
    const run = summary.playbooks.find((p) => p.name === 'disable-key');
    expect(run?.status).toBe('failed');
    expect(run?.actions[0]).toMatchObject({
      type: 'disable-access-key',
      status: 'failed',
      error: expect.stringContaining('AccessDenied'),
    });
    expect(run?.actions[1]).toMatchObject({ type: 'notify', status: 'succeeded' });
    const published = sns.commandCalls(PublishCommand).map((c) => String(c.args[0].input.Message));
    expect(published.some((m) => m.includes('AccessDenied'))).toBe(true);
  });

  it('fails the invocation on a transient failure, and the retry resumes without repeating effects', async () => {
    const d = deps();
    sns.on(PublishCommand).rejects(
      Object.assign(new Error('rate exceeded'), {
        name: 'Throttling',
        $retryable: { throttling: false },
      }),
    );
    await expect(respond(keyFinding(), d)).rejects.toThrow(RetryableFailureError);
    expect(iam).toHaveReceivedCommandTimes(UpdateAccessKeyCommand, 1);
    sns.on(PublishCommand).resolves({ MessageId: 'm-2' });
    const retry = await respond(keyFinding(), d);
    expect(
      retry.playbooks.find((p) => p.name === 'disable-key')?.actions.map((a) => a.status),
    ).toEqual(['skipped', 'succeeded']);
    expect(iam).toHaveReceivedCommandTimes(UpdateAccessKeyCommand, 1);
  });

  const throttledWrite = () =>
    Object.assign(new Error('Rate of requests exceeds the allowed throughput'), {
      name: 'ProvisionedThroughputExceededException',
    });
  const recordsProgress = (input: { UpdateExpression?: string }) =>
    input.UpdateExpression?.startsWith('ADD completed') === true;
  /** The next attempt fails recording its progress, and then its release too: it holds its lease. */
  const dieUnreleased = () => {
    dynamo.failNextUpdate(recordsProgress, throttledWrite());
    const releases = (i: { UpdateExpression?: string }) =>
      i.UpdateExpression?.startsWith('SET #state = :state') === true;
    dynamo.failNextUpdate(releases, throttledWrite());
  };
  const keyNotices = () =>
    sns
      .commandCalls(PublishCommand)
      .filter((c) => String(c.args[0].input.Subject).startsWith('Key '));

  it('gives up its lease when recording progress fails, so the next delivery resumes at once', async () => {
    const d = deps();
    dynamo.failNextUpdate(recordsProgress, throttledWrite());
    const input = { playbook: 'disable-key', event: keyFinding() };
    await expect(respond(input, d, { requestId: 'r-1' })).rejects.toThrow(/throughput/);
    expect(keyNotices()).toHaveLength(0);
    // Lambda's retry comes a minute later, within the 70 s lease; any other delivery may come sooner.
    const retry = await respond(input, d, { requestId: 'r-2' });
    expect(retry.playbooks[0]).toMatchObject({ status: 'executed' });
    expect(keyNotices()).toHaveLength(1);
  });

  it('forgets its claim when the breaker cannot be counted, so the next delivery is not held off', async () => {
    const d = deps();
    dynamo.failNextUpdate(
      (i) => i.UpdateExpression?.startsWith('ADD runs') === true,
      throttledWrite(),
    );
    const input = { playbook: 'disable-key', event: keyFinding() };
    await expect(respond(input, d, { requestId: 'r-1' })).rejects.toThrow(/throughput/);
    expect(iam).toHaveReceivedCommandTimes(UpdateAccessKeyCommand, 0);
    expect([...dynamo.items.keys()].filter((k) => k.startsWith('run#'))).toEqual([]);
    const next = await respond(input, d, { requestId: 'r-2' });
    expect(next.playbooks[0]).toMatchObject({ status: 'executed' });
  });

  it('holds a run off while the lease of an attempt that died (a timeout) lasts, then resumes it', async () => {
    const d = deps({ PARRY_LEASE_SECONDS: '70' });
    const input = { playbook: 'disable-key', event: keyFinding() };
    dieUnreleased();
    // Killed without a word (a timeout, or a release that could not be written).
    await expect(respond(input, d, { requestId: 'r-1' })).rejects.toThrow(/throughput/);
    clock += 60_000;
    const early = await respond(input, d, { requestId: 'r-2' });
    expect(early.playbooks[0]?.reason).toBe('duplicate: another attempt is running it');
    clock += 11_000;
    const after = await respond(input, d, { requestId: 'r-3' });
    expect(after.playbooks[0]).toMatchObject({ status: 'executed' });
    expect(keyNotices()).toHaveLength(1);
  });

  it("takes back its own run on Lambda's retry (same request id) even when the release failed too", async () => {
    const d = deps();
    const input = { playbook: 'disable-key', event: keyFinding() };
    dieUnreleased();
    await expect(respond(input, d, { requestId: 'r-1' })).rejects.toThrow(/throughput/);
    const other = await respond(input, d, { requestId: 'r-other' });
    expect(other.playbooks[0]?.reason).toBe('duplicate: another attempt is running it');
    const retry = await respond(input, d, { requestId: 'r-1' });
    expect(retry.playbooks[0]).toMatchObject({ status: 'executed' });
    expect(keyNotices()).toHaveLength(1);
  });

  it('lets a severity rerun own the run: the attempt it superseded writes no more progress', async () => {
    const { playbook: rerunKey } = parsePlaybook(
      [
        'name: rerun-key',
        'mode: enforce',
        'rerun-on-severity-increase: true',
        'match: { source: [aws.guardduty] }',
        'actions:',
        '  - type: disable-access-key',
        '  - type: notify',
        '    subject: "Key at severity {{ detail.severity }}"',
        '',
      ].join('\n'),
      'rerun-key.yml',
    );
    if (!rerunKey) throw new Error('rerun-key does not parse');
    const d = deps({}, [rerunKey]);
    let unblock = () => {};
    const blocked = new Promise<void>((r) => {
      unblock = r;
    });
    iam.on(UpdateAccessKeyCommand).callsFakeOnce(async () => {
      await blocked;
      return {};
    });
    const old = respond(keyFinding(), d, { requestId: 'r-old' });
    await vi.waitFor(() => expect(iam).toHaveReceivedCommandTimes(UpdateAccessKeyCommand, 1));
    // While the first attempt waits on IAM, the finding comes back worse; its notice is throttled.
    sns
      .on(PublishCommand)
      .rejectsOnce(
        Object.assign(new Error('Rate exceeded'), {
          name: 'Throttling',
          $retryable: { throttling: false },
        }),
      )
      .resolves({ MessageId: 'm-2' });
    const worse = update(keyFinding(), { id: 'worse', severity: 8 });
    await expect(respond(worse, d, { requestId: 'r-new' })).rejects.toThrow(RetryableFailureError);
    unblock();
    const superseded = await old;
    expect(superseded.playbooks[0]?.actions[1]?.reason).toMatch(/newer attempt/);
    // Lambda's retry of the rerun resumes it: the superseded attempt recorded nothing in its name.
    const retry = await respond(worse, d, { requestId: 'r-new' });
    expect(retry.playbooks[0]?.actions.map((a) => a.status)).toEqual(['skipped', 'succeeded']);
    const subjects = sns.commandCalls(PublishCommand).map((c) => c.args[0].input.Subject);
    expect(subjects).toEqual(['Key at severity 8', 'Key at severity 8']);
  });

  const torFinding = () => {
    const tor = sampleEvent('guardduty/iam-tor-ip-caller.json');
    // The same member account as keyFinding(): one budget.
    const detail = { ...tor.detail, id: 'tor-finding-1', accountId: '444455556666' };
    return { ...tor, id: 'tor-event-1', detail };
  };
  const breakerAlerts = () =>
    sns
      .commandCalls(PublishCommand)
      .map((c) => c.args[0].input)
      .filter((input) => String(input.Subject).includes('circuit breaker'));

  it('defers a state-changing run past the breaker limit, and acts on a later delivery once it allows', async () => {
    const d = deps({ PARRY_MAX_ACTIONS_PER_HOUR: '1' });
    expect((await respond(keyFinding(), d)).playbooks.map((p) => p.status)).toEqual([
      'executed',
      'executed',
    ]);
    const deferred = await respond({ playbook: 'disable-key', event: torFinding() }, d);
    expect(deferred.playbooks[0]).toMatchObject({ mode: 'dry-run', status: 'planned' });
    expect(deferred.playbooks[0]?.reason).toMatch(/^deferred: circuit breaker open/);
    expect(iam).toHaveReceivedCommandTimes(UpdateAccessKeyCommand, 1);
    // The same finding republished in the same hour is deferred again, not dropped as a duplicate.
    const again = await respond({ playbook: 'disable-key', event: torFinding() }, d);
    expect(again.playbooks[0]?.reason).toMatch(/^deferred/);
    clock += 3600_000;
    const later = await respond({ playbook: 'disable-key', event: torFinding() }, d);
    expect(later.playbooks[0]).toMatchObject({ mode: 'enforce', status: 'executed' });
    expect(iam).toHaveReceivedCommandTimes(UpdateAccessKeyCommand, 2);
  });

  it('counts only state-changing runs: notify-only runs never spend the budget containment needs', async () => {
    const d = deps({ PARRY_MAX_ACTIONS_PER_HOUR: '1' });
    for (let i = 0; i < 5; i++) {
      const cheap = update(keyFinding(), { id: `cheap-${i}` });
      const run = await respond(
        {
          playbook: 'notify-findings',
          event: { ...cheap, detail: { ...cheap.detail, id: `f-${i}` } },
        },
        d,
      );
      expect(run.playbooks[0]?.status).toBe('executed');
    }
    const contained = await respond({ playbook: 'disable-key', event: keyFinding() }, d);
    expect(contained.playbooks[0]?.status).toBe('executed');
    expect(iam).toHaveReceivedCommandTimes(UpdateAccessKeyCommand, 1);
    expect(breakerAlerts()).toEqual([]);
  });

  it('alerts with what was deferred: playbook, finding and target', async () => {
    const d = deps({ PARRY_MAX_ACTIONS_PER_HOUR: '0' });
    const deferred = await respond({ playbook: 'disable-key', event: torFinding() }, d);
    expect(deferred.playbooks[0]?.actions.map((a) => `${a.type}:${a.status}`)).toEqual([
      'disable-access-key:planned',
      'notify:planned',
      'circuit-breaker-alert:succeeded',
    ]);
    const [alert] = breakerAlerts();
    expect(alert?.TopicArn).toBe(settings.notifyTopicArn);
    expect(alert?.Subject).toBe('parry deferred disable-key in 444455556666: circuit breaker open');
    expect(alert?.Message).toContain('GuardDuty finding tor-finding-1');
    expect(alert?.Message).toMatch(/1\. disable-access-key on \S+\/AKIA/);
  });

  it('rejects an input that is not an EventBridge event, so it reaches the dead-letter queue', async () => {
    await expect(respond({ hello: 'world' }, deps())).rejects.toThrow(InvalidEventError);
  });

  it('plans only in plan mode (npm run invoke), with no AWS call at all', async () => {
    const summary = await respond(keyFinding(), deps({ PARRY_PLAN_ONLY: 'true' }));
    expect(summary.playbooks.map((p) => p.status)).toEqual(['planned', 'planned']);
    expect(dynamo.mock.calls()).toHaveLength(0);
    expect(sns.calls()).toHaveLength(0);
  });
});
