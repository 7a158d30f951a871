import type { InstanceFacts } from './facts.js';
import { isolationGroupName, untrackGroupName } from './groups.js';

export const ORIGINAL_GROUPS_TAG = 'parry:original-groups';
const TAG_VALUE_LIMIT = 256;

/** Group ids per ENI. */
export type GroupsByEni = Record<string, string[]>;

const isParryGroup = (vpcId: string, name: string | undefined): boolean =>
  name === untrackGroupName(vpcId) || name === isolationGroupName(vpcId);

/**
 * The groups each ENI had before parry touched it: its current groups less
 * parry's own, which an interrupted earlier run may have left on it.
 * @example originalGroupsOf([{ id: 'eni-1', vpcId: 'vpc-1', groups: [{ id: 'sg-a' }] }]) // { 'eni-1': ['sg-a'] }
 */
export function originalGroupsOf(enis: InstanceFacts['enis']): GroupsByEni {
  return Object.fromEntries(
    enis.map((eni) => [
      eni.id,
      eni.groups.filter((g) => !isParryGroup(eni.vpcId, g.name)).map((g) => g.id),
    ]),
  );
}

/** Whether an earlier run already recorded the original groups (never overwritten). */
export const hasOriginalGroupsTag = (tags: Record<string, string>): boolean =>
  Object.hasOwn(tags, ORIGINAL_GROUPS_TAG);

/**
 * The ENIs' groups before quarantine, as tags that fit EC2's 256-character
 * value limit: `eni-1=sg-a+sg-b;eni-2=sg-c`, split over `parry:original-groups`,
 * `parry:original-groups:2`, ... when long.
 * @example originalGroupsTags({ 'eni-1': ['sg-a', 'sg-b'] }) // [{ Key: 'parry:original-groups', Value: 'eni-1=sg-a+sg-b' }]
 */
export function originalGroupsTags(groups: GroupsByEni): { Key: string; Value: string }[] {
  const value = Object.entries(groups)
    .map(([eni, ids]) => `${eni}=${ids.join('+')}`)
    .join(';');
  const tags: { Key: string; Value: string }[] = [];
  for (let start = 0; start < value.length || tags.length === 0; start += TAG_VALUE_LIMIT) {
    const key =
      tags.length === 0 ? ORIGINAL_GROUPS_TAG : `${ORIGINAL_GROUPS_TAG}:${tags.length + 1}`;
    tags.push({ Key: key, Value: value.slice(start, start + TAG_VALUE_LIMIT) });
  }
  return tags;
}

/**
 * Reads back what `originalGroupsTags` wrote.
 * @example parseOriginalGroups({ 'parry:original-groups': 'eni-1=sg-a+sg-b' }) // { 'eni-1': ['sg-a', 'sg-b'] }
 */
export function parseOriginalGroups(tags: Record<string, string>): GroupsByEni {
  let value = tags[ORIGINAL_GROUPS_TAG] ?? '';
  for (let n = 2; tags[`${ORIGINAL_GROUPS_TAG}:${n}`] !== undefined; n += 1) {
    value += tags[`${ORIGINAL_GROUPS_TAG}:${n}`];
  }
  const groups: GroupsByEni = {};
  for (const entry of value.split(';').filter(Boolean)) {
    const [eni, list = ''] = entry.split('=');
    if (eni) groups[eni] = list.split('+').filter(Boolean);
  }
  return groups;
}

/**
 * The original groups to report: those an earlier run recorded on the
 * instance, else the ENIs' groups now (less parry's own).
 * @example originalGroupsFor(facts) // { 'eni-1': ['sg-a', 'sg-b'] }
 */
export const originalGroupsFor = (facts: InstanceFacts): GroupsByEni =>
  hasOriginalGroupsTag(facts.tags) ? parseOriginalGroups(facts.tags) : originalGroupsOf(facts.enis);
