import { z } from 'zod';

const iamName = (what: string) => z.string().regex(/^[\w+=,.@-]{1,64}$/, `not an IAM ${what} name`);

export const revokeSessionsParams = z
  .strictObject({
    'role-name': iamName('role')
      .optional()
      .describe('The role whose sessions to revoke, instead of the principal the event names.'),
    'user-name': iamName('user')
      .optional()
      .describe(
        "The IAM user whose temporary credentials to revoke, instead of the event's principal.",
      ),
  })
  .refine((p) => !(p['role-name'] && p['user-name']), {
    message: 'set role-name or user-name, not both: revoke-sessions acts on one principal',
  });

export type RevokeSessionsParams = z.output<typeof revokeSessionsParams>;
