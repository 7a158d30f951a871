import { exemptReason, isExempt } from '../exempt.js';
import { ActionInputError, type ActionPlan, type PlanContext } from '../types.js';
import { tagCalls, tagList } from './calls.js';
import type { TagParams } from './params.js';
import { tagTargets } from './targets.js';

/** The resources to tag, split by what the event already shows of the exempt tag. */
export function splitByEvent(context: PlanContext<TagParams>): {
  candidates: string[];
  exempt: string[];
} {
  const targets = tagTargets(context);
  if (targets.length === 0) {
    throw new ActionInputError('the event names no EC2 resource: set resources');
  }
  const exemptTag = context.settings.exemptTag;
  const exempt = (t: (typeof targets)[number]) => isExempt(t.tags, exemptTag);
  return {
    candidates: targets.filter((t) => !exempt(t)).map((t) => t.id),
    exempt: targets.filter(exempt).map((t) => t.id),
  };
}

/**
 * Skips at once what the event shows as exempt; for the rest, plans the
 * DescribeTags check and the CreateTags it guards.
 * @example planTag(context).calls.map((c) => c.operation) // ['DescribeTags', 'CreateTags']
 */
export function planTag(context: PlanContext<TagParams>): ActionPlan {
  const { candidates, exempt } = splitByEvent(context);
  const exemptTag = context.settings.exemptTag;
  const details = exempt.length > 0 ? { details: { exempt } } : {};
  if (candidates.length === 0) {
    return { target: exempt.join(', '), calls: [], skip: exemptReason(exemptTag), ...details };
  }
  return {
    target: candidates.join(', '),
    calls: tagCalls(candidates, tagList(context.params.tags), exemptTag),
    ...details,
  };
}
