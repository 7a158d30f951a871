import type { z } from 'zod';
import type {
  ActionDefinition,
  ActionExecution,
  ActionResult,
  CallRecord,
} from '../../src/actions/types.js';
import { AwsSession, ClientFactory, targetOf } from '../../src/aws/index.js';
import type { EventBridgeEvent } from '../../src/event/envelope.js';
import { readSettings, type Settings } from '../../src/settings.js';

/** Fixed credentials and clock: the SDK never looks for real ones, tests are exact. */
export const TEST_NOW = new Date('2026-11-22T10:00:00.000Z');

export const testSettings = (overrides: Partial<Settings> = {}): Settings => ({
  ...readSettings({
    PARRY_ACCOUNT_ID: '111122223333',
    PARRY_NOTIFY_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:parry-notifications',
    AWS_REGION: 'us-east-1',
  }),
  ...overrides,
});

export const testFactory = (settings: Settings = testSettings()): ClientFactory =>
  new ClientFactory({
    settings,
    clientConfig: {
      credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'test' },
      maxAttempts: 3,
      retryMode: 'standard',
    },
  });

export interface Executed {
  outcome: ActionExecution | undefined;
  error: unknown;
  calls: CallRecord[];
}

/**
 * Plans then executes one action against the mocked SDK, as the engine does.
 * @example const { outcome, calls } = await executeAction(quarantineInstance, {}, event)
 */
export async function executeAction<S extends z.ZodType>(
  definition: ActionDefinition<S>,
  rawParams: unknown,
  event: EventBridgeEvent,
  options: {
    settings?: Settings;
    factory?: ClientFactory;
    previous?: ActionResult[];
    playbook?: string;
  } = {},
): Promise<Executed> {
  const settings = options.settings ?? testSettings();
  const factory = options.factory ?? testFactory(settings);
  const params = definition.params.parse(rawParams);
  const playbook = { name: options.playbook ?? 'test-playbook', mode: 'enforce' as const };
  const base = {
    event,
    params,
    playbook,
    settings,
    previous: options.previous ?? [],
    now: TEST_NOW,
  };
  const plan = definition.plan(base);
  const aws = new AwsSession(factory, targetOf(event), {
    playbook: playbook.name,
    action: definition.type,
    resource: plan.target,
  });
  try {
    const outcome = await definition.execute({ ...base, aws, plan });
    return { outcome, error: undefined, calls: aws.calls };
  } catch (error) {
    return { outcome: undefined, error, calls: aws.calls };
  }
}
