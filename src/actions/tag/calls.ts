import type { PlannedCall } from '../types.js';

export type Ec2Tag = { Key: string; Value: string };

/** Few enough ids for one DescribeTags filter and one CreateTags call. */
export const BATCH_SIZE = 100;

/** @example tagList({ incident: 'IR-1' }) // [{ Key: 'incident', Value: 'IR-1' }] */
export const tagList = (tags: Record<string, string>): Ec2Tag[] =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

/** @example batches(['i-1', 'i-2', 'i-3'], 2) // [['i-1', 'i-2'], ['i-3']] */
export function batches<T>(items: readonly T[], size = BATCH_SIZE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The tags of these resources, now. Not filtered by key: EC2 filters match
 * keys exactly, and the exempt tag is matched without regard to case.
 */
export const findExemptCall = (ids: readonly string[]): PlannedCall => ({
  service: 'EC2',
  operation: 'DescribeTags',
  input: { Filters: [{ Name: 'resource-id', Values: [...ids] }] },
});

export const createTagsCall = (ids: readonly string[], tags: readonly Ec2Tag[]): PlannedCall => ({
  service: 'EC2',
  operation: 'CreateTags',
  input: { Resources: [...ids], Tags: [...tags] },
});

/**
 * Per batch: look for the exempt tag, then tag the others. When planning,
 * which ones are exempt is not known yet: CreateTags says so in its condition.
 * @example tagCalls(['i-1'], [{ Key: 'incident', Value: 'IR-1' }], 'parry:exempt').length // 2
 */
export function tagCalls(
  ids: readonly string[],
  tags: readonly Ec2Tag[],
  exemptTag: string,
): PlannedCall[] {
  return batches(ids).flatMap((batch) => [
    findExemptCall(batch),
    {
      ...createTagsCall(batch, tags),
      condition: `only those DescribeTags does not show tagged ${exemptTag} (in any case)`,
    },
  ]);
}
