import { messagePlan } from '../message-plan.js';
import { type ActionPlan, lazyBehaviour, type PlanContext, type PlannedCall } from '../types.js';
import { busWhere } from './bus.js';
import type { EmitEventParams } from './params.js';
import { runEntry } from './run-detail.js';

function planEmitEvent(context: PlanContext<EmitEventParams>): ActionPlan {
  const bus = context.params.bus;
  const { entry, trimmed } = runEntry(context, bus);
  const call: PlannedCall = {
    service: 'EventBridge',
    operation: 'PutEvents',
    input: { Entries: [entry] },
    ...busWhere(context, bus),
  };
  return messagePlan(bus, call, trimmed);
}

/** What running emit-event needs, without its params schema (see ../behaviours.ts). */
export const emitEventBehaviour = lazyBehaviour<EmitEventParams>(
  'emit-event',
  planEmitEvent,
  ['EventBridge'],
  () => import('./execute.js'),
);
