import { z } from 'zod';

/** No params: the trail is the one the StopLogging call stopped, and nothing else is restarted. */
export const startLoggingParams = z.strictObject({});

export type StartLoggingParams = z.output<typeof startLoggingParams>;
