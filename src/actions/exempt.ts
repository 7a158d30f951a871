/** Tags as AWS lists them (`[{ Key, Value }]`, any service) or as a map of key to value. */
export type TagsOf =
  | readonly { Key?: string | undefined }[]
  | Readonly<Record<string, string>>
  | undefined;

const keysOf = (tags: TagsOf): string[] => {
  if (!tags) return [];
  if (Array.isArray(tags)) return tags.flatMap((t: { Key?: string }) => (t.Key ? [t.Key] : []));
  return Object.keys(tags);
};

/**
 * Whether tags carry the exempt tag: the one rule for every resource kind
 * (instance, ENI, security group, bucket, IAM user and role, trail). The key
 * is compared without regard to case. IAM tag keys are case-insensitive
 * ("Tagging IAM resources", IAM User Guide); EC2, S3 and CloudTrail keys are
 * case-sensitive, but there a differently cased exempt tag is still someone's
 * intent to exempt: leaving the resource alone is the safe side of the doubt.
 * @example isExempt([{ Key: 'Parry:Exempt' }], 'parry:exempt') // true
 */
export const isExempt = (tags: TagsOf, exemptTag: string): boolean => {
  const wanted = exemptTag.toLowerCase();
  return keysOf(tags).some((key) => key.toLowerCase() === wanted);
};

/** @example exemptReason('parry:exempt') // 'exempt: tagged parry:exempt' */
export const exemptReason = (exemptTag: string): string => `exempt: tagged ${exemptTag}`;
