import type { Aws } from '../../aws/session.js';
import type { PlannedCall } from '../types.js';

/**
 * Records calls of the plan that this run deliberately does not make, so the
 * report shows each one with the reason.
 * @example skipCalls(aws, [deactivateKeyCall('ci-deployer', 'AKIA...')], 'exempt: tagged parry:exempt')
 */
export function skipCalls(aws: Aws, calls: readonly PlannedCall[], reason: string): void {
  for (const call of calls) aws.skip(call.service, call.operation, call.input, reason);
}
