import { readFileSync } from 'node:fs';
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { type DescribeInstancesCommandOutput, EC2Client, type Instance } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { quarantineInstance } from '../../../src/actions/quarantine-instance/index.js';
import type { CallRecord } from '../../../src/actions/types.js';
import { targetOf } from '../../../src/aws/index.js';
import type { EventBridgeEvent } from '../../../src/event/envelope.js';
import type { Settings } from '../../../src/settings.js';
import { fixturePath } from '../../helpers/events.js';
import { type Executed, executeAction, testFactory, testSettings } from '../../helpers/execute.js';

export const ec2 = mockClient(EC2Client);
export const iam = mockClient(IAMClient);
export const autoScaling = mockClient(AutoScalingClient);

export const VPC = 'vpc-0c1d2e3f4a5b6c7d8';
export const UNTRACK_ID = 'sg-0e1e1e1e1e1e1e1e1';
export const ISOLATION_ID = 'sg-0f0f0f0f0f0f0f0f0';

// Every command answers on a later turn of the event loop, in the order it
// was sent: each call takes as long as every other, so concurrent steps
// interleave deterministically, as the plan lists them.
const later = <T>(value: () => T): Promise<T> =>
  new Promise((resolve, reject) =>
    setImmediate(() => {
      try {
        resolve(value());
      } catch (error) {
        reject(error);
      }
    }),
  );

/** An AWS error as the SDK throws it: `name` is the code. */
export const awsError = (code: string): Error =>
  Object.assign(new Error(`${code} (mocked)`), { name: code, $metadata: { httpStatusCode: 400 } });

/**
 * A mocked answer, for `callsFake`.
 * @example ec2.on(StopInstancesCommand).callsFake(reply({}))
 */
export const reply =
  (output: object): (() => Promise<object>) =>
  () =>
    later(() => output);

/**
 * A mocked AWS error, for `callsFake`.
 * @example ec2.on(CreateSnapshotsCommand).callsFake(fails('AccessDenied'))
 */
export const fails =
  (code: string): (() => Promise<never>) =>
  () =>
    later(() => {
      throw awsError(code);
    });

/**
 * Every command of the three clients fails unless a test answers it: no
 * call can reach the network, and an unexpected one shows as a failed step.
 */
export function resetMocks(): void {
  ec2.reset();
  iam.reset();
  autoScaling.reset();
  ec2.onAnyCommand().callsFake(fails('UnmockedCommand'));
  iam.onAnyCommand().callsFake(fails('UnmockedCommand'));
  autoScaling.onAnyCommand().callsFake(fails('UnmockedCommand'));
}

/** A DescribeInstances output of `test/fixtures/quarantine-instance/`. */
export const instanceFixture = (name: string): DescribeInstancesCommandOutput =>
  JSON.parse(
    readFileSync(fixturePath(`quarantine-instance/${name}.json`), 'utf8'),
  ) as DescribeInstancesCommandOutput;

/**
 * Plans and executes quarantine-instance on an event. The clients are created
 * first, so that no call waits for an SDK module to load mid-run.
 */
export async function runQuarantine(
  event: EventBridgeEvent,
  params: Record<string, unknown> = {},
  settings: Settings = testSettings(),
): Promise<Executed> {
  const factory = testFactory(settings);
  const target = targetOf(event);
  await Promise.all(
    (['EC2', 'IAM', 'AutoScaling'] as const).map((service) =>
      factory.client(service, target, 'test-playbook'),
    ),
  );
  return executeAction(quarantineInstance, params, event, { factory, settings });
}

/** `EC2 DescribeInstances`, ... in the order the calls were made (or skipped). */
export const operations = (calls: readonly CallRecord[]): string[] =>
  calls.map((c) => `${c.service} ${c.operation}${c.status === 'skipped' ? ' (skipped)' : ''}`);

/** What a call whose error was tolerated looks like in the call list (mocked errors). */
export const toleratedCall = (code: string, why: string) => ({
  status: 'tolerated',
  code,
  error: `${code}: ${code} (mocked) (tolerated: ${why})`,
});

/** The call records of one operation, in order. */
export const callsOf = (calls: readonly CallRecord[], operation: string): CallRecord[] =>
  calls.filter((c) => c.operation === operation);

/** A DescribeInstances output with its (only) instance changed. */
export function withInstance(
  output: DescribeInstancesCommandOutput,
  change: (instance: Instance) => void,
): DescribeInstancesCommandOutput {
  const copy = structuredClone(output);
  const instance = copy.Reservations?.[0]?.Instances?.[0];
  if (instance) change(instance);
  return copy;
}
