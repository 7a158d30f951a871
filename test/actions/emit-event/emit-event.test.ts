import { readFileSync } from 'node:fs';
import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsCommandInput,
} from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { emitEvent } from '../../../src/actions/emit-event/index.js';
import {
  ENTRY_MAX_BYTES,
  entrySize,
  type RunEntry,
} from '../../../src/actions/emit-event/run-detail.js';
import type { ActionResult } from '../../../src/actions/types.js';
import { AwsCallError, AwsSession, targetOf } from '../../../src/aws/index.js';
import type { EventBridgeEvent } from '../../../src/event/envelope.js';
import {
  disabledKey,
  failedQuarantine,
  plannedQuarantine,
} from '../../fixtures/notify/previous.js';
import { sampleEvent } from '../../helpers/events.js';
import { executeAction, TEST_NOW, testFactory, testSettings } from '../../helpers/execute.js';

const events = mockClient(EventBridgeClient);
const PLAYBOOK = 'quarantine-compromised-instance';
const EVENT_ID = '5a1b6c2d-0e3f-4a5b-8c6d-7e8f9a0b1c2d';
const backdoor = () => sampleEvent('guardduty/backdoor-ec2-c-and-c-activity.json');

interface RunDetail {
  playbook: string;
  mode: string;
  trimmed?: string[];
  event: Record<string, string>;
  target: { account: string; region: string };
  actions?: Record<string, unknown>[];
}

function sentEntry(): RunEntry {
  const input: PutEventsCommandInput | undefined =
    events.commandCalls(PutEventsCommand)[0]?.args[0].input;
  const entry = input?.Entries?.[0];
  if (!entry) throw new Error('no PutEvents entry');
  return entry as RunEntry;
}
const sentDetail = (): RunDetail => JSON.parse(sentEntry().Detail) as RunDetail;

beforeEach(() => {
  events.reset();
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: EVENT_ID }] });
});

