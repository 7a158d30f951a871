import {
  GetBucketTaggingCommand,
  GetPublicAccessBlockCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { blockS3PublicAccess } from '../../../src/actions/block-s3-public-access/index.js';
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
  toleratedCall,
} from './support.js';

const s3 = mockClient(S3Client);

beforeEach(() => {
  s3.reset();
});

const BUCKET = 'media-exports-111122223333';
const which = { Bucket: BUCKET, ExpectedBucketOwner: '111122223333' };
const ALL_ON = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};
const put = { ...which, PublicAccessBlockConfiguration: ALL_ON };
const NO_TAGS = awsError('NoSuchTagSet', 'The TagSet does not exist', 404);
const NO_BLOCK = awsError(
  'NoSuchPublicAccessBlockConfiguration',
  'The public access block configuration was not found',
  404,
);
const tagSet = (...keys: string[]) => ({ TagSet: keys.map((Key) => ({ Key, Value: 'x' })) });
const putPolicy = () => remediationFixture('put-bucket-policy-public.json');

const EVENTS = [
  {
    event: 'put-bucket-policy-public.json',
    tags: tagSet('team'),
    block: undefined,
  },
  {
    event: 'put-bucket-acl-public-read.json',
    tags: undefined,
    block: { ...ALL_ON, BlockPublicAcls: false, IgnorePublicAcls: false },
  },
  {
    event: 'delete-bucket-public-access-block.json',
    tags: undefined,
    block: undefined,
  },
  {
    event: 'put-bucket-public-access-block-off.json',
    tags: tagSet('team'),
    block: {
      BlockPublicAcls: false,
      IgnorePublicAcls: false,
      BlockPublicPolicy: false,
      RestrictPublicBuckets: false,
    },
  },
];

