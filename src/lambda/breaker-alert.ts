import type { PublishCommandInput } from '@aws-sdk/client-sns';
import { arnAccount, arnRegion } from '../actions/event-fields.js';
import { fifoFields } from '../actions/notify/fifo.js';
import { toSubject } from '../actions/notify/subject.js';
import type { ActionResult } from '../actions/types.js';
import type { ClientFactory } from '../aws/client-factory.js';
import { AwsSession } from '../aws/session.js';
import type { PlaybookResult } from '../engine/index.js';
import type { EventBridgeEvent } from '../event/envelope.js';
import { severityOf, subjectOf } from './run-key.js';

export const ALERT_TYPE = 'circuit-breaker-alert';

/** Event fields are attacker-controlled: each one is clipped in the message. */
const clip = (text: string, max = 256): string =>
  text.length > max ? `${text.slice(0, max - 3)}...` : text;

export interface DeferredRun {
  /** The account whose budget is spent (the one the run would act in). */
  account: string;
  /** The run as planned: its actions name their targets. */
  result: PlaybookResult;
  event: EventBridgeEvent;
  /** PARRY_MAX_ACTIONS_PER_HOUR. */
  limit: number;
}

function whatOf(event: EventBridgeEvent): string {
  if (event.source !== 'aws.guardduty')
    return `event ${clip(event.id)} (${clip(event['detail-type'])} from ${clip(event.source)})`;
  const type = typeof event.detail.type === 'string' ? event.detail.type : 'unknown type';
  return `GuardDuty finding ${clip(subjectOf(event))} (${clip(type)}, severity ${severityOf(event)})`;
}

/** @example alertText(deferred) // 'parry deferred playbook quarantine-compromised-instance ...' */
export function alertText({ account, result, event, limit }: DeferredRun): string {
  const targets = result.actions.map(
    (a, i) => `  ${i + 1}. ${a.type}${a.target ? ` on ${clip(a.target)}` : ''}`,
  );
  const later =
    event.source === 'aws.guardduty'
      ? 'GuardDuty republishes an active finding, and its next delivery acts once the breaker allows (from the next clock hour).'
      : 'This event is delivered once: if it must be acted on, act on it yourself (`npx parry replay <event> --execute`).';
  return [
    `parry deferred playbook ${result.name} for account ${account}: its circuit breaker is open.`,
    `What: ${whatOf(event)}, in ${account} / ${clip(event.region)}.`,
    'It would have run (nothing was changed):',
    ...targets,
    `More than ${limit} state-changing runs were requested for this account this hour (PARRY_MAX_ACTIONS_PER_HOUR).`,
    `The run was not recorded as done. ${later}`,
    'A storm of findings may be an attack, or a playbook may match too much.',
  ].join('\n');
}

/**
 * Tells the team what the breaker deferred, on the responder's topic, with
 * the credentials of the account that owns the topic (the security account,
 * never the member account the finding is about). Reported like an action.
 */
export async function publishBreakerAlert(
  factory: ClientFactory,
  topic: string,
  deferred: DeferredRun,
): Promise<ActionResult> {
  const aws = new AwsSession(
    factory,
    {
      account: arnAccount(topic) ?? deferred.account,
      region: arnRegion(topic) ?? deferred.event.region,
    },
    { playbook: 'circuit-breaker', action: ALERT_TYPE, resource: topic },
  );
  const subject = toSubject(
    `parry deferred ${deferred.result.name} in ${deferred.account}: circuit breaker open`,
  );
  const input: PublishCommandInput = {
    TopicArn: topic,
    Subject: subject,
    Message: alertText(deferred),
    ...fifoFields(topic, { playbook: ALERT_TYPE, eventId: deferred.event.id, subject }),
    MessageAttributes: {
      type: { DataType: 'String', StringValue: 'parry:circuit-breaker' },
      account: { DataType: 'String', StringValue: deferred.account },
      playbook: { DataType: 'String', StringValue: deferred.result.name },
    },
  };
  const base = { type: ALERT_TYPE, params: {}, target: topic };
  try {
    const { PublishCommand } = await import('@aws-sdk/client-sns');
    await aws.send('SNS', new PublishCommand(input));
    return { ...base, status: 'succeeded', calls: aws.calls };
  } catch (error) {
    const transient = aws.calls.some((c) => c.transient);
    return {
      ...base,
      status: 'failed',
      error: (error as Error).message,
      calls: aws.calls,
      ...(transient ? { transient } : {}),
    };
  }
}
