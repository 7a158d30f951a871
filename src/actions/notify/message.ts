import type { EventBridgeEvent } from '../../event/envelope.js';
import type { ActionResult, PlaybookRef } from '../types.js';
import { attributeBytes, type MessageAttributes, messageAttributes } from './attributes.js';
import { structuredDocument, TRIM_STEPS } from './structured.js';
import { summarize } from './summary.js';
import { readableParts, smsText } from './text.js';
import { cutToBytes, utf8Bytes } from './text-limits.js';

/**
 * SNS's default limit on one publish, message and attributes together
 * (262,144 bytes of UTF-8, not characters).
 */
export const SNS_MAX_BYTES = 256 * 1024;

const CUT_TEXT = 'the end of the email report (cut)';

export interface MessageFacts {
  event: EventBridgeEvent;
  playbook: PlaybookRef;
  previous: readonly ActionResult[];
  note?: string;
  /** Bytes the rest of the publish takes (the subject), counted against the limit too. */
  reservedBytes: number;
}

export interface NotifyMessage {
  Message: string;
  MessageStructure: 'json';
  MessageAttributes: MessageAttributes;
  /** What was left out to fit the size limit; empty when nothing was. */
  trimmed: string[];
}

/**
 * `default` goes to every protocol without its own key: SQS, Lambda, HTTP/S,
 * Firehose and email-json get the structured result from it, once, rather
 * than one copy per protocol eating into the size limit.
 */
const perProtocol = (machine: string, email: string, sms: string): string =>
  JSON.stringify({ default: machine, email, sms });

/**
 * The SNS message: a readable report for email, one line for SMS, the
 * structured result for machines, and attributes to filter on. Never over
 * SNS's limit: the embedded event detail goes first, then the actions'
 * details, then the report's end; what went is said in both parts.
 * @example buildMessage({ event, playbook, previous, reservedBytes: 40 }).MessageStructure // 'json'
 */
export function buildMessage(facts: MessageFacts): NotifyMessage {
  const summary = summarize(facts.event);
  const attributes = messageAttributes(facts.playbook.name, summary);
  const budget = SNS_MAX_BYTES - attributeBytes(attributes) - facts.reservedBytes;
  const sms = smsText(summary, facts.playbook.name);
  const text = { summary, playbook: facts.playbook, previous: facts.previous, note: facts.note };
  const built = (Message: string, trimmed: string[]): NotifyMessage => ({
    Message,
    MessageStructure: 'json',
    MessageAttributes: attributes,
    trimmed,
  });

  for (const trim of TRIM_STEPS) {
    const machine = structuredDocument({ ...facts, summary }, trim);
    const { body, tail } = readableParts({ ...text, trimmed: machine.trimmed });
    const message = perProtocol(machine.json, `${body}${tail}`, sms);
    if (utf8Bytes(message) <= budget) return built(message, machine.trimmed);
  }

  // Only a very long report gets here: cut its body, keep its tail (what was trimmed, the link).
  const last = TRIM_STEPS[TRIM_STEPS.length - 1] ?? { dropDetail: true, results: 'none' };
  const machine = structuredDocument({ ...facts, summary }, last);
  const trimmed = [...machine.trimmed, CUT_TEXT];
  const { body, tail } = readableParts({ ...text, trimmed });
  let kept = body;
  for (;;) {
    const message = perProtocol(machine.json, `${kept}\n[...]${tail}`, sms);
    const over = utf8Bytes(message) - budget;
    if (over <= 0 || kept === '') return built(message, trimmed);
    // JSON escaping only ever grows text, so cutting `over` bytes of it frees at least `over`.
    kept = cutToBytes(kept, Math.max(0, utf8Bytes(kept) - over));
  }
}
