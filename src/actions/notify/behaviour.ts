import { messagePlan } from '../message-plan.js';
import { type ActionPlan, lazyBehaviour, type PlanContext, type PlannedCall } from '../types.js';
import type { NotifyParams } from './params.js';
import { publishInput, topicOf, topicWhere, UNSET_TOPIC } from './publish.js';

function planNotify(context: PlanContext<NotifyParams>): ActionPlan {
  const topic = topicOf(context) ?? UNSET_TOPIC;
  const publish = (input: PlannedCall['input']): PlannedCall => ({
    service: 'SNS',
    operation: 'Publish',
    input,
    ...topicWhere(context, topic),
  });
  // Building the message is most of a plan's cost, and changes neither target nor outcome.
  if (context.outline) return messagePlan(topic, publish({ TopicArn: topic }), []);
  const { input, trimmed } = publishInput(context, topic);
  return messagePlan(topic, publish({ ...input }), trimmed);
}

/** What running notify needs, without its params schema (see ../behaviours.ts). */
export const notifyBehaviour = lazyBehaviour<NotifyParams>(
  'notify',
  planNotify,
  ['SNS'],
  () => import('./execute.js'),
);
