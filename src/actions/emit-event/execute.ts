import { PutEventsCommand, type PutEventsCommandOutput } from '@aws-sdk/client-eventbridge';
import { isTransient } from '../../aws/transient.js';
import type { ActionExecution, ExecuteContext } from '../types.js';
import { busWhere } from './bus.js';
import type { EmitEventParams } from './params.js';
import { runEntry } from './run-detail.js';

/**
 * Puts the run on the bus. PutEvents answers 200 even when it refuses the
 * entry: the entry's own `ErrorCode` makes the action fail.
 * @example await execute(context) // { status: 'succeeded', details: { eventId: '...' } }
 */
export async function execute(context: ExecuteContext<EmitEventParams>): Promise<ActionExecution> {
  const bus = context.params.bus;
  const { entry, trimmed } = runEntry(context, bus);
  const output = await context.aws.send<PutEventsCommandOutput>(
    'EventBridge',
    new PutEventsCommand({ Entries: [entry] }),
    busWhere(context, bus),
  );
  const result = output.Entries?.[0];
  const extra = trimmed.length > 0 ? { trimmed } : {};
  if ((output.FailedEntryCount ?? 0) > 0 || result?.ErrorCode || !result?.EventId) {
    const code = result?.ErrorCode ?? 'NoEventId';
    const message = result?.ErrorMessage ?? 'PutEvents returned no event id for the entry';
    return {
      status: 'failed',
      transient: isTransient(code),
      target: bus,
      error: `EventBridge PutEvents on ${bus} refused the entry: ${code}: ${message}`,
      details: { errorCode: code, ...extra },
    };
  }
  return { status: 'succeeded', target: bus, details: { eventId: result.EventId, ...extra } };
}
