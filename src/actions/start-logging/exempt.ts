/** A tag as CloudTrail returns it. */
export interface TrailTag {
  Key?: string | undefined;
}

/**
 * Whether the trail carries the exempt tag. Compared without regard to case,
 * as for IAM: a differently cased exempt tag still protects.
 * @example isExempt([{ Key: 'parry:exempt' }], 'parry:exempt') // true
 */
export const isExempt = (tags: readonly TrailTag[] | undefined, exemptTag: string): boolean =>
  (tags ?? []).some((tag) => tag.Key?.toLowerCase() === exemptTag.toLowerCase());

/** @example exemptReason('parry:exempt') // 'exempt: tagged parry:exempt' */
export const exemptReason = (exemptTag: string): string => `exempt: tagged ${exemptTag}`;
