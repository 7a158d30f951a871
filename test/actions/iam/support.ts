import { readFileSync } from 'node:fs';
import {
  IAMServiceException,
  type ListAccessKeysCommandOutput,
  NoSuchEntityException,
  type StatusType,
} from '@aws-sdk/client-iam';
import type { z } from 'zod';
import type {
  ActionDefinition,
  ActionExecution,
  ActionPlan,
  CallRecord,
} from '../../../src/actions/types.js';
import { AwsSession, targetOf } from '../../../src/aws/index.js';
import type { EventBridgeEvent } from '../../../src/event/envelope.js';
import type { Settings } from '../../../src/settings.js';
import { TEST_NOW, testFactory, testSettings } from '../../helpers/execute.js';

/** A CloudTrail event of test/fixtures/iam, parsed afresh. */
export function iamFixture(name: string): EventBridgeEvent {
  const url = new URL(`../../fixtures/iam/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as EventBridgeEvent;
}

/**
 * An IAM error as the SDK throws it: the modeled class (or the base class for
 * unmodeled codes like AccessDenied) with IAM's code in `Code`.
 */
export function iamError(code: string, message: string): Error {
  const $metadata = { httpStatusCode: code === 'NoSuchEntity' ? 404 : 403 };
  const error =
    code === 'NoSuchEntity'
      ? new NoSuchEntityException({ message, $metadata })
      : new IAMServiceException({ name: code, $fault: 'client', $metadata, message });
  return Object.assign(error, { Code: code });
}

/** Plans an action as the engine does, with the test clock and settings. */
export function planFor<S extends z.ZodType>(
  definition: ActionDefinition<S>,
  rawParams: unknown,
  event: EventBridgeEvent,
  settings: Settings = testSettings(),
): ActionPlan {
  return definition.plan({
    event,
    params: definition.params.parse(rawParams),
    playbook: { name: 'test-playbook', mode: 'enforce' },
    settings,
    previous: [],
    now: TEST_NOW,
  });
}

/** What a made call and a planned call share: to check that a plan lists what execution sends. */
export const sent = (calls: readonly CallRecord[]) =>
  calls
    .filter((call) => call.status !== 'skipped')
    .map(({ service, operation, input }) => ({ service, operation, input }));

export const okCall = (operation: string, input: Record<string, unknown>): CallRecord => ({
  service: 'IAM',
  operation,
  input,
  status: 'ok',
});

export const skippedCall = (
  operation: string,
  input: Record<string, unknown>,
  reason: string,
): CallRecord => ({ service: 'IAM', operation, input, status: 'skipped', error: reason });

export const failedCall = (
  operation: string,
  input: Record<string, unknown>,
  code: string,
  message: string,
): CallRecord => ({
  service: 'IAM',
  operation,
  input,
  status: 'failed',
  code,
  error: `${code}: ${message}`,
});

/** `Tags` of ListUserTags or GetRole. */
export const tags = (...keys: string[]) => keys.map((Key) => ({ Key, Value: '' }));

/** A mocked client's stub, as far as `received` reads it. */
interface Stub {
  calls(): { args: unknown[] }[];
}

/**
 * Every command a mocked client received, in order, with its exact input:
 * the SDK-side view of what `calls` records.
 */
export const received = (stub: Stub): [string, unknown][] =>
  stub.calls().map((call) => {
    const command = call.args[0] as { constructor: { name: string }; input: unknown };
    return [command.constructor.name, command.input];
  });

/**
 * A ListAccessKeys answer for one user.
 * @example accessKeys('dev-jsmith', ['AKIA...', 'Active'])
 */
export const accessKeys = (
  userName: string,
  ...list: [string, StatusType][]
): ListAccessKeysCommandOutput => ({
  $metadata: {},
  AccessKeyMetadata: list.map(([AccessKeyId, Status]) => ({
    UserName: userName,
    AccessKeyId,
    Status,
  })),
});

/**
 * Plans and executes like `executeAction`, at another clock: for re-runs.
 * @example await executeAt(revokeSessions, {}, event, new Date('2026-11-22T11:00:00Z'))
 */
export async function executeAt<S extends z.ZodType>(
  definition: ActionDefinition<S>,
  rawParams: unknown,
  event: EventBridgeEvent,
  now: Date,
  settings: Settings = testSettings(),
): Promise<{ outcome: ActionExecution; calls: CallRecord[] }> {
  const params = definition.params.parse(rawParams);
  const playbook = { name: 'test-playbook', mode: 'enforce' as const };
  const base = { event, params, playbook, settings, previous: [], now };
  const plan = definition.plan(base);
  const aws = new AwsSession(testFactory(settings), targetOf(event), {
    playbook: playbook.name,
    action: definition.type,
    resource: plan.target,
  });
  const outcome = await definition.execute({ ...base, aws, plan });
  return { outcome, calls: aws.calls };
}
