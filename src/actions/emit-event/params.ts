import { z } from 'zod';

/** PutEvents' `EventBusName`: a bus name, or a bus ARN. */
const eventBus = z
  .string()
  .min(1)
  .max(1600)
  .regex(
    /^(arn:aws[\w-]*:events:[a-z]+-[a-z]+(-[a-z]+)*-\d+:\d{12}:event-bus\/)?[/.\-_A-Za-z0-9]+$/,
    'not an event bus name or ARN',
  );

export const emitEventParams = z.strictObject({
  bus: eventBus
    .default('default')
    .describe('The event bus to put the run on: a name in the event account, or a bus ARN'),
});

export type EmitEventParams = z.output<typeof emitEventParams>;
