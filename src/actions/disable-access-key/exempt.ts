/** A tag as IAM returns it. */
export interface IamTag {
  Key?: string | undefined;
  Value?: string | undefined;
}

/**
 * Whether IAM tags carry the exempt tag. IAM compares user and role tag keys
 * without regard to case (it refuses `Parry:Exempt` next to `parry:exempt`),
 * so parry does too: a differently cased exempt tag still protects.
 * @example isExempt([{ Key: 'parry:exempt', Value: '' }], 'parry:exempt') // true
 */
export const isExempt = (tags: readonly IamTag[] | undefined, exemptTag: string): boolean =>
  (tags ?? []).some((tag) => tag.Key?.toLowerCase() === exemptTag.toLowerCase());

/** @example exemptReason('parry:exempt') // 'exempt: tagged parry:exempt' */
export const exemptReason = (exemptTag: string): string => `exempt: tagged ${exemptTag}`;
