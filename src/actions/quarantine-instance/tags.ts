import type { InstanceFacts } from './facts.js';

export const ORIGINAL_GROUPS_TAG = 'parry:original-groups';
const TAG_VALUE_LIMIT = 256;

/**
 * The ENIs' groups before quarantine, as tags that fit EC2's 256-character
 * value limit: `eni-1=sg-a+sg-b;eni-2=sg-c`, split over `parry:original-groups`,
 * `parry:original-groups:2`, ... when long.
 * @example originalGroupsTags([{ id: 'eni-1', vpcId: 'vpc-1', groups: [{ id: 'sg-a' }] }])
 */
export function originalGroupsTags(enis: InstanceFacts['enis']): { Key: string; Value: string }[] {
  const value = enis.map((eni) => `${eni.id}=${eni.groups.map((g) => g.id).join('+')}`).join(';');
  const tags: { Key: string; Value: string }[] = [];
  for (let start = 0; start < value.length || tags.length === 0; start += TAG_VALUE_LIMIT) {
    const key =
      tags.length === 0 ? ORIGINAL_GROUPS_TAG : `${ORIGINAL_GROUPS_TAG}:${tags.length + 1}`;
    tags.push({ Key: key, Value: value.slice(start, start + TAG_VALUE_LIMIT) });
  }
  return tags;
}

/** Reads back what `originalGroupsTags` wrote. */
export function parseOriginalGroups(tags: Record<string, string>): Record<string, string[]> {
  let value = tags[ORIGINAL_GROUPS_TAG] ?? '';
  for (let n = 2; tags[`${ORIGINAL_GROUPS_TAG}:${n}`] !== undefined; n += 1) {
    value += tags[`${ORIGINAL_GROUPS_TAG}:${n}`];
  }
  const groups: Record<string, string[]> = {};
  for (const entry of value.split(';').filter(Boolean)) {
    const [eni, list = ''] = entry.split('=');
    if (eni) groups[eni] = list.split('+').filter(Boolean);
  }
  return groups;
}
