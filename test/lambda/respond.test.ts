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
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EventBridgeEvent } from '../../src/event/envelope.js';
import { readRuntimeConfig } from '../../src/lambda/config.js';
import { InvalidEventError, RetryableFailureError } from '../../src/lambda/errors.js';
import { respond } from '../../src/lambda/respond.js';
import { createResponderDeps } from '../../src/lambda/runtime.js';
import { loadPlaybooks, type Playbook } from '../../src/playbook/index.js';
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

function deps(env: NodeJS.ProcessEnv = {}) {
  return createResponderDeps({
    playbooks,
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

  it('trips the circuit breaker: past the limit playbooks only plan, and one alert is sent', async () => {
    const d = deps({ PARRY_MAX_ACTIONS_PER_HOUR: '2' });
    const first = await respond(keyFinding(), d);
    expect(first.playbooks.map((p) => p.status)).toEqual(['executed', 'executed']);
    const tor = sampleEvent('guardduty/iam-tor-ip-caller.json');
    const second = await respond(
      { ...tor, account: '444455556666', detail: { ...tor.detail, accountId: '444455556666' } },
      d,
    );
    expect(second.playbooks.map((p) => `${p.mode}:${p.status}`)).toEqual([
      'dry-run:planned',
      'dry-run:planned',
    ]);
    expect(second.playbooks[0]?.reason).toMatch(
      /circuit breaker tripped: PARRY_MAX_ACTIONS_PER_HOUR reached for account 444455556666/,
    );
    const alerts = sns
      .commandCalls(PublishCommand)
      .filter((c) => String(c.args[0].input.Subject).includes('circuit breaker'));
    expect(alerts).toHaveLength(1);
    expect(iam).toHaveReceivedCommandTimes(UpdateAccessKeyCommand, 1);
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
