import { CreateEventBusCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { expect } from 'vitest';
import { clientConfig, REGION } from './support/aws.js';
import { guardDutyKeyFinding } from './support/events.js';
import { SECURITY_ACCOUNT } from './support/moto.js';
import { e2eSettings, enforce, onlyAction, runParry } from './support/parry.js';
import { describeMoto, itWithLog } from './support/suite.js';

const finding = () =>
  guardDutyKeyFinding(SECURITY_ACCOUNT, {
    userName: 'ci-deployer',
    accessKeyId: 'AKIAE2EKEY0000000001',
  });

describeMoto('notify and emit-event against moto', (moto) => {
  itWithLog(
    'notify publishes one message; a re-run sends it with the same deduplication id',
    async () => {
      const sns = new SNSClient(clientConfig(moto()));
      const sqs = new SQSClient(clientConfig(moto()));
      const topic = await sns.send(
        new CreateTopicCommand({ Name: 'parry-alerts.fifo', Attributes: { FifoTopic: 'true' } }),
      );
      const queue = await sqs.send(
        new CreateQueueCommand({ QueueName: 'alerts.fifo', Attributes: { FifoQueue: 'true' } }),
      );
      await sns.send(
        new SubscribeCommand({
          TopicArn: topic.TopicArn,
          Protocol: 'sqs',
          // moto's GetQueueAttributes answers the SDK's JSON protocol without attributes: the ARN is known.
          Endpoint: `arn:aws:sqs:${REGION}:${SECURITY_ACCOUNT}:alerts.fifo`,
          Attributes: { RawMessageDelivery: 'true' },
        }),
      );
      const received = async () =>
        (
          await sqs.send(
            new ReceiveMessageCommand({
              QueueUrl: queue.QueueUrl,
              MaxNumberOfMessages: 10,
            }),
          )
        ).Messages ?? [];
      const settings = e2eSettings({ PARRY_NOTIFY_TOPIC_ARN: topic.TopicArn ?? '' });
      const playbook = enforce('notify-keys', 'aws.guardduty', '  - type: notify');

      const first = onlyAction(await runParry(moto(), [playbook], finding(), { settings }));
      expect(first.status, JSON.stringify(first)).toBe('succeeded');
      const messages = await received();
      expect(messages).toHaveLength(1);
      expect(JSON.parse(messages[0]?.Body ?? '{}')).toMatchObject({
        playbook: 'notify-keys',
        event: { id: finding().id },
      });

      const second = onlyAction(await runParry(moto(), [playbook], finding(), { settings }));
      expect(second.status).toBe('succeeded');
      // The same deduplication id, so SNS FIFO delivers it once (moto delivers both: its gap).
      expect((await received()).map((m) => m.Attributes)).toEqual(
        messages.map((m) => m.Attributes),
      );
    },
  );

  itWithLog(
    "emit-event puts one event describing the run on the bus, with the security account's keys",
    async () => {
      const events = new EventBridgeClient(clientConfig(moto()));
      await events.send(new CreateEventBusCommand({ Name: 'security' }));
      const playbook = enforce('emit', 'aws.guardduty', '  - type: emit-event\n    bus: security');

      const first = onlyAction(await runParry(moto(), [playbook], finding()));
      expect(first.status, JSON.stringify(first)).toBe('succeeded');
      expect(first.details?.eventId).toMatch(/^[0-9a-f-]{36}$/);
      // moto cannot deliver to a rule's target here (it needs the Python package jsonpath_ng,
      // which Debian 12 lacks): the request log shows the event reached the bus, from parry.
      const puts = moto()
        .calls()
        .filter((c) => c.op.endsWith('PutEvents'));
      expect(puts.map((c) => [c.akid, c.status])).toEqual([['testing', '200 OK']]);
      const entries = first.calls[0]?.input.Entries as { Detail: string; EventBusName: string }[];
      expect(entries.map((e) => e.EventBusName)).toEqual(['security']);
      expect(JSON.parse(entries[0]?.Detail ?? '{}')).toMatchObject({
        playbook: 'emit',
        event: { id: finding().id },
        target: { account: SECURITY_ACCOUNT },
      });
    },
  );
});
