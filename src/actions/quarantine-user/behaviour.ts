import { lazyBehaviour } from '../types.js';
import type { QuarantineUserParams } from './params.js';
import { planQuarantineUser } from './plan.js';

/** What running quarantine-user needs, without its params schema (see ../behaviours.ts). */
export const quarantineUserBehaviour = lazyBehaviour<QuarantineUserParams>(
  'quarantine-user',
  planQuarantineUser,
  ['IAM'],
  () => import('./execute.js'),
);
