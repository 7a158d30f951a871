import { type ActionPlan, lazyBehaviour, type PlanContext } from '../types.js';
import type { NotifyParams } from './params.js';
import { publishInput, topicOf, topicWhere, UNSET_TOPIC } from './publish.js';

function planNotify(context: PlanContext<NotifyParams>): ActionPlan {
  const topic = topicOf(context) ?? UNSET_TOPIC;
  const { input, trimmed } = publishInput(context, topic);
  return {
    target: topic,
    calls: [
      {
        service: 'SNS',
        operation: 'Publish',
        input: { ...input },
        ...topicWhere(context, topic),
      },
    ],
    ...(trimmed.length > 0 ? { details: { trimmed } } : {}),
  };
}

/** What running notify needs, without its params schema (see ../behaviours.ts). */
export const notifyBehaviour = lazyBehaviour<NotifyParams>(
  'notify',
  planNotify,
  ['SNS'],
  () => import('./execute.js'),
);
