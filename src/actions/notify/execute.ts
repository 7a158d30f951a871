import { PublishCommand, type PublishCommandOutput } from '@aws-sdk/client-sns';
import type { ActionExecution, ExecuteContext } from '../types.js';
import type { NotifyParams } from './params.js';
import { NO_TOPIC, publishInput, topicOf, topicWhere } from './publish.js';

/**
 * Publishes what happened and the outcomes of the actions before this one,
 * as they ended in this run (`context.previous` holds the executed results).
 * @example await execute(context) // { status: 'succeeded', details: { messageId: '...' } }
 */
export async function execute(context: ExecuteContext<NotifyParams>): Promise<ActionExecution> {
  const topic = topicOf(context);
  if (!topic) return { status: 'failed', error: NO_TOPIC };
  const { input, trimmed } = publishInput(context, topic);
  const output = await context.aws.send<PublishCommandOutput>(
    'SNS',
    new PublishCommand(input),
    topicWhere(context, topic),
  );
  return {
    status: 'succeeded',
    target: topic,
    details: { messageId: output.MessageId, ...(trimmed.length > 0 ? { trimmed } : {}) },
  };
}