describe('emit-event', () => {
  it('puts one parry event with the run on the default bus', async () => {
    const event = backdoor();
    const previous = [failedQuarantine, disabledKey];
    const { outcome, calls } = await executeAction(emitEvent, {}, event, {
      playbook: PLAYBOOK,
      previous,
    });

    expect(outcome).toEqual({
      status: 'succeeded',
      target: 'default',
      details: { eventId: EVENT_ID },
    });
    expect(events).toHaveReceivedCommandTimes(PutEventsCommand, 1);
    expect(events.commandCalls(PutEventsCommand)[0]?.args[0].input).toEqual({
      Entries: [
        {
          Source: 'parry',
          DetailType: 'Parry Playbook Run',
          Detail: expect.any(String),
          EventBusName: 'default',
        },
      ],
    });
    expect(sentDetail()).toEqual({
      playbook: PLAYBOOK,
      mode: 'enforce',
      event: {
        id: 'ff4122a9-6cc0-4b07-b5aa-48c3efe4c23f',
        source: 'aws.guardduty',
        'detail-type': 'GuardDuty Finding',
        account: '111122223333',
        region: 'us-east-1',
      },
      target: { account: '111122223333', region: 'us-east-1' },
      actions: previous,
    });
    expect(calls).toEqual([
      {
        service: 'EventBridge',
        operation: 'PutEvents',
        input: { Entries: [sentEntry()] },
        status: 'ok',
      },
    ]);
  });

  it('names the account and region the event is about when they differ from the envelope', async () => {
    await executeAction(emitEvent, {}, sampleEvent('guardduty/iam-malicious-ip-caller.json'));
    expect(sentDetail().event.account).toBe('111122223333');
    expect(sentDetail().target).toEqual({ account: '444455556666', region: 'us-east-1' });
  });

  it.each([
    ['no resources', [], undefined],
    [
      'ARNs',
      ['arn:aws:ec2:us-east-1:111122223333:instance/i-1', 'arn:aws:s3:::bucket'],
      ['arn:aws:ec2:us-east-1:111122223333:instance/i-1', 'arn:aws:s3:::bucket'],
    ],
    [
      'ARNs among other values',
      ['i-1', 42, null, 'arn:aws:iam::111122223333:user/a', `arn:${'x'.repeat(2048)}`],
      ['arn:aws:iam::111122223333:user/a'],
    ],
  ])('sets Resources from an event with %s', async (_case, resources, expected) => {
    const event: EventBridgeEvent = { ...backdoor(), resources };
    await executeAction(emitEvent, {}, event);
    if (expected) expect(sentEntry().Resources).toEqual(expected);
    else expect(sentEntry()).not.toHaveProperty('Resources');
  });

  it.each([
    [
      "a bus name, on parry's own bus (the responder's region)",
      'security',
      'guardduty/trojan-ec2-dns-data-exfiltration.json',
      { region: 'us-east-1' },
    ],
    [
      'a bus ARN of the event region',
      'arn:aws:events:eu-west-1:111122223333:event-bus/security',
      'guardduty/trojan-ec2-dns-data-exfiltration.json',
      {},
    ],
    [
      'a bus ARN of another region, in its region',
      'arn:aws:events:us-east-1:111122223333:event-bus/security',
      'guardduty/trojan-ec2-dns-data-exfiltration.json',
      { region: 'us-east-1' },
    ],
    [
      "a bus name for a member account's finding, on parry's own bus, never the member's",
      'default',
      'guardduty/iam-malicious-ip-caller.json',
      { account: '111122223333' },
    ],
  ])('puts on %s', async (_case, bus, file, where) => {
    const event = sampleEvent(file);
    const { calls, outcome } = await executeAction(emitEvent, { bus }, event);
    const plan = emitEvent.plan({
      event,
      params: { bus },
      playbook: { name: 'test-playbook', mode: 'enforce' },
      settings: testSettings(),
      previous: [],
      now: TEST_NOW,
    });

    expect(sentEntry().EventBusName).toBe(bus);
    expect(outcome?.target).toBe(bus);
    expect(calls).toEqual([
      {
        service: 'EventBridge',
        operation: 'PutEvents',
        input: { Entries: [sentEntry()] },
        status: 'ok',
        ...where,
      },
    ]);
    expect(plan).toEqual({
      target: bus,
      calls: [
        {
          service: 'EventBridge',
          operation: 'PutEvents',
          input: { Entries: [sentEntry()] },
          ...where,
        },
      ],
    });
  });

  it.each([
    ['ThrottlingException', 'Rate exceeded', true],
    ['AccessDeniedException', 'not authorized to put events on the bus', false],
    ['InternalFailure', 'internal failure', true],
  ])(
    'fails with the entry error code %s although PutEvents answers 200 (transient: %s)',
    async (code, message, transient) => {
      events.on(PutEventsCommand).resolves({
        FailedEntryCount: 1,
        Entries: [{ ErrorCode: code, ErrorMessage: message }],
      });
      const { outcome, error } = await executeAction(emitEvent, {}, backdoor());

      expect(error).toBeUndefined();
      expect(outcome).toEqual({
        status: 'failed',
        transient,
        target: 'default',
        error: `EventBridge PutEvents on default refused the entry: ${code}: ${message}`,
        details: { errorCode: code },
      });
    },
  );

  it('fails when PutEvents gives the entry no event id', async () => {
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
    const { outcome } = await executeAction(emitEvent, {}, backdoor());
    expect(outcome).toEqual({
      status: 'failed',
      transient: false,
      target: 'default',
      error:
        'EventBridge PutEvents on default refused the entry: NoEventId: PutEvents returned no event id for the entry',
      details: { errorCode: 'NoEventId' },
    });
  });

  it('does not swallow a failed call', async () => {
    events
      .on(PutEventsCommand)
      .rejects(Object.assign(new Error('no access'), { name: 'AccessDeniedException' }));
    const { outcome, error, calls } = await executeAction(emitEvent, {}, backdoor());

    expect(outcome).toBeUndefined();
    expect(error).toBeInstanceOf(AwsCallError);
    expect((error as AwsCallError).code).toBe('AccessDeniedException');
    expect(calls).toEqual([
      expect.objectContaining({
        operation: 'PutEvents',
        status: 'failed',
        code: 'AccessDeniedException',
      }),
    ]);
  });

  it('reports the outcomes known when it runs, not those it was planned with', async () => {
    const event = backdoor();
    const settings = testSettings();
    const planning = {
      event,
      params: { bus: 'default' },
      playbook: { name: PLAYBOOK, mode: 'enforce' as const },
      settings,
      previous: [plannedQuarantine],
      now: TEST_NOW,
    };
    const plan = emitEvent.plan(planning);
    const aws = new AwsSession(testFactory(settings), targetOf(event), {
      playbook: PLAYBOOK,
      action: 'emit-event',
    });

    await emitEvent.execute({ ...planning, previous: [failedQuarantine], aws, plan });

    expect(sentDetail().actions).toEqual([failedQuarantine]);
  });

  it('rejects a bus that is neither a name nor an event bus ARN', () => {
    for (const bus of ['my bus', 'arn:aws:sns:us-east-1:111122223333:topic', '']) {
      expect(emitEvent.params.safeParse({ bus }).success).toBe(false);
    }
    expect(emitEvent.params.parse({})).toEqual({ bus: 'default' });
  });
});

