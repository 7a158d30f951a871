import type { EventBridgeEvent } from '../../event/envelope.js';
import { field, itemsField, stringField } from '../event-fields.js';
import { cloudTrailLink } from './console-link.js';
import type { EventSummary } from './summary.js';

/** Request parameters that name what a call acted on, across the services parry watches. */
const RESOURCE_PARAMETERS = [
  'name',
  'trailName',
  'groupId',
  'instanceId',
  'volumeId',
  'snapshotId',
  'imageId',
  'bucketName',
  'userName',
  'roleName',
  'policyArn',
  'keyId',
  'detectorId',
  'functionName',
  'dbInstanceIdentifier',
] as const;

function resourceOf(event: EventBridgeEvent, service: string): string {
  const arns = event.resources.filter((r): r is string => typeof r === 'string' && r !== '');
  if (arns.length > 0) return arns.join(', ');
  const request = field(event.detail, 'requestParameters');
  const named = RESOURCE_PARAMETERS.map((key) => stringField(request, key));
  const instances = itemsField(request, 'instancesSet').map((i) => stringField(i, 'instanceId'));
  const found = [...named, ...instances].filter((v): v is string => v !== undefined);
  return found.length > 0 ? [...new Set(found)].join(', ') : `${service} (no resource named)`;
}

function actorOf(detail: unknown): string | undefined {
  const who = field(detail, 'userIdentity');
  const type = stringField(who, 'type');
  return (
    stringField(who, 'arn') ??
    (type && stringField(who, 'principalId')
      ? `${type} ${stringField(who, 'principalId')}`
      : type) ??
    stringField(who, 'invokedBy')
  );
}

/** `ConsoleLogin` says in its response whether it worked, and in extra data whether MFA was used. */
function signInOutcome(detail: unknown): string {
  const result = stringField(detail, 'responseElements', 'ConsoleLogin');
  const mfa = stringField(detail, 'additionalEventData', 'MFAUsed');
  const parts = [result, mfa ? `MFA ${mfa}` : undefined].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/**
 * A CloudTrail event in a few fields: `service:Operation`, who called it
 * from where, and what it named.
 */
export function cloudTrailSummary(event: EventBridgeEvent): EventSummary {
  const d = event.detail;
  const name = stringField(d, 'eventName') ?? event['detail-type'];
  const service = (stringField(d, 'eventSource') ?? event.source).replace(/\.amazonaws\.com$/, '');
  const type = `${service}:${name}`;
  const actor = actorOf(d);
  const remote = stringField(d, 'sourceIPAddress');
  const error = stringField(d, 'errorCode');
  const region = stringField(d, 'awsRegion') ?? event.region;
  const id = stringField(d, 'eventID') ?? event.id;
  const title = [
    `${type}${name === 'ConsoleLogin' ? signInOutcome(d) : ''}`,
    `by ${actor ?? 'an unknown principal'}`,
    ...(remote ? [`from ${remote}`] : []),
    ...(error ? [`(failed: ${error})`] : []),
  ].join(' ');
  return {
    title,
    type,
    severity: 'none',
    account: stringField(d, 'recipientAccountId') ?? event.account,
    region,
    resource: resourceOf(event, service),
    actor,
    remote,
    id,
    time: stringField(d, 'eventTime') ?? event.time,
    link: cloudTrailLink(region, id),
  };
}
