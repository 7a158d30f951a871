import { z } from 'zod';

const accessKeyId = z.string().regex(/^(AKIA|ASIA)[A-Z0-9]{12,124}$/, 'not an access key id');

export const disableAccessKeyParams = z.strictObject({
  'access-key-id': accessKeyId
    .optional()
    .describe('The key to deactivate, instead of the one the event names (AKIA...).'),
  'user-name': z
    .string()
    .regex(/^[\w+=,.@-]{1,64}$/, 'not an IAM user name')
    .optional()
    .describe(
      'The IAM user that owns the key, instead of the one the event names; needed with access-key-id when the event names no user.',
    ),
});

export type DisableAccessKeyParams = z.output<typeof disableAccessKeyParams>;
