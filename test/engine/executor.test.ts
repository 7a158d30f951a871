import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createExecutor, runEvent } from '../../src/engine/index.js';
import { parsePlaybook } from '../../src/playbook/index.js';
import { sampleEvent } from '../helpers/events.js';
import { TEST_NOW, testFactory, testSettings } from '../helpers/execute.js';

const events = mockClient(EventBridgeClient);
const sns = mockClient(SNSClient);
const settings = testSettings();

const playbook = (action: string) => {
  const { playbook: p, errors } = parsePlaybook(
    `name: p\nmode: enforce\nmatch:\n  source: [aws.guardduty]\nactions:\n  - type: ${action}\n`,
    'p.yml',
  );
  expect(errors).toEqual([]);
  if (!p) throw new Error('no playbook');
  return p;
};

const run = async (action: string) => {
  const result = await runEvent(
    sampleEvent('guardduty/backdoor-ec2-c-and-c-activity.json'),
    'x',
    [playbook(action)],
    {
      settings,
      now: () => TEST_NOW,
      executor: createExecutor(testFactory(settings), settings, () => TEST_NOW),
    },
  );
  return result.playbooks[0]?.actions[0];
};

beforeEach(() => {
  events.reset();
  sns.reset();
});

describe('the executor', () => {
  it.each([
    ['ThrottlingException', true],
    ['AccessDeniedException', undefined],
  ])('marks a PutEvents entry refused with %s as transient: %s', async (code, transient) => {
    events
      .on(PutEventsCommand)
      .resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: code, ErrorMessage: 'no' }] });
    const result = await run('emit-event');
    expect(result).toMatchObject({ status: 'failed', error: expect.stringContaining(code) });
    expect(result?.transient).toBe(transient);
  });

  it.each([
    ['Throttling', true],
    ['AuthorizationError', undefined],
  ])('marks a call that threw %s as transient: %s', async (code, transient) => {
    sns.on(PublishCommand).rejects(Object.assign(new Error('no'), { name: code }));
    const result = await run('notify');
    expect(result).toMatchObject({ status: 'failed', error: expect.stringContaining(code) });
    expect(result?.calls[0]).toMatchObject({ operation: 'Publish', status: 'failed', code });
    expect(result?.transient).toBe(transient);
  });
});
