import type { EventSummary } from './summary.js';
import { clip, oneLine, utf8Bytes } from './text-limits.js';

export type MessageAttributes = Record<string, { DataType: 'String'; StringValue: string }>;

/** SNS refuses an attribute with an empty value: an absent fact is written as `unknown`. */
function attribute(value: string): { DataType: 'String'; StringValue: string } {
  const clean = clip(oneLine(value).trim(), 256);
  return { DataType: 'String', StringValue: clean === '' ? 'unknown' : clean };
}

/**
 * What subscribers can filter on, e.g. `{"severity": ["High", "Critical"]}`.
 * @example messageAttributes('notify-on-findings', summary).severity // { DataType: 'String', StringValue: 'High' }
 */
export function messageAttributes(playbook: string, summary: EventSummary): MessageAttributes {
  return {
    playbook: attribute(playbook),
    severity: attribute(summary.severity),
    type: attribute(summary.type),
    account: attribute(summary.account),
  };
}

/** SNS counts every part of an attribute (name, type and value) toward the message size. */
export const attributeBytes = (attributes: MessageAttributes): number =>
  Object.entries(attributes).reduce(
    (sum, [name, a]) => sum + utf8Bytes(name) + utf8Bytes(a.DataType) + utf8Bytes(a.StringValue),
    0,
  );
