import { field, stringField } from '../actions/event-fields.js';
import type { EventBridgeEvent } from '../event/envelope.js';
import type { Playbook } from '../playbook/index.js';
import type { RunKey } from './ledger.js';

/** GuardDuty findings are identified by their finding id (republished with a growing count); others by the event id. */
export function subjectOf(event: EventBridgeEvent): string {
  if (event.source === 'aws.guardduty') return stringField(event.detail, 'id') ?? event.id;
  return event.id;
}

export function severityOf(event: EventBridgeEvent): number {
  const severity = field(event.detail, 'severity');
  const value = typeof severity === 'string' ? Number(severity) : severity;
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** @example runKey(playbook, finding).subject // the GuardDuty finding id */
export const runKey = (playbook: Playbook, event: EventBridgeEvent): RunKey => ({
  playbook: playbook.name,
  subject: subjectOf(event),
  severity: severityOf(event),
  rerunOnSeverityIncrease: playbook.rerunOnSeverityIncrease,
});
