import {
  deactivateKeyCall,
  listAccessKeysCall,
  listUserTagsCall,
} from '../disable-access-key/iam-calls.js';
import type { ActionPlan, PlanContext, PlannedCall } from '../types.js';
import type { QuarantineUserParams } from './params.js';
import { deleteLoginProfileCall, putQuarantinePolicyCall } from './policy.js';
import { resolveUser } from './target.js';

/**
 * Every call, in order: the exemption check, the deny-all policy first (it
 * stops every credential of the user at once), the console password, then the keys.
 * @example quarantineUserCalls('ci-deployer', false, 'parry:exempt').map((c) => c.operation)
 * // ['ListUserTags', 'PutUserPolicy', 'DeleteLoginProfile']
 */
export function quarantineUserCalls(
  userName: string,
  disableKeys: boolean,
  exemptTag: string,
): PlannedCall[] {
  const notExempt = `if ${userName} is not tagged ${exemptTag}`;
  const keys = disableKeys
    ? [
        listAccessKeysCall(userName, notExempt),
        deactivateKeyCall(userName, '<each Active key>', `${notExempt}; for each Active key`),
      ]
    : [];
  return [
    listUserTagsCall(userName),
    putQuarantinePolicyCall(userName, notExempt),
    deleteLoginProfileCall(
      userName,
      `${notExempt}; NoSuchEntity when it has no console password (nothing to delete)`,
    ),
    ...keys,
  ];
}

/** @example planQuarantineUser(context).target // 'user/ci-deployer' */
export function planQuarantineUser(context: PlanContext<QuarantineUserParams>): ActionPlan {
  const user = resolveUser(context);
  if (user.skip !== undefined) return { target: user.label, calls: [], skip: user.skip };
  return {
    target: user.label,
    calls: quarantineUserCalls(
      user.userName,
      context.params['disable-keys'],
      context.settings.exemptTag,
    ),
  };
}
