/** A tag as IAM returns it. */
export interface IamTag {
  Key?: string | undefined;
  Value?: string | undefined;
}

/**
 * Whether IAM tags carry the exempt tag. User and role tag keys are not case
 * sensitive in IAM, only case-preserving ("Tagging IAM resources", IAM User
 * Guide), so parry compares them the same way: `Parry:Exempt` still protects.
 * @example isExempt([{ Key: 'parry:exempt', Value: '' }], 'parry:exempt') // true
 */
export const isExempt = (tags: readonly IamTag[] | undefined, exemptTag: string): boolean =>
  (tags ?? []).some((tag) => tag.Key?.toLowerCase() === exemptTag.toLowerCase());

/** @example exemptReason('parry:exempt') // 'exempt: tagged parry:exempt' */
export const exemptReason = (exemptTag: string): string => `exempt: tagged ${exemptTag}`;
