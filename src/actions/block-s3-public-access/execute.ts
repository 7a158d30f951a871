import {
  GetBucketTaggingCommand,
  type GetBucketTaggingCommandOutput,
  GetPublicAccessBlockCommand,
  type GetPublicAccessBlockCommandOutput,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { AwsCallError } from '../../aws/errors.js';
import type { Aws } from '../../aws/session.js';
import { exemptReason, isExempt } from '../exempt.js';
import type { ActionExecution, ExecuteContext, PlannedCall } from '../types.js';
import { type EventBucket, eventBucket } from './bucket.js';
import { bucketCalls, isFullyBlocked } from './calls.js';
import type { BlockS3PublicAccessParams } from './params.js';

/** S3 answers "there is none" with an error: no tag set, no bucket-level block yet. */
const NO_TAGS = 'NoSuchTagSet';
const NO_BLOCK = 'NoSuchPublicAccessBlockConfiguration';

const skipAll = (aws: Aws, calls: PlannedCall[], reason: string): void => {
  for (const call of calls) aws.skip(call.service, call.operation, call.input, reason);
};

/**
 * The answer of `read`, or `none` when S3 answers `code` (nothing there): that
 * call is then marked tolerated, with `why`.
 */
async function orNone<T, N>(
  aws: Aws,
  read: () => Promise<T>,
  code: string,
  why: string,
  none: N,
): Promise<T | N> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof AwsCallError && error.code === code)) throw error;
    aws.tolerate(error, why);
    return none;
  }
}

async function block(aws: Aws, bucket: EventBucket, exemptTag: string): Promise<ActionExecution> {
  const target = bucket.name;
  const calls = bucketCalls(bucket, exemptTag);
  const tagging = await orNone(
    aws,
    () =>
      aws.send<GetBucketTaggingCommandOutput>(
        'S3',
        new GetBucketTaggingCommand(calls.tagging.input),
      ),
    NO_TAGS,
    'the bucket has no tags',
    undefined,
  );
  if (isExempt(tagging?.TagSet, exemptTag)) {
    const reason = exemptReason(exemptTag);
    skipAll(aws, [calls.current, calls.put], reason);
    return { status: 'skipped', reason, target };
  }
  const current = await orNone(
    aws,
    () =>
      aws.send<GetPublicAccessBlockCommandOutput>(
        'S3',
        new GetPublicAccessBlockCommand(calls.current.input),
      ),
    NO_BLOCK,
    'no bucket-level block set',
    undefined,
  );
  const before = current?.PublicAccessBlockConfiguration;
  if (isFullyBlocked(before)) {
    const reason = 'already blocked (all four settings on): nothing to do';
    skipAll(aws, [calls.put], reason);
    return { status: 'skipped', reason, target, details: { bucket: bucket.name } };
  }
  await aws.send('S3', new PutPublicAccessBlockCommand(calls.put.input));
  return {
    status: 'succeeded',
    target,
    // What was set before, so a deliberate partial setting can be restored by hand.
    details: { bucket: bucket.name, before: before ?? null },
  };
}

/**
 * Turns on all four Block Public Access settings of the event's bucket,
 * unless it is exempt or they already are. A failed call ends the action as
 * `failed`, with AWS's code and words.
 * @example await execute(context) // { status: 'succeeded', target: 'media-exports', details: { before: null, ... } }
 */
export async function execute(
  context: ExecuteContext<BlockS3PublicAccessParams>,
): Promise<ActionExecution> {
  const bucket = eventBucket(context.event);
  try {
    return await block(context.aws, bucket, context.settings.exemptTag);
  } catch (error) {
    if (error instanceof AwsCallError) {
      return { status: 'failed', target: bucket.name, error: error.message };
    }
    throw error;
  }
}
