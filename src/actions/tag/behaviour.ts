import { lazyBehaviour } from '../types.js';
import type { TagParams } from './params.js';
import { planTag } from './plan.js';

/** What running tag needs, without its params schema (see ../behaviours.ts). */
export const tagBehaviour = lazyBehaviour<TagParams>(
  'tag',
  planTag,
  ['EC2'],
  () => import('./execute.js'),
);
