import { lazyBehaviour } from '../types.js';
import type { RevokeIngressParams } from './params.js';
import { planRevoke } from './plan.js';

/** What running revoke-security-group-ingress needs, without its params schema (see ../behaviours.ts). */
export const revokeSecurityGroupIngressBehaviour = lazyBehaviour<RevokeIngressParams>(
  'revoke-security-group-ingress',
  planRevoke,
  ['EC2'],
  () => import('./execute.js'),
);
