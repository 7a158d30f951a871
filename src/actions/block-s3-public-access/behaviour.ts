import { lazyBehaviour } from '../types.js';
import type { BlockS3PublicAccessParams } from './params.js';
import { planBlock } from './plan.js';

/** What running block-s3-public-access needs, without its params schema (see ../behaviours.ts). */
export const blockS3PublicAccessBehaviour = lazyBehaviour<BlockS3PublicAccessParams>(
  'block-s3-public-access',
  planBlock,
  ['S3'],
  () => import('./execute.js'),
);
