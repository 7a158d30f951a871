import { lazyBehaviour } from '../types.js';
import type { StartLoggingParams } from './params.js';
import { planStartLogging } from './plan.js';

/** What running start-logging needs, without its params schema (see ../behaviours.ts). */
export const startLoggingBehaviour = lazyBehaviour<StartLoggingParams>(
  'start-logging',
  planStartLogging,
  ['CloudTrail'],
  () => import('./execute.js'),
);
