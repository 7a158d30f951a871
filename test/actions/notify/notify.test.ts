import { readFileSync } from 'node:fs';
import { PublishCommand, type PublishCommandInput, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { notify } from '../../../src/actions/notify/index.js';
import { SNS_MAX_BYTES } from '../../../src/actions/notify/message.js';
import type { NotifyParams } from '../../../src/actions/notify/params.js';
import { summarize } from '../../../src/actions/notify/summary.js';
import type { ActionResult, PlanContext } from '../../../src/actions/types.js';
import { AwsCallError, AwsSession, targetOf } from '../../../src/aws/index.js';
import type { EventBridgeEvent } from '../../../src/event/envelope.js';
import {
  disabledKey,
  exemptTag,
  failedQuarantine,
  plannedQuarantine,
} from '../../fixtures/notify/previous.js';
import { fixturePath, sampleEvent } from '../../helpers/events.js';
import { executeAction, TEST_NOW, testFactory, testSettings } from '../../helpers/execute.js';

const sns = mockClient(SNSClient);
const STACK_TOPIC = 'arn:aws:sns:us-east-1:111122223333:parry-notifications';
const PLAYBOOK = 'quarantine-compromised-instance';
const backdoor = () => sampleEvent('guardduty/backdoor-ec2-c-and-c-activity.json');

interface Protocols {
  default: string;
  email: string;
  sms: string;
}

function sent(index = 0): PublishCommandInput {
  const input = sns.commandCalls(PublishCommand)[index]?.args[0].input;
  if (!input) throw new Error(`no Publish #${index}`);
  return input;
}

const protocols = (input: PublishCommandInput): Protocols =>
  JSON.parse(input.Message ?? '{}') as Protocols;

/** The structured part, as machines read it. */
interface Structured {
  playbook: string;
  mode: string;
  trimmed?: string[];
  summary: unknown;
  actions?: Record<string, unknown>[];
  event: Record<string, unknown>;
}
const structured = (input: PublishCommandInput): Structured =>
  JSON.parse(protocols(input).default) as Structured;

/** What SNS counts against its limit: the message and every attribute's name, type and value. */
function publishBytes(input: PublishCommandInput): number {
  const attributes = Object.entries(input.MessageAttributes ?? {}).reduce(
    (sum, [name, a]) =>
      sum +
      Buffer.byteLength(name) +
      Buffer.byteLength(a.DataType ?? '') +
      Buffer.byteLength(a.StringValue ?? ''),
    0,
  );
  return (
    Buffer.byteLength(input.Message ?? '') + attributes + Buffer.byteLength(input.Subject ?? '')
  );
}

const attributes = (playbook: string, severity: string, type: string, account: string) => ({
  playbook: { DataType: 'String', StringValue: playbook },
  severity: { DataType: 'String', StringValue: severity },
  type: { DataType: 'String', StringValue: type },
  account: { DataType: 'String', StringValue: account },
});

beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'b1946ac9-2b2e-5f3c-9d8e-1f2a3b4c5d6e' });
});