describe('block-s3-public-access', () => {
  it.each(EVENTS)('turns on all four settings after $event', async (c) => {
    if (c.tags) s3.on(GetBucketTaggingCommand).resolves(c.tags);
    else s3.on(GetBucketTaggingCommand).rejects(NO_TAGS);
    if (c.block)
      s3.on(GetPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: c.block });
    else s3.on(GetPublicAccessBlockCommand).rejects(NO_BLOCK);
    s3.on(PutPublicAccessBlockCommand).resolves({});

    const { outcome, error, calls } = await executeAction(
      blockS3PublicAccess,
      {},
      remediationFixture(c.event),
    );

    expect(error).toBeUndefined();
    expect(outcome).toEqual({
      status: 'succeeded',
      target: BUCKET,
      details: { bucket: BUCKET, before: c.block ?? null },
    });
    expect(received(s3)).toEqual([
      ['GetBucketTaggingCommand', which],
      ['GetPublicAccessBlockCommand', which],
      ['PutPublicAccessBlockCommand', put],
    ]);
    expect(s3).toHaveReceivedCommandExactlyOnceWith(PutPublicAccessBlockCommand, put);
    expect(calls.map((call) => [call.operation, call.status])).toEqual([
      ['GetBucketTagging', c.tags ? 'ok' : 'tolerated'],
      ['GetPublicAccessBlock', c.block ? 'ok' : 'tolerated'],
      ['PutPublicAccessBlock', 'ok'],
    ]);
    expect(calls.filter((call) => call.status === 'tolerated').map((call) => call.error)).toEqual([
      ...(c.tags
        ? []
        : ['NoSuchTagSet: The TagSet does not exist (tolerated: the bucket has no tags)']),
      ...(c.block
        ? []
        : [
            'NoSuchPublicAccessBlockConfiguration: The public access block configuration was not found (tolerated: no bucket-level block set)',
          ]),
    ]);
    // "No tags" and "no block yet" are not failures: nothing reads as one.
    expect(calls.filter((call) => call.status === 'failed')).toEqual([]);
  });

  it('plans exactly the calls it makes, in the same order', async () => {
    s3.on(GetBucketTaggingCommand).resolves(tagSet());
    s3.on(GetPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: {} });
    s3.on(PutPublicAccessBlockCommand).resolves({});

    const plan = planFor(blockS3PublicAccess, putPolicy());
    const { calls } = await executeAction(blockS3PublicAccess, {}, putPolicy());

    const notExempt = `if ${BUCKET} is not tagged parry:exempt`;
    expect(plan).toEqual({
      target: BUCKET,
      calls: [
        { service: 'S3', operation: 'GetBucketTagging', input: which },
        { service: 'S3', operation: 'GetPublicAccessBlock', input: which, condition: notExempt },
        {
          service: 'S3',
          operation: 'PutPublicAccessBlock',
          input: put,
          condition: `${notExempt} and any of the four settings is not already on`,
        },
      ],
    });
    expect(made(calls)).toEqual(plan.calls.map(asMade));
  });

  it('is a no-op when all four settings are already on, so running twice is safe', async () => {
    s3.on(GetBucketTaggingCommand).rejects(NO_TAGS);
    s3.on(GetPublicAccessBlockCommand)
      .rejectsOnce(NO_BLOCK)
      .resolves({ PublicAccessBlockConfiguration: ALL_ON });
    s3.on(PutPublicAccessBlockCommand).resolves({});
    const reason = 'already blocked (all four settings on): nothing to do';

    const first = await executeAction(blockS3PublicAccess, {}, putPolicy());
    const second = await executeAction(blockS3PublicAccess, {}, putPolicy());

    expect(first.outcome?.status).toBe('succeeded');
    expect(second.outcome).toEqual({
      status: 'skipped',
      reason,
      target: BUCKET,
      details: { bucket: BUCKET },
    });
    expect(second.calls).toEqual([
      toleratedCall(
        'S3',
        'GetBucketTagging',
        which,
        'NoSuchTagSet',
        'The TagSet does not exist',
        'the bucket has no tags',
      ),
      okCall('S3', 'GetPublicAccessBlock', which),
      skippedCall('S3', 'PutPublicAccessBlock', put, reason),
    ]);
    expect(s3).toHaveReceivedCommandTimes(PutPublicAccessBlockCommand, 1);
  });

  it.each([
    { tag: 'parry:exempt', settings: testSettings() },
    { tag: 'Parry:Exempt', settings: testSettings() },
    { tag: 'web:public-site', settings: testSettings({ exemptTag: 'web:public-site' }) },
  ])('skips a bucket tagged $tag without reading or changing its block', async (c) => {
    s3.on(GetBucketTaggingCommand).resolves(tagSet('team', c.tag));
    const reason = `exempt: tagged ${c.settings.exemptTag}`;

    const { outcome, calls } = await executeAction(blockS3PublicAccess, {}, putPolicy(), {
      settings: c.settings,
    });

    expect(outcome).toEqual({ status: 'skipped', reason, target: BUCKET });
    expect(received(s3)).toEqual([['GetBucketTaggingCommand', which]]);
    expect(calls).toEqual([
      okCall('S3', 'GetBucketTagging', which),
      skippedCall('S3', 'GetPublicAccessBlock', which, reason),
      skippedCall('S3', 'PutPublicAccessBlock', put, reason),
    ]);
  });

  it('fails with AWS code and words when S3 refuses (another owner, or denied)', async () => {
    s3.on(GetBucketTaggingCommand).rejects(awsError('AccessDenied', 'Access Denied', 403));

    const { outcome } = await executeAction(blockS3PublicAccess, {}, putPolicy());

    expect(outcome).toEqual({
      status: 'failed',
      target: BUCKET,
      error: `S3 GetBucketTagging on ${BUCKET} failed: AccessDenied: Access Denied`,
    });
    expect(s3).toHaveReceivedCommandTimes(PutPublicAccessBlockCommand, 0);
  });

  const withoutBucket = (): EventBridgeEvent => {
    const event = putPolicy();
    event.detail = { ...event.detail, requestParameters: { policy: [''] } };
    return event;
  };

  it.each([
    {
      name: 'an event that is not an S3 call',
      event: () => sampleEvent('cloudtrail/stop-logging.json'),
      message: 'block-s3-public-access acts on S3 calls, not cloudtrail.amazonaws.com',
    },
    {
      name: 'an S3 call without a bucket',
      event: withoutBucket,
      message: 'the event names no bucket (requestParameters.bucketName)',
    },
  ])('refuses $name with an ActionInputError', ({ event, message }) => {
    const plan = () => planFor(blockS3PublicAccess, event());

    expect(plan).toThrow(ActionInputError);
    expect(plan).toThrow(message);
  });
});
