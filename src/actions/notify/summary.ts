import {
  type EventBridgeEvent,
  isCloudTrailEvent,
  isGuardDutyFinding,
} from '../../event/envelope.js';
import { cloudTrailSummary } from './cloudtrail-summary.js';
import { guardDutySummary } from './guardduty-summary.js';
import type { SeverityLabel } from './severity.js';
import { clip, oneLine } from './text-limits.js';

/** The few facts a human needs first, from a GuardDuty finding or a CloudTrail event. */
export interface EventSummary {
  /** One line: the finding's title, or who called what from where. */
  title: string;
  /** The GuardDuty finding type; `service:Operation` for CloudTrail; `source:detail-type` otherwise. */
  type: string;
  /** GuardDuty's label for the score; `none` for events without a severity (CloudTrail). */
  severity: SeverityLabel | 'none';
  score?: number;
  /** Where the resource is: the finding's or the call's account and region, not the bus's. */
  account: string;
  region: string;
  resource: string;
  actor?: string;
  /** The caller's IP address, or the domain or IP the resource talked to. */
  remote?: string;
  /** The finding id or the CloudTrail event id: what the console and the APIs look up. */
  id: string;
  time: string;
  link?: string;
}

/** Event text can be anything: every field is one bounded line, so a message always has room for it. */
const FIELD_LIMIT = 512;

function bounded(summary: EventSummary): EventSummary {
  const clipped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(summary)) {
    if (value !== undefined) {
      clipped[key] = typeof value === 'string' ? clip(oneLine(value), FIELD_LIMIT) : value;
    }
  }
  return clipped as unknown as EventSummary;
}

function otherSummary(event: EventBridgeEvent): EventSummary {
  const arns = event.resources.filter((r): r is string => typeof r === 'string');
  return {
    title: `${event['detail-type']} from ${event.source}`,
    type: `${event.source}:${event['detail-type']}`,
    severity: 'none',
    account: event.account,
    region: event.region,
    resource: arns.join(', ') || 'not named in the event',
    id: event.id,
    time: event.time,
  };
}

/**
 * What an event is about, in a few bounded fields.
 * @example summarize(backdoorFinding).severity // 'High'
 */
export function summarize(event: EventBridgeEvent): EventSummary {
  if (isGuardDutyFinding(event)) return bounded(guardDutySummary(event));
  if (isCloudTrailEvent(event)) return bounded(cloudTrailSummary(event));
  return bounded(otherSummary(event));
}