describe('emit-event size limit', () => {
  const bigResult = (i: number): ActionResult => ({
    ...failedQuarantine,
    target: `i-${String(i).padStart(17, '0')}`,
    params: { note: 'n'.repeat(5_000) },
    details: { evidence: 'e'.repeat(20_000) },
    calls: failedQuarantine.calls.map((c) => ({ ...c, input: { blob: 'b'.repeat(5_000) } })),
  });
  const manyArns = Array.from(
    { length: 100 },
    (_, i) => `arn:aws:s3:::${String(i).padStart(3, '0')}${'b'.repeat(2048 - 16)}`,
  );

  it.each([
    [
      'huge earlier results',
      [],
      Array.from({ length: 31 }, (_, i) => bigResult(i)),
      ['actions[].params'],
    ],
    [
      'results that even reduced are too many',
      [],
      Array.from({ length: 3000 }, (_, i) => bigResult(i)),
      ['actions (the run is too big for one event)'],
    ],
  ])(
    'stays under 256 KB with %s and says what it left out',
    async (_case, resources, previous, said) => {
      const event: EventBridgeEvent = { ...backdoor(), resources };
      const { outcome } = await executeAction(emitEvent, {}, event, { previous });

      expect(entrySize(sentEntry())).toBeLessThan(ENTRY_MAX_BYTES);
      const detail = sentDetail();
      for (const what of said) {
        expect(detail.trimmed).toEqual(expect.arrayContaining([expect.stringContaining(what)]));
      }
      expect(detail.event.id).toBe(event.id);
      expect(outcome).toEqual({
        status: 'succeeded',
        target: 'default',
        details: { eventId: EVENT_ID, trimmed: detail.trimmed },
      });
    },
  );

  it('keeps 100 resources of 2,048 characters, the most PutEvents takes', async () => {
    const { outcome } = await executeAction(emitEvent, {}, { ...backdoor(), resources: manyArns });
    expect(sentEntry().Resources).toEqual(manyArns);
    expect(entrySize(sentEntry())).toBeLessThan(ENTRY_MAX_BYTES);
    expect(outcome?.status).toBe('succeeded');
  });

  it('drops resources over PutEvents limits and says so', async () => {
    const heavy = `arn:aws:s3:::${'é'.repeat(2000)}`;
    const resources = [...Array.from({ length: 120 }, () => heavy), 'arn:aws:s3:::small'];
    const { outcome } = await executeAction(emitEvent, {}, { ...backdoor(), resources });

    expect(entrySize(sentEntry())).toBeLessThan(ENTRY_MAX_BYTES);
    expect(sentEntry().Resources).toEqual([
      ...Array.from({ length: 51 }, () => heavy),
      'arn:aws:s3:::small',
    ]);
    expect(sentDetail().trimmed).toEqual(["Resources (69 ARNs over PutEvents' limits)"]);
    expect(outcome?.status).toBe('succeeded');
  });

  it('bounds what a crafted event says about itself', async () => {
    const event = backdoor();
    event.id = 'i'.repeat(300_000);
    event.detail.accountId = 'a'.repeat(300_000);
    await executeAction(emitEvent, {}, event);

    expect(entrySize(sentEntry())).toBeLessThan(ENTRY_MAX_BYTES);
    expect(sentDetail().event.id).toBe(`${'i'.repeat(253)}...`);
    expect(sentDetail().target.account).toBe(`${'a'.repeat(253)}...`);
  });

  it('keeps every outcome when it drops the details', async () => {
    await executeAction(emitEvent, {}, backdoor(), {
      previous: Array.from({ length: 31 }, (_, i) => bigResult(i)),
    });
    const first = sentDetail().actions?.[0];
    expect(sentDetail().actions).toHaveLength(31);
    expect(first).toEqual({
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

  it('sizes an entry the way EventBridge does', () => {
    expect(
      entrySize({
        Source: 'parry',
        DetailType: 'Parry Playbook Run',
        Detail: '{"a":"é"}',
        Resources: ['arn:aws:s3:::b'],
        EventBusName: 'a-bus-name-that-does-not-count',
      }),
    ).toBe(5 + 18 + 10 + 14);
  });
});

describe('emit-event module', () => {
  it.each(['index.ts', 'params.ts', 'run-detail.ts', 'bus.ts'])(
    'keeps the SDK out of %s, so plans load no AWS client',
    (file) => {
      const source = readFileSync(
        new URL(`../../../src/actions/emit-event/${file}`, import.meta.url),
        'utf8',
      );
      expect(source).not.toMatch(/from '@aws-sdk\//);
    },
  );
});

describe('emit-event permissions', () => {
  it('declares exactly the IAM action its call needs', async () => {
    const { calls } = await executeAction(emitEvent, {}, backdoor());
    expect(emitEvent.permissions).toEqual(['events:PutEvents']);
    expect(calls.map((c) => `events:${c.operation}`)).toEqual(['events:PutEvents']);
  });
});
