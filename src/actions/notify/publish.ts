import { targetOf } from '../../aws/target.js';
import { arnAccount, arnRegion } from '../event-fields.js';
import type { PlanContext } from '../types.js';
import type { MessageAttributes } from './attributes.js';
import { fifoFields } from './fifo.js';
import { buildMessage } from './message.js';
import type { NotifyParams } from './params.js';
import { toSubject } from './subject.js';
import { summarize } from './summary.js';
import { utf8Bytes } from './text-limits.js';

export const UNSET_TOPIC = '<PARRY_NOTIFY_TOPIC_ARN>';
export const NO_TOPIC = 'no topic: set `topic` or PARRY_NOTIFY_TOPIC_ARN';

/** The `Publish` input, the same when planning and when running. */
export interface PublishInput {
  TopicArn: string;
  Subject: string;
  Message: string;
  MessageStructure: 'json';
  MessageAttributes: MessageAttributes;
  MessageGroupId?: string;
  MessageDeduplicationId?: string;
}

/** @example topicOf(context) // 'arn:aws:sns:us-east-1:111122223333:parry-notifications' */
export const topicOf = (context: PlanContext<NotifyParams>): string | undefined =>
  context.params.topic ?? context.settings.notifyTopicArn;

/**
 * The topic's region when it is not the event's: SNS publishes only to a
 * topic in the region of the endpoint called, so the call goes there.
 * @example topicRegion(context, 'arn:aws:sns:us-east-1:111122223333:t') // 'us-east-1' for an eu-west-1 event
 */
export function topicRegion(context: PlanContext<NotifyParams>, topic: string): string | undefined {
  const region = arnRegion(topic);
  return region && region !== targetOf(context.event).region ? region : undefined;
}

/** @example subjectOf(context) // 'parry notify-on-findings: Backdoor:EC2/C&CActivity.B!DNS (High) in 444455556666' */
export function subjectOf(context: PlanContext<NotifyParams>): string {
  if (context.params.subject) return toSubject(context.params.subject);
  const s = summarize(context.event);
  const severity = s.severity === 'none' ? '' : ` (${s.severity})`;
  const dryRun = context.playbook.mode === 'dry-run' ? '[dry-run] ' : '';
  return toSubject(`${dryRun}parry ${context.playbook.name}: ${s.type}${severity} in ${s.account}`);
}

/**
 * Everything `Publish` is sent, from what the run knows now: planning and
 * running call it alike, so the plan shows exactly the call that is made.
 * @example publishInput(context, topic).input.MessageStructure // 'json'
 */
export function publishInput(
  context: PlanContext<NotifyParams>,
  topic: string,
): { input: PublishInput; trimmed: string[] } {
  const { event, params, playbook, previous } = context;
  const subject = subjectOf(context);
  const { trimmed, ...message } = buildMessage({
    event,
    playbook,
    previous,
    note: params.message,
    reservedBytes: utf8Bytes(subject),
  });
  const fifo = fifoFields(topic, {
    playbook: playbook.name,
    eventId: event.id,
    subject,
    note: params.message,
  });
  return { input: { TopicArn: topic, Subject: subject, ...message, ...fifo }, trimmed };
}

/**
 * Where Publish goes: the topic's own account and region. The security
 * account's topic is published to by the security account, never by the
 * member account the event is about.
 * @example topicWhere(memberEventContext, 'arn:aws:sns:us-east-1:111122223333:t') // { account: '111122223333' }
 */
export function topicWhere(
  context: PlanContext<NotifyParams>,
  topic: string,
): { region?: string; account?: string } {
  const region = topicRegion(context, topic);
  const account = arnAccount(topic);
  const other = account && account !== targetOf(context.event).account ? account : undefined;
  return { ...(region ? { region } : {}), ...(other ? { account: other } : {}) };
}
