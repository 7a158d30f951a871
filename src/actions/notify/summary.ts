import type { EventBridgeEvent } from '../../event/envelope.js';
import { field, stringField } from '../event-fields.js';

/** The few facts a human needs first, from a GuardDuty finding or a CloudTrail event. */
export interface EventSummary {
  what: string;
  type: string;
  severity: string;
  account: string;
  region: string;
  resource: string;
  actor?: string;
  link: string;
}

const consoleHost = (region: string) => `https://${region}.console.aws.amazon.com`;

function guardDutySummary(event: EventBridgeEvent): EventSummary {
  const d = event.detail;
  const id = stringField(d, 'id') ?? event.id;
  const resourceType = stringField(d, 'resource', 'resourceType') ?? 'resource';
  const resource =
    stringField(d, 'resource', 'instanceDetails', 'instanceId') ??
    stringField(d, 'resource', 'accessKeyDetails', 'accessKeyId') ??
    resourceType;
  const severity = field(d, 'severity');
  return {
    what: stringField(d, 'title') ?? stringField(d, 'type') ?? 'GuardDuty finding',
    type: stringField(d, 'type') ?? 'unknown',
    severity:
      typeof severity === 'number' || typeof severity === 'string' ? String(severity) : 'unknown',
    account: stringField(d, 'accountId') ?? event.account,
    region: stringField(d, 'region') ?? event.region,
    resource: `${resourceType} ${resource}`,
    actor: stringField(d, 'resource', 'accessKeyDetails', 'userName'),
    link: `${consoleHost(event.region)}/guardduty/home?region=${event.region}#/findings?macros=current&fId=${encodeURIComponent(id)}`,
  };
}

function cloudTrailSummary(event: EventBridgeEvent): EventSummary {
  const d = event.detail;
  const name = stringField(d, 'eventName') ?? event['detail-type'];
  const eventId = stringField(d, 'eventID') ?? event.id;
  const region = stringField(d, 'awsRegion') ?? event.region;
  return {
    what: `${name} by ${stringField(d, 'userIdentity', 'arn') ?? 'unknown principal'}`,
    type: `${event.source}:${name}`,
    severity: 'n/a',
    account: stringField(d, 'recipientAccountId') ?? event.account,
    region,
    resource: event.resources.filter((r) => typeof r === 'string').join(', ') || name,
    actor: stringField(d, 'userIdentity', 'arn'),
    link: `${consoleHost(region)}/cloudtrailv2/home?region=${region}#/events/${encodeURIComponent(eventId)}`,
  };
}

/** @example summarize(event).type // 'Backdoor:EC2/C&CActivity.B!DNS' */
export function summarize(event: EventBridgeEvent): EventSummary {
  return event.source === 'aws.guardduty' ? guardDutySummary(event) : cloudTrailSummary(event);
}
