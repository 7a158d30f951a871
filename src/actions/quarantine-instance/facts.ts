import type { EventBridgeEvent } from '../../event/envelope.js';
import { field, itemsField, listField, stringField } from '../event-fields.js';

/** What quarantine needs to know of one instance: from the event when planning, from EC2 when running. */
export interface InstanceFacts {
  instanceId: string;
  enis: { id: string; vpcId: string; groups: { id: string; name?: string }[] }[];
  /** Device names and volumes; unknown (undefined) until the instance is described. */
  volumes?: { deviceName: string; volumeId: string; deleteOnTermination?: boolean }[];
  profileArn?: string;
  tags: Record<string, string>;
  /** `running`, `stopped`, `terminated`...; known once the instance is described. */
  state?: string;
}

export const ASG_TAG = 'aws:autoscaling:groupName';

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

function tagsOf(list: unknown[]): Record<string, string> {
  const tags: Record<string, string> = Object.create(null);
  for (const tag of list) {
    const key = text(field(tag, 'key')) ?? text(field(tag, 'Key'));
    const value = field(tag, 'value') ?? field(tag, 'Value');
    if (key !== undefined) tags[key] = typeof value === 'string' ? value : '';
  }
  return tags;
}

/** A GuardDuty finding names the instance, its ENIs with VPC and groups, its profile and tags. */
function fromGuardDuty(detail: unknown): InstanceFacts[] {
  const instance = field(detail, 'resource', 'instanceDetails');
  const instanceId = stringField(instance, 'instanceId');
  if (!instanceId) return [];
  const enis = listField(instance, 'networkInterfaces').flatMap((eni) => {
    const id = stringField(eni, 'networkInterfaceId');
    const vpcId = stringField(eni, 'vpcId');
    if (!id || !vpcId) return [];
    const groups = listField(eni, 'securityGroups').flatMap((g) => {
      const groupId = stringField(g, 'groupId');
      return groupId ? [{ id: groupId, name: stringField(g, 'groupName') }] : [];
    });
    return [{ id, vpcId, groups }];
  });
  const profileArn = stringField(instance, 'iamInstanceProfile', 'arn');
  return [{ instanceId, enis, profileArn, tags: tagsOf(listField(instance, 'tags')) }];
}

/** RunInstances (and StartInstances) responses list the instances they touched. */
function fromCloudTrail(detail: unknown): InstanceFacts[] {
  return itemsField(detail, 'responseElements', 'instancesSet').flatMap((item) => {
    const instanceId = stringField(item, 'instanceId');
    if (!instanceId) return [];
    const enis = itemsField(item, 'networkInterfaceSet').flatMap((eni) => {
      const id = stringField(eni, 'networkInterfaceId');
      const vpcId = stringField(eni, 'vpcId') ?? stringField(item, 'vpcId');
      if (!id || !vpcId) return [];
      const groups = itemsField(eni, 'groupSet').flatMap((g) => {
        const groupId = stringField(g, 'groupId');
        return groupId ? [{ id: groupId, name: stringField(g, 'groupName') }] : [];
      });
      return [{ id, vpcId, groups }];
    });
    const profileArn = stringField(item, 'iamInstanceProfile', 'arn');
    return [{ instanceId, enis, profileArn, tags: tagsOf(itemsField(item, 'tagSet')) }];
  });
}

/**
 * The instances an event is about.
 * @example instancesFromEvent(guardDutyBackdoorFinding)[0]?.instanceId // 'i-0a1b2c3d4e5f60718'
 */
export function instancesFromEvent(event: EventBridgeEvent): InstanceFacts[] {
  return event.source === 'aws.guardduty'
    ? fromGuardDuty(event.detail)
    : fromCloudTrail(event.detail);
}
