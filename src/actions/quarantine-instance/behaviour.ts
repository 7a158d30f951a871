import { ActionInputError, type ActionPlan, lazyBehaviour, type PlanContext } from '../types.js';
import type { InstanceFacts } from './facts.js';
import type { QuarantineParams } from './params.js';
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

function planQuarantine(context: PlanContext<QuarantineParams>): ActionPlan {
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
}

/** What running quarantine-instance needs, without its params schema (see ../behaviours.ts). */
export const quarantineInstanceBehaviour = lazyBehaviour<QuarantineParams>(
  'quarantine-instance',
  planQuarantine,
  ['EC2', 'AutoScaling', 'IAM'],
  () => import('./execute.js'),
);
