import type { EventBridgeEvent } from '../../event/envelope.js';
import type { ActionResult, PlaybookRef } from '../types.js';
import { type EventSummary, summarize } from './summary.js';

/** SNS's limit on a whole publish (message and attributes). */
export const SNS_MAX_BYTES = 256 * 1024;
const ATTRIBUTE_BUDGET = 2048;

export interface NotifyMessage {
  Message: string;
  MessageStructure: 'json';
  MessageAttributes: Record<string, { DataType: 'String'; StringValue: string }>;
}

const outcomeLine = (a: ActionResult, i: number): string => {
  const why = a.error ?? a.reason;
  return `  ${i + 1}. ${a.type}${a.target ? ` ${a.target}` : ''}: ${a.status}${why ? ` (${why})` : ''}`;
};

function readableText(
  s: EventSummary,
  playbook: PlaybookRef,
  previous: readonly ActionResult[],
  note: string | undefined,
): string {
  const lines = [
    `parry playbook ${playbook.name} (${playbook.mode}) ran on: ${s.what}`,
    ...(note ? ['', note] : []),
    '',
    `Type:      ${s.type}`,
    `Severity:  ${s.severity}`,
    `Account:   ${s.account}`,
    `Region:    ${s.region}`,
    `Resource:  ${s.resource}`,
    ...(s.actor ? [`Principal: ${s.actor}`] : []),
    '',
    previous.length > 0 ? 'Actions:' : 'No action before this notification.',
    ...previous.map(outcomeLine),
    '',
    `Console: ${s.link}`,
  ];
  return lines.join('\n');
}

const attribute = (value: string) => ({
  DataType: 'String' as const,
  StringValue: value.slice(0, 256),
});

function structured(
  event: EventBridgeEvent,
  s: EventSummary,
  playbook: PlaybookRef,
  actions: readonly unknown[],
  detail: unknown,
): string {
  return JSON.stringify({
    playbook: playbook.name,
    mode: playbook.mode,
    summary: s,
    actions,
    event: { ...event, detail },
  });
}

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * The SNS message: a readable text for email and the structured result for
 * machine subscribers (SQS, Lambda, HTTPS). Never over SNS's limit: the
 * embedded event detail is dropped first, then the action details.
 * @example buildMessage(event, { name: 'p', mode: 'enforce' }, results).MessageStructure // 'json'
 */
export function buildMessage(
  event: EventBridgeEvent,
  playbook: PlaybookRef,
  previous: readonly ActionResult[],
  note?: string,
): NotifyMessage {
  const s = summarize(event);
  const text = readableText(s, playbook, previous, note);
  const attributes = {
    playbook: attribute(playbook.name),
    severity: attribute(s.severity),
    type: attribute(s.type),
    account: attribute(s.account),
  };
  const trimmed = previous.map(({ calls, details, ...rest }) => ({ ...rest, calls: calls.length }));
  const candidates = [
    () => structured(event, s, playbook, previous, event.detail),
    () => structured(event, s, playbook, previous, '<trimmed: over the SNS size limit>'),
    () => structured(event, s, playbook, trimmed, '<trimmed: over the SNS size limit>'),
  ];
  const budget = SNS_MAX_BYTES - ATTRIBUTE_BUDGET;
  for (const build of candidates) {
    const machine = build();
    const message = JSON.stringify({
      default: text,
      email: text,
      sqs: machine,
      lambda: machine,
      https: machine,
      http: machine,
      'email-json': machine,
    });
    if (bytes(message) <= budget) {
      return { Message: message, MessageStructure: 'json', MessageAttributes: attributes };
    }
  }
  // Only a huge readable text can get here: cut it, it is what a human reads first.
  const short = `${text.slice(0, 32 * 1024)}\n<trimmed>`;
  const machine = JSON.stringify({ playbook: playbook.name, summary: s, trimmed: true });
  const message = JSON.stringify({
    default: short,
    email: short,
    sqs: machine,
    lambda: machine,
    https: machine,
    http: machine,
    'email-json': machine,
  });
  return { Message: message, MessageStructure: 'json', MessageAttributes: attributes };
}
