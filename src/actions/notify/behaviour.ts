import { messagePlan } from '../message-plan.js';
import { type ActionPlan, lazyBehaviour, type PlanContext, type PlannedCall } from '../types.js';
import type { NotifyParams } from './params.js';
import { publishInput, topicOf, topicWhere, UNSET_TOPIC } from './publish.js';

function planNotify(context: PlanContext<NotifyParams>): ActionPlan {
  const topic = topicOf(context) ?? UNSET_TOPIC;
  // Building the message is most of a plan's cost, and changes neither target nor outcome.
  if (context.outline) {
    const outline: PlannedCall = {
      service: 'SNS',
      operation: 'Publish',
      input: { TopicArn: topic },
      ...topicWhere(context, topic),
    };
    return { target: topic, calls: [outline] };
  }
  const { input, trimmed } = publishInput(context, topic);
  const call: PlannedCall = {
    service: 'SNS',
    operation: 'Publish',
    input: { ...input },
    ...topicWhere(context, topic),
  };
  return messagePlan(topic, call, trimmed);
}

/** What running notify needs, without its params schema (see ../behaviours.ts). */
export const notifyBehaviour = lazyBehaviour<NotifyParams>(
  'notify',
  planNotify,
  ['SNS'],
  () => import('./execute.js'),
);
