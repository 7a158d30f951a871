/** A tag as S3 returns it. */
export interface BucketTag {
  Key?: string | undefined;
}

/**
 * Whether the bucket carries the exempt tag. Compared without regard to case,
 * as for IAM: a differently cased exempt tag still protects.
 * @example isExempt([{ Key: 'parry:exempt' }], 'parry:exempt') // true
 */
export const isExempt = (tags: readonly BucketTag[] | undefined, exemptTag: string): boolean =>
  (tags ?? []).some((tag) => tag.Key?.toLowerCase() === exemptTag.toLowerCase());

/** @example exemptReason('parry:exempt') // 'exempt: tagged parry:exempt' */
export const exemptReason = (exemptTag: string): string => `exempt: tagged ${exemptTag}`;
