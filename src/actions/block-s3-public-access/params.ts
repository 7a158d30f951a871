import { z } from 'zod';

/** No params: the block is always all four settings, on the bucket the event names. */
export const blockS3PublicAccessParams = z.strictObject({});

export type BlockS3PublicAccessParams = z.output<typeof blockS3PublicAccessParams>;
