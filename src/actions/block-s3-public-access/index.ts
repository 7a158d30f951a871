import type { ActionDefinition } from '../types.js';
import { blockS3PublicAccessNotes } from './notes.js';
import { blockS3PublicAccessParams } from './params.js';
import { planBlock } from './plan.js';

/**
 * Turns on all four Block Public Access settings of the bucket the event names.
 *
 * @example
 * actions:
 *   - type: block-s3-public-access
 */
export const blockS3PublicAccess: ActionDefinition<typeof blockS3PublicAccessParams> = {
  type: 'block-s3-public-access',
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
  plan: planBlock,
  execute: async (context) => (await import('./execute.js')).execute(context),
};
