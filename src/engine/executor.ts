import type { ActionResult } from '../actions/types.js';
import {
  type AssumeRoleError,
  AwsCallError,
  AwsSession,
  type CallRecord,
  type ClientFactory,
  isTransientError,
  targetOf,
} from '../aws/index.js';
import { loadClientClass } from '../aws/services.js';
import type { Settings } from '../settings.js';
import type { ActionExecutor } from './run.js';

const describeError = (error: unknown): string =>
  error instanceof AwsCallError
    ? error.message
    : `${(error as Error).name}: ${(error as Error).message}`;

// Each failed call was judged by the SDK error underneath it (see AwsSession.send).
const hasTransientFailure = (calls: readonly CallRecord[]): boolean =>
  calls.some((c) => c.status === 'failed' && c.transient === true);

/**
 * Runs planned actions against AWS in the event's account and region. A
 * failure is reported in the action's result, never thrown.
 * @example runEvent(event, source, playbooks, { settings, executor: createExecutor(factory, settings) })
 */
export function createExecutor(
  factory: ClientFactory,
  settings: Settings,
  now: () => Date = () => new Date(),
): ActionExecutor {
  return {
    prepare(playbook, event) {
      const cross = targetOf(event).account !== settings.responderAccount;
      const services = new Set(playbook.actions.flatMap((a) => a.behaviour.services));
      if (cross) services.add('STS');
      for (const service of services) loadClientClass(service).catch(() => {});
    },
    async execute({
      action,
      plan,
      params,
      planned,
      event,
      playbook,
      previous,
    }): Promise<ActionResult> {
      const aws = new AwsSession(factory, targetOf(event), {
        playbook: playbook.name,
        action: action.type,
        resource: plan.target,
      });
      try {
        const outcome = await action.behaviour.execute({
          event,
          params,
          playbook,
          settings,
          previous,
          now: now(),
          aws,
          plan,
        });
        const transient =
          outcome.status === 'failed' &&
          (outcome.transient === true || hasTransientFailure(aws.calls));
        return {
          ...planned,
          ...(transient ? { transient } : {}),
          target: outcome.target ?? planned.target,
          status: outcome.status,
          reason: outcome.reason,
          error: outcome.error,
          details: outcome.details ?? planned.details,
          calls: aws.calls,
        };
      } catch (error) {
        const transient = hasTransientFailure(aws.calls) || isTransientError(error);
        return {
          ...planned,
          ...(transient ? { transient } : {}),
          status: 'failed',
          error: describeError(error as AwsCallError | AssumeRoleError),
          calls: aws.calls,
        };
      }
    },
  };
}
