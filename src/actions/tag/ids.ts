/** `i-0abc...`, `sg-...`, `vol-...`, `tgw-attach-...`: a type prefix and 8 or 17 hex digits. */
export const EC2_ID = /^[a-z]+(-[a-z]+)*-[0-9a-f]{8,17}$/;

/** The kinds parry's role may tag (`ec2:CreateTags` in src/stack/resource-scopes.ts), by id prefix. */
export const TAGGABLE = ['i', 'sg', 'vol', 'eni', 'snap', 'ami'] as const;
