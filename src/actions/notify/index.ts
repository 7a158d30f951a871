import { z } from 'zod';
import type { ActionDefinition } from '../types.js';
import { buildMessage } from './message.js';
import { toSubject } from './subject.js';
import { summarize } from './summary.js';

const topicArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/,
    'not an SNS topic ARN',
  );

export const notifyParams = z.strictObject({
  /** Defaults to PARRY_NOTIFY_TOPIC_ARN (the stack's topic). */
  topic: topicArn.optional(),
  subject: z.string().min(1).max(1024).optional(),
  /** A line of context for the readers, above the facts. */
  message: z.string().min(1).max(4096).optional(),
});

export const UNSET_TOPIC = '<PARRY_NOTIFY_TOPIC_ARN>';

/**
 * Publishes to SNS what happened and what parry did about it: a readable
 * text for email, the structured result for machines, filterable attributes.
 *
 * @example
 * actions:
 *   - type: notify
 *     subject: "Quarantined {{ detail.resource.instanceDetails.instanceId }}"
 */
export const notify: ActionDefinition<typeof notifyParams> = {
  type: 'notify',
  summary: 'Publish the event and the outcome of the actions before it to SNS',
  params: notifyParams,
  permissions: ['sns:Publish'],
  targets: { guardduty: 'the finding', cloudtrail: 'the event' },
  plan(context) {
    const { event, params, playbook, previous, settings } = context;
    const topic = params.topic ?? settings.notifyTopicArn ?? UNSET_TOPIC;
    const s = summarize(event);
    const subject = toSubject(
      params.subject ?? `parry ${playbook.name}: ${s.type} in ${s.account}`,
    );
    return {
      target: topic,
      calls: [
        {
          service: 'SNS',
          operation: 'Publish',
          input: {
            TopicArn: topic,
            Subject: subject,
            ...buildMessage(event, playbook, previous, params.message),
          },
        },
      ],
    };
  },
};
