import { type ActionPlan, lazyBehaviour, type PlanContext } from '../types.js';
import { busWhere } from './bus.js';
import type { EmitEventParams } from './params.js';
import { runEntry } from './run-detail.js';

function planEmitEvent(context: PlanContext<EmitEventParams>): ActionPlan {
  const bus = context.params.bus;
  const { entry, trimmed } = runEntry(context, bus);
  return {
    target: bus,
    calls: [
      {
        service: 'EventBridge',
        operation: 'PutEvents',
        input: { Entries: [entry] },
        ...busWhere(context, bus),
      },
    ],
    ...(trimmed.length > 0 ? { details: { trimmed } } : {}),
  };
}

/** What running emit-event needs, without its params schema (see ../behaviours.ts). */
export const emitEventBehaviour = lazyBehaviour<EmitEventParams>(
  'emit-event',
  planEmitEvent,
  ['EventBridge'],
  () => import('./execute.js'),
);
