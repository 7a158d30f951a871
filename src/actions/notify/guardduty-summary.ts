import type { EventBridgeEvent } from '../../event/envelope.js';
import { field, listField, stringField } from '../event-fields.js';
import { guardDutyLink } from './console-link.js';
import { severityLabel, severityScore } from './severity.js';
import type { EventSummary } from './summary.js';

function instanceName(instance: unknown): string | undefined {
  const tag = listField(instance, 'tags').find((t) => stringField(t, 'key') === 'Name');
  return stringField(tag, 'value');
}

/** How each resource type names its resource; others are named by their type alone. */
const RESOURCE_NAMES: Record<string, (resource: unknown) => string | undefined> = {
  Instance: (r) => {
    const instance = field(r, 'instanceDetails');
    const id = stringField(instance, 'instanceId');
    const name = instanceName(instance);
    return id && name ? `${id} (${name})` : id;
  },
  AccessKey: (r) => {
    const key = field(r, 'accessKeyDetails');
    const who = [stringField(key, 'userType'), stringField(key, 'userName')].filter(Boolean);
    const id = stringField(key, 'accessKeyId');
    return id && who.length > 0 ? `${id} (${who.join(' ')})` : id;
  },
  S3Bucket: (r) =>
    listField(r, 's3BucketDetails')
      .map((b) => stringField(b, 'name'))
      .filter(Boolean)
      .join(', ') || undefined,
  EKSCluster: (r) => stringField(r, 'eksClusterDetails', 'name'),
  ECSCluster: (r) => stringField(r, 'ecsClusterDetails', 'name'),
  RDSDBInstance: (r) => stringField(r, 'rdsDbInstanceDetails', 'dbInstanceIdentifier'),
  Lambda: (r) => stringField(r, 'lambdaDetails', 'functionName'),
};

function resourceOf(detail: unknown): string {
  const resource = field(detail, 'resource');
  const type = stringField(resource, 'resourceType') ?? 'resource';
  const name = Object.hasOwn(RESOURCE_NAMES, type) ? RESOURCE_NAMES[type]?.(resource) : undefined;
  return name ? `${type} ${name}` : type;
}

/** Who or what the resource dealt with, per the finding's action type. */
function remoteOf(detail: unknown): string | undefined {
  const action = field(detail, 'service', 'action');
  const probe = listField(action, 'portProbeAction', 'portProbeDetails')[0];
  return (
    stringField(action, 'awsApiCallAction', 'remoteIpDetails', 'ipAddressV4') ??
    stringField(action, 'networkConnectionAction', 'remoteIpDetails', 'ipAddressV4') ??
    stringField(action, 'kubernetesApiCallAction', 'remoteIpDetails', 'ipAddressV4') ??
    stringField(action, 'dnsRequestAction', 'domain') ??
    stringField(probe, 'remoteIpDetails', 'ipAddressV4')
  );
}

function actorOf(detail: unknown): string | undefined {
  const key = field(detail, 'resource', 'accessKeyDetails');
  const who = [stringField(key, 'userType'), stringField(key, 'userName')].filter(Boolean);
  return who.length > 0 ? who.join(' ') : undefined;
}

/**
 * A GuardDuty finding in a few fields. The link opens the finding where the
 * event was delivered: the administrator account sees its members' findings.
 */
export function guardDutySummary(event: EventBridgeEvent): EventSummary {
  const d = event.detail;
  const type = stringField(d, 'type') ?? 'unknown GuardDuty finding type';
  const id = stringField(d, 'id') ?? event.id;
  const score = severityScore(field(d, 'severity'));
  return {
    title: stringField(d, 'title') ?? type,
    type,
    severity: score === undefined ? 'none' : severityLabel(score),
    score,
    account: stringField(d, 'accountId') ?? event.account,
    region: stringField(d, 'region') ?? event.region,
    resource: resourceOf(d),
    actor: actorOf(d),
    remote: remoteOf(d),
    id,
    time: stringField(d, 'updatedAt') ?? event.time,
    link: guardDutyLink(event.region, id),
  };
}
