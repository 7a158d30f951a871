import { lazyBehaviour } from '../types.js';
import type { RevokeSessionsParams } from './params.js';
import { planRevokeSessions } from './plan.js';

/** What running revoke-sessions needs, without its params schema (see ../behaviours.ts). */
export const revokeSessionsBehaviour = lazyBehaviour<RevokeSessionsParams>(
  'revoke-sessions',
  planRevokeSessions,
  ['IAM'],
  () => import('./execute.js'),
);
