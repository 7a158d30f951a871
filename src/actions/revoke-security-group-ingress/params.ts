import { z } from 'zod';

/**
 * No params: the event alone says which rules to revoke, and a playbook must
 * not be able to widen that to rules the call did not add.
 */
export const revokeIngressParams = z.strictObject({});

export type RevokeIngressParams = z.output<typeof revokeIngressParams>;