describe('notify', () => {
  it('publishes the report, the structured result and the attributes to the stack topic', async () => {
    const event = backdoor();
    const previous = [failedQuarantine, exemptTag];
    const { outcome, calls } = await executeAction(notify, {}, event, {
      playbook: PLAYBOOK,
      previous,
    });

    expect(outcome).toEqual({
      status: 'succeeded',
      target: STACK_TOPIC,
      details: { messageId: 'b1946ac9-2b2e-5f3c-9d8e-1f2a3b4c5d6e' },
    });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(sent()).toEqual({
      TopicArn: STACK_TOPIC,
      Subject:
        'parry quarantine-compromised-instance: Backdoor:EC2/C&CActivity.B!DNS (High) in 111122223333',
      Message: expect.any(String),
      MessageStructure: 'json',
      MessageAttributes: attributes(
        PLAYBOOK,
        'High',
        'Backdoor:EC2/C&CActivity.B!DNS',
        '111122223333',
      ),
    });
    const message = protocols(sent());
    expect(Object.keys(message)).toEqual(['default', 'email', 'sms']);
    expect(message.email).toBe(
      readFileSync(fixturePath('notify/backdoor-report.txt'), 'utf8').trimEnd(),
    );
    expect(message.sms).toBe(
      'parry quarantine-compromised-instance: Backdoor:EC2/C&CActivity.B!DNS (High) in 111122223333: Instance i-0a1b2c3d4e5f60718 (payments-web-01)',
    );
    expect(JSON.parse(message.default)).toEqual({
      playbook: PLAYBOOK,
      mode: 'enforce',
      summary: summarize(event),
      actions: previous,
      event,
    });
    expect(calls).toEqual([{ service: 'SNS', operation: 'Publish', input: sent(), status: 'ok' }]);
  });

  it('reports an earlier AccessDenied failure in both the email and the structured part', async () => {
    await executeAction(notify, {}, backdoor(), {
      playbook: PLAYBOOK,
      previous: [failedQuarantine],
    });

    const email = protocols(sent()).email;
    expect(email).toContain(
      '  1. quarantine-instance on i-0a1b2c3d4e5f60718: FAILED: EC2 ModifyNetworkInterfaceAttribute on i-0a1b2c3d4e5f60718 failed: AccessDenied: User:',
    );
    expect(email).toContain(
      '       EC2 ModifyNetworkInterfaceAttribute: failed: AccessDenied: User:',
    );
    expect(structured(sent()).actions).toEqual([
      expect.objectContaining({
        type: 'quarantine-instance',
        status: 'failed',
        error: expect.stringContaining('AccessDenied'),
        calls: [
          expect.objectContaining({ operation: 'DescribeInstances', status: 'ok' }),
          expect.objectContaining({
            operation: 'ModifyNetworkInterfaceAttribute',
            status: 'failed',
            error: expect.stringMatching(/^AccessDenied: /),
          }),
        ],
      }),
    ]);
  });

  it.each([
    [
      'succeeded',
      disabledKey,
      '  1. disable-access-key on ci-deployer/AKIA5QZX3RVBLEXAMPLE: succeeded',
    ],
    ['skipped', exemptTag, '  1. tag on i-0a1b2c3d4e5f60718: skipped: exempt: tagged parry:exempt'],
    [
      'planned',
      plannedQuarantine,
      '  1. quarantine-instance on i-0a1b2c3d4e5f60718: planned (dry-run: not done)',
    ],
  ])('writes a %s action with its outcome', async (_status, result, line) => {
    await executeAction(notify, {}, backdoor(), { previous: [result] });
    expect(protocols(sent()).email.split('\n')).toContain(line);
  });

  it('says when nothing was done before it', async () => {
    await executeAction(notify, {}, backdoor());
    expect(protocols(sent()).email.split('\n')).toContain(
      'Nothing was done before this notification.',
    );
    expect(structured(sent()).actions).toEqual([]);
  });

  it('builds the message from the outcomes known when it runs, not those it was planned with', async () => {
    const event = backdoor();
    const settings = testSettings();
    const playbook = { name: PLAYBOOK, mode: 'enforce' as const };
    const planning: PlanContext<NotifyParams> = {
      event,
      params: {},
      playbook,
      settings,
      previous: [plannedQuarantine],
      now: TEST_NOW,
    };
    const plan = notify.plan(planning);
    const aws = new AwsSession(testFactory(settings), targetOf(event), {
      playbook: PLAYBOOK,
      action: 'notify',
    });

    await notify.execute({ ...planning, previous: [failedQuarantine], aws, plan });

    expect(structured(sent()).actions).toEqual([failedQuarantine]);
    expect(protocols(sent()).email).toContain('FAILED: EC2 ModifyNetworkInterfaceAttribute');
    expect(protocols(sent()).email).not.toContain('planned (dry-run: not done)');
  });

  it('plans exactly the call it makes', async () => {
    const event = backdoor();
    const previous = [failedQuarantine];
    const plan = notify.plan({
      event,
      params: { message: 'Paged the on-call.' },
      playbook: { name: PLAYBOOK, mode: 'enforce' },
      settings: testSettings(),
      previous,
      now: TEST_NOW,
    });
    await executeAction(notify, { message: 'Paged the on-call.' }, event, {
      playbook: PLAYBOOK,
      previous,
    });

    expect(plan).toEqual({
      target: STACK_TOPIC,
      calls: [{ service: 'SNS', operation: 'Publish', input: sent() }],
    });
    expect(protocols(sent()).email.split('\n').slice(0, 4)).toEqual([
      'parry playbook quarantine-compromised-instance (enforce) responded to:',
      'Command and Control server domain name queried by EC2 instance i-0a1b2c3d4e5f60718.',
      '',
      'Paged the on-call.',
    ]);
  });

  it.each([
    ['the stack topic', {}, testSettings()],
    [
      'a topic of another account',
      { topic: 'arn:aws:sns:eu-west-1:999988887777:secops' },
      testSettings(),
    ],
    ['no topic', {}, testSettings({ notifyTopicArn: undefined })],
  ])(
    'outlines the same target and call place, without the message, for %s',
    (_case, params, settings) => {
      const context = {
        event: backdoor(),
        params,
        playbook: { name: PLAYBOOK, mode: 'enforce' as const },
        settings,
        previous: [failedQuarantine],
        now: TEST_NOW,
      };
      const full = notify.plan(context);
      const outline = notify.plan({ ...context, outline: true });
      const { input, ...where } = full.calls[0] ?? { input: {} };
      expect(outline).toEqual({
        target: full.target,
        calls: [{ ...where, input: { TopicArn: (input as { TopicArn: string }).TopicArn } }],
      });
    },
  );

  it.each([
    [
      'the topic param over the setting',
      'arn:aws:sns:us-east-1:111122223333:secops',
      STACK_TOPIC,
      'arn:aws:sns:us-east-1:111122223333:secops',
    ],
    [
      'the topic param without a setting',
      'arn:aws:sns:us-east-1:111122223333:secops',
      undefined,
      'arn:aws:sns:us-east-1:111122223333:secops',
    ],
    ['the setting without a topic param', undefined, STACK_TOPIC, STACK_TOPIC],
  ])('publishes to %s', async (_case, topic, notifyTopicArn, expected) => {
    const settings = testSettings({ notifyTopicArn });
    const { outcome } = await executeAction(notify, topic ? { topic } : {}, backdoor(), {
      settings,
    });
    expect(sns).toHaveReceivedCommandExactlyOnceWith(PublishCommand, { TopicArn: expected });
    expect(outcome?.target).toBe(expected);
  });

  it('fails without a topic, makes no call, and plans the placeholder', async () => {
    const settings = testSettings({ notifyTopicArn: undefined });
    const { outcome, calls, error } = await executeAction(notify, {}, backdoor(), { settings });

    expect(outcome).toEqual({
      status: 'failed',
      error: 'no topic: set `topic` or PARRY_NOTIFY_TOPIC_ARN',
    });
    expect(error).toBeUndefined();
    expect(calls).toEqual([]);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
    const plan = notify.plan({
      event: backdoor(),
      params: {},
      playbook: { name: PLAYBOOK, mode: 'dry-run' },
      settings,
      previous: [],
      now: TEST_NOW,
    });
    expect(plan.target).toBe('<PARRY_NOTIFY_TOPIC_ARN>');
    expect(plan.calls).toEqual([
      {
        service: 'SNS',
        operation: 'Publish',
        input: expect.objectContaining({ TopicArn: '<PARRY_NOTIFY_TOPIC_ARN>' }),
      },
    ]);
  });

  it('does not swallow an SNS failure', async () => {
    sns.on(PublishCommand).rejects(
      Object.assign(new Error('User is not authorized to perform: SNS:Publish'), {
        name: 'AuthorizationError',
      }),
    );
    const { outcome, error, calls } = await executeAction(notify, {}, backdoor());

    expect(outcome).toBeUndefined();
    expect(error).toBeInstanceOf(AwsCallError);
    expect((error as AwsCallError).code).toBe('AuthorizationError');
    expect(calls).toEqual([
      {
        service: 'SNS',
        operation: 'Publish',
        input: sent(),
        status: 'failed',
        code: 'AuthorizationError',
        error: 'AuthorizationError: User is not authorized to perform: SNS:Publish',
      },
    ]);
  });

  it.each([
    [
      'cloudtrail/stop-logging.json',
      'parry notify-cloudtrail-tampering: cloudtrail:StopLogging in 111122223333',
      attributes('notify-cloudtrail-tampering', 'none', 'cloudtrail:StopLogging', '111122223333'),
    ],
    [
      'guardduty/iam-malicious-ip-caller.json',
      'parry notify-cloudtrail-tampering: UnauthorizedAccess:IAMUser/MaliciousIPCaller (Medium) in 4444...',
      attributes(
        'notify-cloudtrail-tampering',
        'Medium',
        'UnauthorizedAccess:IAMUser/MaliciousIPCaller',
        '444455556666',
      ),
    ],
  ])('gives %s its default subject and filterable attributes', async (file, subject, expected) => {
    await executeAction(notify, {}, sampleEvent(file), { playbook: 'notify-cloudtrail-tampering' });
    expect(sent().Subject).toBe(subject);
    expect(sent().MessageAttributes).toEqual(expected);
  });

  it('cleans a subject from a template into a valid SNS subject', async () => {
    await executeAction(
      notify,
      { subject: `Quarantined\ni-0abc — ${'x'.repeat(200)}` },
      backdoor(),
    );
    expect(sent().Subject).toBe(
      `Quarantined i-0abc ? ${'x'.repeat(96 - 'Quarantined i-0abc ? '.length)}...`,
    );
  });

  it('marks a dry-run in the subject and the report', () => {
    const plan = notify.plan({
      event: backdoor(),
      params: {},
      playbook: { name: PLAYBOOK, mode: 'dry-run' },
      settings: testSettings(),
      previous: [plannedQuarantine],
      now: TEST_NOW,
    });
    const input = plan.calls[0]?.input as unknown as PublishCommandInput;
    expect(input.Subject).toBe(
      '[dry-run] parry quarantine-compromised-instance: Backdoor:EC2/C&CActivity.B!DNS (High) in 111122...',
    );
    expect(protocols(input).email.split('\n')[0]).toBe(
      'parry playbook quarantine-compromised-instance (dry-run: parry changed nothing) responded to:',
    );
  });

  it('groups and deduplicates on a FIFO topic, the same way every time', async () => {
    const topic = 'arn:aws:sns:us-east-1:111122223333:parry-alerts.fifo';
    await executeAction(notify, { topic }, backdoor(), { playbook: PLAYBOOK });
    await executeAction(notify, { topic }, backdoor(), { playbook: PLAYBOOK });
    await executeAction(
      notify,
      { topic },
      sampleEvent('guardduty/cryptocurrency-ec2-bitcoin-tool.json'),
      {
        playbook: PLAYBOOK,
      },
    );

    expect(sent(0)).toMatchObject({
      TopicArn: topic,
      MessageGroupId: PLAYBOOK,
      MessageDeduplicationId: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(sent(1).MessageDeduplicationId).toBe(sent(0).MessageDeduplicationId);
    expect(sent(2).MessageDeduplicationId).not.toBe(sent(0).MessageDeduplicationId);
  });

  it.each([
    [
      'in the topic region when the event is elsewhere',
      'guardduty/trojan-ec2-dns-data-exfiltration.json',
      STACK_TOPIC,
      { region: 'us-east-1' },
    ],
    [
      'in the event region when the topic is there too',
      'guardduty/backdoor-ec2-c-and-c-activity.json',
      STACK_TOPIC,
      {},
    ],
    [
      "from the topic's own account and region for a member account's CloudTrail event",
      'cloudtrail/delete-trail.json',
      STACK_TOPIC,
      { region: 'us-east-1', account: '111122223333' },
    ],
  ])('publishes %s', async (_case, file, topic, where) => {
    const event = sampleEvent(file);
    const { calls } = await executeAction(notify, {}, event);
    const plan = notify.plan({
      event,
      params: {},
      playbook: { name: 'test-playbook', mode: 'enforce' },
      settings: testSettings(),
      previous: [],
      now: TEST_NOW,
    });

    expect(calls).toEqual([
      { service: 'SNS', operation: 'Publish', input: sent(), status: 'ok', ...where },
    ]);
    expect(plan.calls).toEqual([{ service: 'SNS', operation: 'Publish', input: sent(), ...where }]);
    expect(sent().TopicArn).toBe(topic);
  });

  it('sets no FIFO fields on a standard topic', async () => {
    await executeAction(notify, {}, backdoor());
    expect(sent()).not.toHaveProperty('MessageGroupId');
    expect(sent()).not.toHaveProperty('MessageDeduplicationId');
  });
});

describe('notify size limit', () => {
  const withDetailOf = (bytes: number): EventBridgeEvent => {
    const event = backdoor();
    event.detail.service = { ...(event.detail.service as object), padding: 'p'.repeat(bytes) };
    return event;
  };
  const bigResult = (i: number): ActionResult => ({
    ...failedQuarantine,
    target: `i-${String(i).padStart(17, '0')}`,
    details: { evidence: 'e'.repeat(20_000) },
    calls: failedQuarantine.calls.map((c) => ({ ...c, input: { blob: 'b'.repeat(5_000) } })),
  });

  it.each([
    ['a 400 KB event detail', withDetailOf(400 * 1024), [failedQuarantine]],
    ['a detail of exactly the limit', withDetailOf(SNS_MAX_BYTES), [failedQuarantine]],
    ['huge earlier results', backdoor(), Array.from({ length: 20 }, (_, i) => bigResult(i))],
    [
      'a big detail and 31 actions with 40 KB errors',
      withDetailOf(300 * 1024),
      Array.from({ length: 31 }, (_, i) => ({
        ...bigResult(i),
        error: `AccessDenied: ${'d'.repeat(40_000)}`,
      })),
    ],
    [
      'more earlier actions than a report can hold',
      backdoor(),
      Array.from({ length: 300 }, (_, i) => ({
        ...bigResult(i),
        calls: Array.from({ length: 12 }, () => ({
          service: 'EC2' as const,
          operation: 'CreateTags',
          input: {},
          status: 'failed' as const,
          error: `AccessDenied: ${'d'.repeat(400)}`,
        })),
      })),
    ],
  ])(
    'never goes over 256 KB with %s, keeps the report and says what was trimmed',
    async (_case, event, previous) => {
      const { outcome } = await executeAction(notify, {}, event, { playbook: PLAYBOOK, previous });

      expect(publishBytes(sent())).toBeLessThanOrEqual(SNS_MAX_BYTES);
      const { email } = protocols(sent());
      expect(email).toContain(
        'parry playbook quarantine-compromised-instance (enforce) responded to:',
      );
      expect(email).toContain('Type:      Backdoor:EC2/C&CActivity.B!DNS');
      expect(email).toContain('  1. quarantine-instance on ');
      expect(email).toContain("Trimmed to fit SNS's message size limit:");
      expect(email).toContain('Console: https://us-east-1.console.aws.amazon.com/guardduty/');
      const machine = structured(sent());
      expect(machine.trimmed).toEqual(
        expect.arrayContaining([expect.stringMatching(/^event\.detail \(\d+ bytes/)]),
      );
      expect(machine.summary).toEqual(summarize(event));
      expect(outcome).toEqual({
        status: 'succeeded',
        target: STACK_TOPIC,
        details: {
          messageId: expect.any(String),
          trimmed: expect.arrayContaining(machine.trimmed ?? []),
        },
      });
    },
  );

  it('drops only the event detail when that is enough, and says how big it was', async () => {
    const event = withDetailOf(400 * 1024);
    const detailBytes = Buffer.byteLength(JSON.stringify(event.detail));
    await executeAction(notify, {}, event, { playbook: PLAYBOOK, previous: [failedQuarantine] });

    const machine = structured(sent());
    expect(machine.trimmed).toEqual([
      `event.detail (${detailBytes} bytes; only the envelope is kept: look the event up by its id)`,
    ]);
    expect(machine.event).toEqual({
      version: '0',
      id: event.id,
      'detail-type': 'GuardDuty Finding',
      source: 'aws.guardduty',
      account: '111122223333',
      time: event.time,
      region: 'us-east-1',
      resources: [],
      detail: `<trimmed: ${detailBytes} bytes>`,
    });
    expect(machine.actions).toEqual([failedQuarantine]);
    expect(protocols(sent()).email).toContain(
      `  - event.detail (${detailBytes} bytes; only the envelope is kept: look the event up by its id)`,
    );
  });

  it('keeps each earlier outcome when it must drop their details', async () => {
    const previous = Array.from({ length: 20 }, (_, i) => bigResult(i));
    await executeAction(notify, {}, backdoor(), { playbook: PLAYBOOK, previous });

    const machine = structured(sent());
    expect(machine.actions).toHaveLength(20);
    expect(machine.actions?.[0]).toEqual({
      type: 'quarantine-instance',
      target: 'i-00000000000000000',
      status: 'failed',
      error: failedQuarantine.error,
      calls: [
        { service: 'EC2', operation: 'DescribeInstances', status: 'ok' },
        {
          service: 'EC2',
          operation: 'ModifyNetworkInterfaceAttribute',
          status: 'failed',
          error: failedQuarantine.calls[1]?.error,
        },
      ],
    });
  });
});

describe('notify module', () => {
  it.each([
    'index.ts',
    'params.ts',
    'publish.ts',
    'message.ts',
    'structured.ts',
    'text.ts',
    'summary.ts',
  ])('keeps the SDK out of %s, so plans load no AWS client', (file) => {
    const source = readFileSync(
      new URL(`../../../src/actions/notify/${file}`, import.meta.url),
      'utf8',
    );
    expect(source).not.toMatch(/from '@aws-sdk\//);
  });
});

describe('notify report cut', () => {
  it('cuts the end of an impossibly long report but keeps its tail and says so', async () => {
    const previous: ActionResult[] = Array.from({ length: 300 }, (_, i) => ({
      ...failedQuarantine,
      target: `i-${String(i).padStart(17, '0')}`,
      error: `AccessDenied: ${'d'.repeat(2000)}`,
    }));
    const { outcome } = await executeAction(notify, {}, backdoor(), {
      playbook: PLAYBOOK,
      previous,
    });

    expect(publishBytes(sent())).toBeLessThanOrEqual(SNS_MAX_BYTES);
    expect(publishBytes(sent())).toBeGreaterThan(SNS_MAX_BYTES - 1024);
    const { email } = protocols(sent());
    expect(email).toContain('\n[...]\n');
    expect(email).toContain('  - the end of the email report (cut)');
    expect(email.endsWith('fId=51ea40b07088b482c23174d06cde3e3a')).toBe(true);
    expect(structured(sent())).not.toHaveProperty('actions');
    expect(outcome?.details?.trimmed).toContain('the end of the email report (cut)');
  });
});

describe('notify permissions', () => {
  it('declares exactly the IAM action its call needs', async () => {
    const { calls } = await executeAction(notify, {}, backdoor());
    expect(notify.permissions).toEqual(['sns:Publish']);
    expect(calls.map((c) => `${c.service.toLowerCase()}:${c.operation}`)).toEqual(['sns:Publish']);
  });
});
