import type { ActionDefinition } from '../types.js';
import { blockS3PublicAccessBehaviour } from './behaviour.js';
import { blockS3PublicAccessNotes } from './notes.js';
import { blockS3PublicAccessParams } from './params.js';

/**
 * Turns on all four Block Public Access settings of the bucket the event names.
 *
 * @example
 * actions:
 *   - type: block-s3-public-access
 */
export const blockS3PublicAccess: ActionDefinition<typeof blockS3PublicAccessParams> = {
  ...blockS3PublicAccessBehaviour,
  summary: "Turn on all four Block Public Access settings of the event's bucket",
  notes: blockS3PublicAccessNotes,
  params: blockS3PublicAccessParams,
  permissions: [
    's3:GetBucketTagging',
    's3:GetBucketPublicAccessBlock',
    's3:PutBucketPublicAccessBlock',
  ],
  targets: {
    cloudtrail:
      'PutBucketPolicy, PutBucketAcl, DeleteBucketPublicAccessBlock, PutBucketPublicAccessBlock: detail.requestParameters.bucketName',
  },
};
