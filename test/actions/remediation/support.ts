import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import type {
  ActionDefinition,
  ActionPlan,
  AwsService,
  CallRecord,
  PlannedCall,
} from '../../../src/actions/types.js';
import type { EventBridgeEvent } from '../../../src/event/envelope.js';
import type { Settings } from '../../../src/settings.js';
import { TEST_NOW, testSettings } from '../../helpers/execute.js';

/** An event of test/fixtures/remediation, parsed afresh. */
export function remediationFixture(name: string): EventBridgeEvent {
  const url = new URL(`../../fixtures/remediation/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as EventBridgeEvent;
}

/** Plans an action as the engine does, with the test clock and settings. */
export function planFor<S extends z.ZodType>(
  definition: ActionDefinition<S>,
  event: EventBridgeEvent,
  settings: Settings = testSettings(),
): ActionPlan {
  return definition.plan({
    event,
    params: definition.params.parse({}),
    playbook: { name: 'test-playbook', mode: 'enforce' },
    settings,
    previous: [],
    now: TEST_NOW,
  });
}

/** A planned call as execution records it once made: without its condition. */
export const asMade = ({ condition: _, ...call }: PlannedCall): PlannedCall => call;

/** The calls a run made (not the ones it reported as skipped), as `asMade` shapes them. */
export const made = (calls: readonly CallRecord[]): PlannedCall[] =>
  calls
    .filter((call) => call.status !== 'skipped')
    .map(({ status: _s, error: _e, code: _c, ...call }) => call);

export const okCall = (
  service: AwsService,
  operation: string,
  input: Record<string, unknown>,
  region?: string,
): CallRecord => ({ service, operation, input, ...(region ? { region } : {}), status: 'ok' });

export const skippedCall = (
  service: AwsService,
  operation: string,
  input: Record<string, unknown>,
  reason: string,
): CallRecord => ({ service, operation, input, status: 'skipped', error: reason });

export const failedCall = (
  service: AwsService,
  operation: string,
  input: Record<string, unknown>,
  code: string,
  message: string,
): CallRecord => ({
  service,
  operation,
  input,
  status: 'failed',
  code,
  error: `${code}: ${message}`,
});

/** A call whose AWS error means the wanted state holds: `tolerated`, with why. */
export const toleratedCall = (
  service: AwsService,
  operation: string,
  input: Record<string, unknown>,
  code: string,
  message: string,
  why: string,
): CallRecord => ({
  service,
  operation,
  input,
  status: 'tolerated',
  code,
  error: `${code}: ${message} (tolerated: ${why})`,
});

/**
 * An AWS error as the SDK throws it for a code: `name` and `Code` set, a client fault.
 * @example awsError('InvalidGroup.NotFound', "The security group 'sg-1' does not exist")
 */
export function awsError(code: string, message: string, httpStatusCode = 400): Error {
  return Object.assign(new Error(message), {
    name: code,
    Code: code,
    $fault: 'client',
    $metadata: { httpStatusCode },
  });
}

/** A mocked client's stub, as far as `received` reads it. */
interface Stub {
  calls(): { args: unknown[] }[];
}

/** Every command a mocked client received, in order, with its exact input. */
export const received = (stub: Stub): [string, unknown][] =>
  stub.calls().map((call) => {
    const command = call.args[0] as { constructor: { name: string }; input: unknown };
    return [command.constructor.name, command.input];
  });
