import type { Settings } from '../../settings.js';
import { stringField } from '../event-fields.js';
import { exemptReason, isExempt, type TagsOf } from '../exempt.js';
import type { PlanContext } from '../types.js';
import { type InstanceFacts, instancesFromEvent } from './facts.js';
import { isolationGroupName } from './groups.js';
import type { QuarantineParams } from './params.js';

/**
 * The finding id for GuardDuty, the event id otherwise: what snapshots and tags point back to.
 * @example findingIdOf(context) // '51ea40b07088b482c23174d06cde3e3a'
 */
export const findingIdOf = (context: PlanContext<unknown>): string =>
  stringField(context.event.detail, 'id') ?? context.event.id;

/**
 * The instances to quarantine: `instance-id` when set (with what the event
 * says of them, if anything), else those the event names.
 * @example targetsOf(context).map((t) => t.instanceId) // ['i-0a1b2c3d4e5f60718']
 */
export function targetsOf(context: PlanContext<QuarantineParams>): InstanceFacts[] {
  const override = context.params['instance-id'];
  const fromEvent = instancesFromEvent(context.event);
  if (override === undefined) return fromEvent;
  const ids = Array.isArray(override) ? override : [override];
  return ids.map(
    (id) => fromEvent.find((f) => f.instanceId === id) ?? { instanceId: id, enis: [], tags: {} },
  );
}

/**
 * Every ENI carries only its VPC's isolation group: nothing left to do.
 * @example isQuarantined({ instanceId: 'i-1', tags: {}, enis: [{ id: 'eni-1', vpcId: 'vpc-1', groups: [{ id: 'sg-9', name: 'parry-isolation-vpc-1' }] }] }) // true
 */
export const isQuarantined = (facts: InstanceFacts): boolean =>
  facts.enis.length > 0 &&
  facts.enis.every(
    (eni) => eni.groups.length === 1 && eni.groups[0]?.name === isolationGroupName(eni.vpcId),
  );

export const ALREADY_QUARANTINED =
  "already quarantined: every ENI has only its VPC's isolation group, and every evidence and credential step's effect is in place";

/**
 * Why parry must leave this instance alone, or undefined: the exempt tag on
 * the instance or on any of its ENIs (matched as on every resource kind: see
 * `isExempt`). One exempt ENI leaves the whole instance alone: isolating the
 * others would leave it half contained, and the tag says to leave it be.
 * @example exemptRefusal(honeypot, settings) // 'exempt: tagged parry:exempt'
 */
export function exemptRefusal(
  facts: InstanceFacts,
  settings: Settings,
  eniTags: Record<string, TagsOf> = {},
): string | undefined {
  const tag = settings.exemptTag;
  if (isExempt(facts.tags, tag)) return exemptReason(tag);
  const eni = Object.keys(eniTags).find((id) => isExempt(eniTags[id], tag));
  return eni ? `${exemptReason(tag)} (its network interface ${eni})` : undefined;
}
