import { z } from 'zod';

export const quarantineUserParams = z.strictObject({
  'user-name': z
    .string()
    .regex(/^[\w+=,.@-]{1,64}$/, 'not an IAM user name')
    .optional()
    .describe('The IAM user to quarantine, instead of the one the event names.'),
  'disable-keys': z
    .boolean()
    .default(false)
    .describe(
      "Also deactivate every Active access key of the user (the deny-all policy already blocks them; this makes it visible on the keys and survives the policy's removal).",
    ),
});

export type QuarantineUserParams = z.output<typeof quarantineUserParams>;
