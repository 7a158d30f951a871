import {
  CloudTrailClient,
  GetTrailStatusCommand,
  ListTagsCommand,
  StartLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { startLogging } from '../../../src/actions/start-logging/index.js';
import { ActionInputError } from '../../../src/actions/types.js';
import type { EventBridgeEvent } from '../../../src/event/envelope.js';
import { sampleEvent } from '../../helpers/events.js';
import { executeAction, testSettings } from '../../helpers/execute.js';
import {
  asMade,
  awsError,
  made,
  okCall,
  planFor,
  received,
  remediationFixture,
  skippedCall,
} from './support.js';

const cloudtrail = mockClient(CloudTrailClient);

beforeEach(() => {
  cloudtrail.reset();
});

// dev-jsmith stopped the org trail, in the management account's us-east-1.
const stopped = () => sampleEvent('cloudtrail/stop-logging.json');
const TRAIL = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit-trail';
const STOPPED_AT = new Date('2026-03-18T15:02:37Z');
const listTags = (arn: string) => ({ ResourceIdList: [arn] });
const byArn = (arn: string) => ({ Name: arn });
const tagged = (arn: string, ...keys: string[]) => ({
  ResourceTagList: [{ ResourceId: arn, TagsList: keys.map((Key) => ({ Key, Value: 'x' })) }],
});

describe('start-logging', () => {
  it('restarts the stopped trail and reports when it was stopped', async () => {
    cloudtrail.on(ListTagsCommand).resolves(tagged(TRAIL, 'team'));
    cloudtrail
      .on(GetTrailStatusCommand)
      .resolves({ IsLogging: false, StopLoggingTime: STOPPED_AT });
    cloudtrail.on(StartLoggingCommand).resolves({});

    const { outcome, error, calls } = await executeAction(startLogging, {}, stopped());

    expect(error).toBeUndefined();
    expect(outcome).toEqual({
      status: 'succeeded',
      target: TRAIL,
      details: { trailArn: TRAIL, stoppedAt: '2026-03-18T15:02:37.000Z' },
    });
    expect(received(cloudtrail)).toEqual([
      ['ListTagsCommand', listTags(TRAIL)],
      ['GetTrailStatusCommand', byArn(TRAIL)],
      ['StartLoggingCommand', byArn(TRAIL)],
    ]);
    expect(cloudtrail).toHaveReceivedCommandExactlyOnceWith(StartLoggingCommand, byArn(TRAIL));
    expect(calls).toEqual([
      okCall('CloudTrail', 'ListTags', listTags(TRAIL)),
      okCall('CloudTrail', 'GetTrailStatus', byArn(TRAIL)),
      okCall('CloudTrail', 'StartLogging', byArn(TRAIL)),
    ]);
  });

  it('plans exactly the calls it makes, in the same order', async () => {
    cloudtrail.on(ListTagsCommand).resolves({ ResourceTagList: [] });
    cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: false });
    cloudtrail.on(StartLoggingCommand).resolves({});

    const plan = planFor(startLogging, stopped());
    const { calls } = await executeAction(startLogging, {}, stopped());

    const notExempt = 'if org-audit-trail is not tagged parry:exempt';
    expect(plan).toEqual({
      target: TRAIL,
      calls: [
        { service: 'CloudTrail', operation: 'ListTags', input: listTags(TRAIL) },
        {
          service: 'CloudTrail',
          operation: 'GetTrailStatus',
          input: byArn(TRAIL),
          condition: notExempt,
        },
        {
          service: 'CloudTrail',
          operation: 'StartLogging',
          input: byArn(TRAIL),
          condition: `${notExempt} and it is not logging`,
        },
      ],
    });
    expect(made(calls)).toEqual(plan.calls.map(asMade));
  });

  it('is a no-op when the trail is already logging, so running twice is safe', async () => {
    cloudtrail.on(ListTagsCommand).resolves({ ResourceTagList: [] });
    cloudtrail
      .on(GetTrailStatusCommand)
      .resolvesOnce({ IsLogging: false })
      .resolves({ IsLogging: true });
    cloudtrail.on(StartLoggingCommand).resolves({});
    const reason = 'already logging: nothing to do';

    const first = await executeAction(startLogging, {}, stopped());
    const second = await executeAction(startLogging, {}, stopped());

    expect(first.outcome?.status).toBe('succeeded');
    expect(second.outcome).toEqual({
      status: 'skipped',
      reason,
      target: TRAIL,
      details: { trailArn: TRAIL },
    });
    expect(second.calls).toEqual([
      okCall('CloudTrail', 'ListTags', listTags(TRAIL)),
      okCall('CloudTrail', 'GetTrailStatus', byArn(TRAIL)),
      skippedCall('CloudTrail', 'StartLogging', byArn(TRAIL), reason),
    ]);
    expect(cloudtrail).toHaveReceivedCommandTimes(StartLoggingCommand, 1);
  });

  it.each([
    { tag: 'parry:exempt', settings: testSettings() },
    { tag: 'PARRY:EXEMPT', settings: testSettings() },
    { tag: 'sec:hands-off', settings: testSettings({ exemptTag: 'sec:hands-off' }) },
  ])('skips a trail tagged $tag without reading its status', async ({ tag, settings }) => {
    cloudtrail.on(ListTagsCommand).resolves(tagged(TRAIL, 'team', tag));
    const reason = `exempt: tagged ${settings.exemptTag}`;

    const { outcome, calls } = await executeAction(startLogging, {}, stopped(), { settings });

    expect(outcome).toEqual({ status: 'skipped', reason, target: TRAIL });
    expect(received(cloudtrail)).toEqual([['ListTagsCommand', listTags(TRAIL)]]);
    expect(calls).toEqual([
      okCall('CloudTrail', 'ListTags', listTags(TRAIL)),
      skippedCall('CloudTrail', 'GetTrailStatus', byArn(TRAIL), reason),
      skippedCall('CloudTrail', 'StartLogging', byArn(TRAIL), reason),
    ]);
  });

  it('names a trail given by name by its ARN in the event account and region', async () => {
    const arn = 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/security-audit';
    cloudtrail.on(ListTagsCommand).resolves({ ResourceTagList: [] });
    cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: false });
    cloudtrail.on(StartLoggingCommand).resolves({});

    const { outcome } = await executeAction(
      startLogging,
      {},
      remediationFixture('stop-logging-by-name.json'),
    );

    expect(outcome?.target).toBe(arn);
    expect(received(cloudtrail)).toEqual([
      ['ListTagsCommand', listTags(arn)],
      ['GetTrailStatusCommand', byArn(arn)],
      ['StartLoggingCommand', byArn(arn)],
    ]);
  });

  it("calls the trail's home region when its ARN names another region than the event's", async () => {
    const arn = 'arn:aws:cloudtrail:eu-west-2:111122223333:trail/london-data-events';
    cloudtrail.on(ListTagsCommand).resolves({ ResourceTagList: [] });
    cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: false });
    cloudtrail.on(StartLoggingCommand).resolves({});
    const event = remediationFixture('stop-logging-other-region-arn.json');

    const plan = planFor(startLogging, event);
    const { calls } = await executeAction(startLogging, {}, event);

    expect(plan.calls.map((c) => c.region)).toEqual(['eu-west-2', 'eu-west-2', 'eu-west-2']);
    expect(calls).toEqual([
      okCall('CloudTrail', 'ListTags', listTags(arn), 'eu-west-2'),
      okCall('CloudTrail', 'GetTrailStatus', byArn(arn), 'eu-west-2'),
      okCall('CloudTrail', 'StartLogging', byArn(arn), 'eu-west-2'),
    ]);
    expect(made(calls)).toEqual(plan.calls.map(asMade));
    const regions = await Promise.all(
      cloudtrail.calls().map((call) => (call.thisValue as CloudTrailClient).config.region()),
    );
    expect(regions).toEqual(['eu-west-2', 'eu-west-2', 'eu-west-2']);
  });

  it('fails with AWS code and words when the trail no longer exists', async () => {
    cloudtrail.on(ListTagsCommand).resolves({ ResourceTagList: [] });
    const message = `Unknown trail: ${TRAIL} for the user: 111122223333`;
    cloudtrail.on(GetTrailStatusCommand).rejects(awsError('TrailNotFoundException', message));

    const { outcome } = await executeAction(startLogging, {}, stopped());

    expect(outcome).toEqual({
      status: 'failed',
      target: TRAIL,
      error: `CloudTrail GetTrailStatus on ${TRAIL} failed: TrailNotFoundException: ${message}`,
    });
    expect(cloudtrail).toHaveReceivedCommandTimes(StartLoggingCommand, 0);
  });

  const withName = (name: string): EventBridgeEvent => {
    const event = stopped();
    event.detail = { ...event.detail, requestParameters: { name } };
    return event;
  };

  it.each([
    {
      name: 'another event (DeleteTrail)',
      event: () => sampleEvent('cloudtrail/delete-trail.json'),
      message: 'start-logging acts on StopLogging calls, not DeleteTrail',
    },
    {
      name: 'a name that is not a trail name',
      event: () => withName('no/such trail'),
      message: 'requestParameters.name is neither a trail name nor a trail ARN: no/such trail',
    },
    {
      name: 'an ARN that is not a trail ARN',
      event: () => withName('arn:aws:s3:::audit-logs'),
      message:
        'requestParameters.name is neither a trail name nor a trail ARN: arn:aws:s3:::audit-logs',
    },
  ])('refuses $name with an ActionInputError', ({ event, message }) => {
    const plan = () => planFor(startLogging, event());

    expect(plan).toThrow(ActionInputError);
    expect(plan).toThrow(message);
  });
});
