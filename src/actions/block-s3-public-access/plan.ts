import type { ActionPlan, PlanContext } from '../types.js';
import { eventBucket } from './bucket.js';
import { bucketCalls } from './calls.js';
import type { BlockS3PublicAccessParams } from './params.js';

/**
 * Tags, current block, then PutPublicAccessBlock only when a setting is off.
 * @example planBlock(context).calls.map((c) => c.operation) // ['GetBucketTagging', 'GetPublicAccessBlock', 'PutPublicAccessBlock']
 */
export function planBlock(context: PlanContext<BlockS3PublicAccessParams>): ActionPlan {
  const bucket = eventBucket(context.event);
  const calls = bucketCalls(bucket, context.settings.exemptTag);
  return { target: bucket.name, calls: [calls.tagging, calls.current, calls.put] };
}
