import type { ActionPlan, PlanContext, PlannedCall } from '../types.js';
import { deactivateKeyCall, listAccessKeysCall, listUserTagsCall } from './iam-calls.js';
import { resolveKey } from './key.js';
import type { DisableAccessKeyParams } from './params.js';

/**
 * The calls that disable one key, in order: the exemption check, the key's
 * status, then the update of that key alone.
 * @example disableCalls('ci-deployer', 'AKIA5QZX3RVBLEXAMPLE', 'parry:exempt').map((c) => c.operation)
 * // ['ListUserTags', 'ListAccessKeys', 'UpdateAccessKey']
 */
export function disableCalls(
  userName: string,
  accessKeyId: string,
  exemptTag: string,
): PlannedCall[] {
  const notExempt = `if ${userName} is not tagged ${exemptTag}`;
  return [
    listUserTagsCall(userName),
    listAccessKeysCall(userName, notExempt),
    deactivateKeyCall(
      userName,
      accessKeyId,
      `${notExempt} and ${accessKeyId} is one of its keys and Active`,
    ),
  ];
}

/** @example planDisableAccessKey(context).target // 'ci-deployer/AKIA5QZX3RVBLEXAMPLE' */
export function planDisableAccessKey(context: PlanContext<DisableAccessKeyParams>): ActionPlan {
  const key = resolveKey(context);
  if (key.skip !== undefined) return { target: key.target, calls: [], skip: key.skip };
  return {
    target: key.target,
    calls: disableCalls(key.userName, key.accessKeyId, context.settings.exemptTag),
  };
}
