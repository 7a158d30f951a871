import { stringField } from '../event-fields.js';
import {
  type ActionDefinition,
  ActionInputError,
  type ActionPlan,
  type PlanContext,
} from '../types.js';
import { type InstanceFacts, instancesFromEvent } from './facts.js';
import { isolationGroupName } from './groups.js';
import { type QuarantineParams, quarantineParams } from './params.js';
import { quarantineCalls } from './plan.js';

/** The finding id for GuardDuty, the event id otherwise: what snapshots and tags point back to. */
export const findingIdOf = (context: PlanContext<unknown>): string =>
  stringField(context.event.detail, 'id') ?? context.event.id;

function targetsOf(context: PlanContext<QuarantineParams>): InstanceFacts[] {
  const override = context.params['instance-id'];
  const fromEvent = instancesFromEvent(context.event);
  if (override === undefined) return fromEvent;
  const ids = Array.isArray(override) ? override : [override];
  return ids.map(
    (id) => fromEvent.find((f) => f.instanceId === id) ?? { instanceId: id, enis: [], tags: {} },
  );
}

/** Every ENI carries only this VPC's isolation group: nothing left to do. */
export const isQuarantined = (facts: InstanceFacts): boolean =>
  facts.enis.length > 0 &&
  facts.enis.every(
    (eni) =>
      eni.groups.length === 1 &&
      (eni.groups[0]?.name === isolationGroupName(eni.vpcId) ||
        eni.groups[0]?.id === `<${isolationGroupName(eni.vpcId)}>`),
  );

function planOne(facts: InstanceFacts, context: PlanContext<QuarantineParams>): ActionPlan {
  const target = facts.instanceId;
  if (Object.hasOwn(facts.tags, context.settings.exemptTag)) {
    return { target, calls: [], skip: `exempt: tagged ${context.settings.exemptTag}` };
  }
  if (isQuarantined(facts)) {
    return {
      target,
      calls: [],
      skip: 'already quarantined: every ENI has only the isolation group',
    };
  }
  const calls = quarantineCalls(facts, context, findingIdOf(context));
  const details =
    facts.enis.length > 0
      ? {
          originalGroups: Object.fromEntries(
            facts.enis.map((e) => [e.id, e.groups.map((g) => g.id)]),
          ),
        }
      : undefined;
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
  params: quarantineParams,
  permissions: [
    'ec2:DescribeInstances',
    'ec2:DescribeSecurityGroups',
    'ec2:CreateSecurityGroup',
    'ec2:AuthorizeSecurityGroupIngress',
    'ec2:AuthorizeSecurityGroupEgress',
    'ec2:RevokeSecurityGroupEgress',
    'ec2:ModifyNetworkInterfaceAttribute',
    'ec2:ModifyInstanceAttribute',
    'ec2:CreateTags',
    'ec2:DescribeIamInstanceProfileAssociations',
    'ec2:DisassociateIamInstanceProfile',
    'ec2:CreateSnapshots',
    'ec2:CreateSnapshot',
    'ec2:StopInstances',
    'autoscaling:EnterStandby',
    'iam:GetInstanceProfile',
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
      calls: acting.flatMap((p) => p.calls),
      skip: acting.length === 0 ? plans.map((p) => `${p.target}: ${p.skip}`).join('; ') : undefined,
      details: { instances: plans.map((p) => ({ target: p.target, skip: p.skip, ...p.details })) },
    };
  },
};
