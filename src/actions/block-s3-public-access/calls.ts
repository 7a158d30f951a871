import type { PlannedCall } from '../types.js';
import type { EventBucket } from './bucket.js';

/** Every setting on: new public ACLs and policies refused, existing ones ignored. */
export const FULL_BLOCK = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
} as const;

type BlockSettings = Partial<Record<keyof typeof FULL_BLOCK, boolean | undefined>>;

/**
 * Whether a bucket's configuration already blocks everything.
 * @example isFullyBlocked({ ...FULL_BLOCK, RestrictPublicBuckets: false }) // false
 */
export const isFullyBlocked = (config: BlockSettings | undefined): boolean =>
  config !== undefined &&
  config.BlockPublicAcls === true &&
  config.IgnorePublicAcls === true &&
  config.BlockPublicPolicy === true &&
  config.RestrictPublicBuckets === true;

/** A planned S3 call whose input keeps its type, so `execute` sends exactly what `plan` shows. */
export interface S3Call<I extends Record<string, unknown>> extends PlannedCall {
  service: 'S3';
  input: I;
}

const s3Call = <I extends Record<string, unknown>>(
  operation: string,
  input: I,
  condition?: string,
): S3Call<I> => ({ service: 'S3', operation, input, ...(condition ? { condition } : {}) });

/**
 * The calls of one block, in order: tags (exempt), current block, the block.
 * ExpectedBucketOwner on each: a bucket of another account is refused by S3
 * (403), never read or changed.
 * @example bucketCalls({ name: 'media-exports', owner: '111122223333' }, 'parry:exempt').put.input.PublicAccessBlockConfiguration
 * // { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true }
 */
export function bucketCalls(bucket: EventBucket, exemptTag: string) {
  const which = { Bucket: bucket.name, ExpectedBucketOwner: bucket.owner };
  const notExempt = `if ${bucket.name} is not tagged ${exemptTag}`;
  return {
    tagging: s3Call('GetBucketTagging', which),
    current: s3Call('GetPublicAccessBlock', which, notExempt),
    put: s3Call(
      'PutPublicAccessBlock',
      { ...which, PublicAccessBlockConfiguration: { ...FULL_BLOCK } },
      `${notExempt} and any of the four settings is not already on`,
    ),
  };
}
