import {
  type ActionDefinition,
  ActionInputError,
  type ActionPlan,
  type PlanContext,
} from '../types.js';
import type { InstanceFacts } from './facts.js';
import { QUARANTINE_NOTES } from './notes.js';
import { type QuarantineParams, quarantineParams } from './params.js';
import { quarantineCalls, sharedGroupCallsOnce } from './plan.js';
import { originalGroupsFor } from './tags.js';
import { exemptRefusal, findingIdOf, targetsOf } from './targets.js';

function planOne(facts: InstanceFacts, context: PlanContext<QuarantineParams>): ActionPlan {
  const target = facts.instanceId;
  const refused = exemptRefusal(facts, context.settings);
  if (refused) return { target, calls: [], skip: refused };
  const calls = quarantineCalls(facts, context, findingIdOf(context));
  const details = facts.enis.length > 0 ? { originalGroups: originalGroupsFor(facts) } : undefined;
  return { target, calls, details };
}

/**
 * Isolates an EC2 instance the way incident-response runbooks do, keeping the
 * evidence: untrack then isolate every ENI, protect it from termination, take
 * it out of its Auto Scaling group, revoke and detach its role, snapshot and tag.
 *
 * @example
 * actions:
 *   - type: quarantine-instance
 *     stop: false
 */
export const quarantineInstance: ActionDefinition<typeof quarantineParams> = {
  type: 'quarantine-instance',
  summary: 'Isolate an EC2 instance on the network, preserve evidence, cut its credentials',
  notes: QUARANTINE_NOTES,
  params: quarantineParams,
  permissions: [
    'ec2:DescribeInstances',
    'ec2:DescribeNetworkInterfaces',
    'ec2:DescribeInstanceAttribute',
    'ec2:DescribeSnapshots',
    'ec2:DescribeSecurityGroups',
    'ec2:CreateSecurityGroup',
    'ec2:AuthorizeSecurityGroupIngress',
    'ec2:AuthorizeSecurityGroupEgress',
    'ec2:RevokeSecurityGroupIngress',
    'ec2:RevokeSecurityGroupEgress',
    'ec2:ModifyNetworkInterfaceAttribute',
    'ec2:ModifyInstanceAttribute',
    'ec2:CreateTags',
    'ec2:DescribeIamInstanceProfileAssociations',
    'ec2:DisassociateIamInstanceProfile',
    'ec2:CreateSnapshots',
    'ec2:StopInstances',
    'autoscaling:DescribeAutoScalingInstances',
    'autoscaling:EnterStandby',
    'iam:GetInstanceProfile',
    'iam:GetRole',
    'iam:GetRolePolicy',
    'iam:PutRolePolicy',
  ],
  targets: {
    guardduty: 'detail.resource.instanceDetails.instanceId (with its networkInterfaces)',
    cloudtrail: 'detail.responseElements.instancesSet.items[*].instanceId',
  },
  plan(context) {
    const instances = targetsOf(context);
    if (instances.length === 0) {
      throw new ActionInputError('the event names no EC2 instance: set instance-id');
    }
    const plans = instances.map((facts) => planOne(facts, context));
    if (plans.length === 1 && plans[0]) return plans[0];
    const acting = plans.filter((p) => !p.skip);
    return {
      target: plans.map((p) => p.target).join(', '),
      calls: sharedGroupCallsOnce(acting.flatMap((p) => p.calls)),
      skip: acting.length === 0 ? plans.map((p) => `${p.target}: ${p.skip}`).join('; ') : undefined,
      details: { instances: plans.map((p) => ({ target: p.target, skip: p.skip, ...p.details })) },
    };
  },
  execute: async (context) => (await import('./execute.js')).execute(context),
};
