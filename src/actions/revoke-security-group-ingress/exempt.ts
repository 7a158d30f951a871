/** A tag as EC2 returns it. */
export interface Ec2Tag {
  Key?: string | undefined;
}

/**
 * Whether the group carries the exempt tag. Compared without regard to case,
 * as for IAM: a differently cased exempt tag still protects (not acting is the
 * safe side of a mistake here).
 * @example isExempt([{ Key: 'Parry:Exempt' }], 'parry:exempt') // true
 */
export const isExempt = (tags: readonly Ec2Tag[] | undefined, exemptTag: string): boolean =>
  (tags ?? []).some((tag) => tag.Key?.toLowerCase() === exemptTag.toLowerCase());

/** @example exemptReason('parry:exempt') // 'exempt: tagged parry:exempt' */
export const exemptReason = (exemptTag: string): string => `exempt: tagged ${exemptTag}`;
