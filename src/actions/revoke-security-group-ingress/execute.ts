import {
  DescribeSecurityGroupRulesCommand,
  type DescribeSecurityGroupRulesCommandOutput,
  DescribeSecurityGroupsCommand,
  type DescribeSecurityGroupsCommandOutput,
  RevokeSecurityGroupIngressCommand,
  type RevokeSecurityGroupIngressCommandOutput,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';
import { AwsCallError } from '../../aws/errors.js';
import type { Aws } from '../../aws/session.js';
import { exemptReason, isExempt } from '../exempt.js';
import type { ActionExecution, ExecuteContext, PlannedCall } from '../types.js';
import { type AddedIngress, addedIngress, type OpenRule } from './added-rules.js';
import { describeGroupCall, describeRulesCall, revokeCall, ruleLabel } from './calls.js';
import type { RevokeIngressParams } from './params.js';
import { revokeCalls } from './plan.js';
import { byPermission, byRuleId, type RuleStates } from './still-open.js';

/** What EC2 answers when the group, or a rule of it, is already gone. */
const GROUP_GONE = 'InvalidGroup.NotFound';
const RULE_GONE = new Set(['InvalidPermission.NotFound', 'InvalidSecurityGroupRuleId.NotFound']);

const codeOf = (error: unknown): string =>
  error instanceof AwsCallError ? error.code : 'UnknownError';

const skipAll = (aws: Aws, calls: (PlannedCall | undefined)[], reason: string): void => {
  for (const call of calls) if (call) aws.skip(call.service, call.operation, call.input, reason);
};

/**
 * The group, or undefined once it has been deleted (and its rules with it):
 * every caller then ends as a no-op, so that call is marked tolerated.
 */
async function describeGroup(aws: Aws, groupId: string): Promise<SecurityGroup | undefined> {
  try {
    const output = await aws.send<DescribeSecurityGroupsCommandOutput>(
      'EC2',
      new DescribeSecurityGroupsCommand(describeGroupCall(groupId).input),
    );
    return output.SecurityGroups?.find((g) => g.GroupId === groupId);
  } catch (error) {
    if (codeOf(error) !== GROUP_GONE) throw error;
    aws.tolerate(error, 'group already deleted');
    return undefined;
  }
}

/** Where each added open rule stands in the group now. */
async function statesOf(aws: Aws, added: AddedIngress, group: SecurityGroup): Promise<RuleStates> {
  if (!added.byRuleId) return byPermission(added.open, group.IpPermissions ?? []);
  const ids = added.open.flatMap((r) => (r.ruleId ? [r.ruleId] : []));
  const output = await aws.send<DescribeSecurityGroupRulesCommandOutput>(
    'EC2',
    new DescribeSecurityGroupRulesCommand(describeRulesCall(added.groupId, ids).input),
  );
  return byRuleId(added.open, output.SecurityGroupRules ?? []);
}

const labels = (rules: OpenRule[]): string[] => rules.map(ruleLabel);

/** What the report keeps: each added open rule by what became of it. */
function report(added: AddedIngress, states: RuleStates, revoked: OpenRule[]) {
  return {
    groupId: added.groupId,
    revoked: labels(revoked),
    alreadyRevoked: labels(states.gone),
    ...(states.narrowed.length > 0 ? { narrowedSinceLeftAlone: labels(states.narrowed) } : {}),
    ...(added.keptCount > 0 ? { keptRulesAddedByTheCall: added.keptCount } : {}),
  };
}

/**
 * Revoking several rule ids fails as a whole when one is gone. If they were
 * all revoked between our describe and our revoke, that is the no-op it looks
 * like (the revoke is marked tolerated); if some are still open, the failure stands.
 */
async function afterNotFound(
  aws: Aws,
  added: AddedIngress,
  error: unknown,
): Promise<ActionExecution> {
  const group = await describeGroup(aws, added.groupId);
  const states = group
    ? await statesOf(aws, added, group)
    : { open: [], gone: added.open, narrowed: [] };
  if (states.open.length > 0) throw error;
  aws.tolerate(error, 'rules already revoked meanwhile');
  return {
    status: 'skipped',
    reason: 'already revoked (meanwhile): nothing to do',
    target: added.groupId,
    details: report(added, states, []),
  };
}

async function revoke(aws: Aws, added: AddedIngress, exemptTag: string): Promise<ActionExecution> {
  const target = added.groupId;
  const planned = revokeCalls(added, exemptTag);
  const group = await describeGroup(aws, added.groupId);
  if (!group || isExempt(group.Tags, exemptTag)) {
    const reason = group
      ? exemptReason(exemptTag)
      : 'the security group no longer exists: nothing to do';
    skipAll(aws, [planned.describeRules, planned.revoke], reason);
    return { status: 'skipped', reason, target };
  }
  const states = await statesOf(aws, added, group);
  if (states.open.length === 0) {
    const reason =
      states.narrowed.length === 0
        ? 'already revoked: nothing to do'
        : 'no added rule is still open: nothing to do';
    skipAll(aws, [planned.revoke], reason);
    return { status: 'skipped', reason, target, details: report(added, states, []) };
  }
  let output: RevokeSecurityGroupIngressCommandOutput;
  try {
    output = await aws.send<RevokeSecurityGroupIngressCommandOutput>(
      'EC2',
      new RevokeSecurityGroupIngressCommand(revokeCall(target, states.open).input),
    );
  } catch (error) {
    if (RULE_GONE.has(codeOf(error))) return afterNotFound(aws, added, error);
    throw error;
  }
  // A default VPC answers a rule it does not know with success and lists it here.
  const unknown = output.UnknownIpPermissions ?? [];
  if (output.Return === false || unknown.length > 0) {
    return {
      status: 'failed',
      target,
      error: `RevokeSecurityGroupIngress did not revoke every rule: unknown ${JSON.stringify(unknown)}`,
      details: { ...report(added, states, []), attempted: labels(states.open) },
    };
  }
  return { status: 'succeeded', target, details: report(added, states, states.open) };
}

/**
 * Revokes the open rules the AuthorizeSecurityGroupIngress call added that
 * are still there, unless the group carries the exempt tag. A failed call
 * ends the action as `failed`, with AWS's code and words.
 * @example await execute(context) // { status: 'succeeded', target: 'sg-...', details: { revoked: [...] } }
 */
export async function execute(
  context: ExecuteContext<RevokeIngressParams>,
): Promise<ActionExecution> {
  const added = addedIngress(context.event);
  try {
    return await revoke(context.aws, added, context.settings.exemptTag);
  } catch (error) {
    if (error instanceof AwsCallError) {
      return { status: 'failed', target: added.groupId, error: error.message };
    }
    throw error;
  }
}
