import { lazyBehaviour } from '../types.js';
import type { DisableAccessKeyParams } from './params.js';
import { planDisableAccessKey } from './plan.js';

/** What running disable-access-key needs, without its params schema (see ../behaviours.ts). */
export const disableAccessKeyBehaviour = lazyBehaviour<DisableAccessKeyParams>(
  'disable-access-key',
  planDisableAccessKey,
  ['IAM'],
  () => import('./execute.js'),
);
