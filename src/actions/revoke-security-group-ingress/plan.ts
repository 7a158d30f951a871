import type { ActionPlan, PlanContext } from '../types.js';
import { type AddedIngress, addedIngress } from './added-rules.js';
import { describeGroupCall, describeRulesCall, revokeCall, ruleLabel } from './calls.js';
import type { RevokeIngressParams } from './params.js';

/**
 * The calls of one revoke, in order: the group (exempt tag), the added rules
 * still there (by id), then the revoke of those alone.
 * @example revokeCalls(added, 'parry:exempt').map((c) => c.operation)
 * // ['DescribeSecurityGroups', 'DescribeSecurityGroupRules', 'RevokeSecurityGroupIngress']
 */
export function revokeCalls(added: AddedIngress, exemptTag: string) {
  const { groupId } = added;
  const notExempt = `if ${groupId} is not tagged ${exemptTag}`;
  const ruleIds = added.open.flatMap((r) => (r.ruleId ? [r.ruleId] : []));
  return {
    describeGroup: describeGroupCall(groupId),
    describeRules: added.byRuleId ? describeRulesCall(groupId, ruleIds, notExempt) : undefined,
    revoke: revokeCall(
      groupId,
      added.open,
      `${notExempt}; only the rules still there and still open`,
    ),
  };
}

/**
 * Nothing else in the group is touched: a call that added no open rule is skipped.
 * @example planRevoke(context).target // 'sg-0a7b6c5d4e3f21098'
 */
export function planRevoke(context: PlanContext<RevokeIngressParams>): ActionPlan {
  const added = addedIngress(context.event);
  const { groupId } = added;
  if (added.open.length === 0) {
    return { target: groupId, calls: [], skip: 'the call added no rule open to 0.0.0.0/0 or ::/0' };
  }
  const calls = revokeCalls(added, context.settings.exemptTag);
  return {
    target: groupId,
    calls: [
      calls.describeGroup,
      ...(calls.describeRules ? [calls.describeRules] : []),
      calls.revoke,
    ],
    details: {
      groupId,
      revoking: added.open.map(ruleLabel),
      ...(added.keptCount > 0 ? { keptRulesAddedByTheCall: added.keptCount } : {}),
    },
  };
}
