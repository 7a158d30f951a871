import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { clientConfig, type Keys, REGION } from './aws.js';
import type { Moto } from './moto.js';

/** One SNS message as an SQS subscriber receives it (the SNS envelope). */
export interface Delivered {
  Subject?: string;
  Message: string;
  MessageAttributes?: Record<string, { Type: string; Value: string }>;
}

/** A queue of the suite's own and what has arrived in it. */
export interface Inbox {
  queueUrl: string;
  queueArn: string;
  /** Every message that arrived since the last read, oldest first (then deleted). */
  read(): Promise<string[]>;
}

/** An SQS queue (an EventBridge target, an SNS subscriber) whose messages a test reads. */
export async function queueInbox(moto: Moto, name: string, keys?: Keys): Promise<Inbox> {
  const sqs = new SQSClient(clientConfig(moto, keys));
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  if (!QueueUrl) throw new Error(`moto created no queue ${name}`);
  // moto answers GetQueueAttributes without attributes: the ARN is the queue URL's account and name.
  const account = new URL(QueueUrl).pathname.split('/')[1] ?? '';
  const queueArn = `arn:aws:sqs:${REGION}:${account}:${name}`;
  return {
    queueUrl: QueueUrl,
    queueArn,
    async read() {
      const bodies: string[] = [];
      for (;;) {
        const { Messages } = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
        );
        if (!Messages?.length) return bodies;
        for (const m of Messages) {
          bodies.push(m.Body ?? '');
          await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle }));
        }
      }
    },
  };
}

/**
 * An SNS topic with an SQS queue subscribed to it, in the account of `keys`
 * (the security account by default): what the topic published, as its
 * subscribers received it.
 * @example const { topicArn, messages } = await topicInbox(moto, 'parry-e2e'); (await messages())[0]?.Subject
 */
export async function topicInbox(
  moto: Moto,
  name: string,
  keys?: Keys,
): Promise<{ topicArn: string; messages: () => Promise<Delivered[]> }> {
  const sns = new SNSClient(clientConfig(moto, keys));
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name }));
  if (!TopicArn) throw new Error(`moto created no topic ${name}`);
  const queue = await queueInbox(moto, `${name}-subscriber`, keys);
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queue.queueArn }));
  return {
    topicArn: TopicArn,
    messages: async () => (await queue.read()).map((body) => JSON.parse(body) as Delivered),
  };
}
