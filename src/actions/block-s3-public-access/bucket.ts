import { targetOf } from '../../aws/target.js';
import type { EventBridgeEvent } from '../../event/envelope.js';
import { stringField } from '../event-fields.js';
import { ActionInputError } from '../types.js';

/** The bucket a bucket-level S3 call was made on, and the account that must own it. */
export interface EventBucket {
  name: string;
  owner: string;
}

/** Today's rules are 3-63 of `a-z0-9.-`; legacy us-east-1 buckets allow up to 255 of these. */
const BUCKET_NAME = /^[A-Za-z0-9._-]{3,255}$/;

/**
 * The bucket of PutBucketPolicy, PutBucketAcl, DeleteBucketPublicAccessBlock,
 * PutBucketPublicAccessBlock (any S3 call naming `requestParameters.bucketName`).
 * @example eventBucket(putBucketPolicy) // { name: 'media-exports', owner: '111122223333' }
 */
export function eventBucket(event: EventBridgeEvent): EventBucket {
  const source = stringField(event.detail, 'eventSource');
  if (source !== 's3.amazonaws.com') {
    throw new ActionInputError(
      `block-s3-public-access acts on S3 calls, not ${source ?? 'this event'}`,
    );
  }
  const name = stringField(event.detail, 'requestParameters', 'bucketName');
  if (!name) throw new ActionInputError('the event names no bucket (requestParameters.bucketName)');
  if (!BUCKET_NAME.test(name)) throw new ActionInputError(`not a bucket name: ${name}`);
  return { name, owner: targetOf(event).account };
}
