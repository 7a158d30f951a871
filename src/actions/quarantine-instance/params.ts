import { z } from 'zod';

export const quarantineParams = z.strictObject({
  /** Overrides the instance the event names; one id or a list. */
  'instance-id': z
    .union([
      z.string().regex(/^i-[0-9a-f]{8,17}$/),
      z.array(z.string().regex(/^i-[0-9a-f]{8,17}$/)),
    ])
    .optional(),
  snapshot: z.boolean().default(true),
  'detach-instance-profile': z.boolean().default(true),
  'revoke-role-sessions': z.boolean().default(true),
  stop: z.boolean().default(false),
  'asg-standby': z.boolean().default(true),
});

export type QuarantineParams = z.output<typeof quarantineParams>;
