import { field, itemsField, listField, stringField } from '../event-fields.js';
import type { PlanContext } from '../types.js';
import { EC2_ID } from './ids.js';
import type { TagParams } from './params.js';

/** A resource to tag, with its tags when the event shows them. */
export interface TagTarget {
  id: string;
  tags?: Record<string, string>;
}

/**
 * The EC2 calls whose CloudTrail events name what they acted on, and where:
 * instances started, stopped, run or changed; security groups opened or
 * created; volumes, snapshots and images created, attached or shared.
 */
const CLOUDTRAIL_ID_FIELDS: readonly (readonly string[])[] = [
  ['requestParameters', 'instanceId'],
  ['requestParameters', 'groupId'],
  ['responseElements', 'groupId'],
  ['requestParameters', 'volumeId'],
  ['responseElements', 'volumeId'],
  ['requestParameters', 'snapshotId'],
  ['responseElements', 'snapshotId'],
  ['requestParameters', 'imageId'],
];

function tagsOf(list: unknown[]): Record<string, string> {
  const tags: Record<string, string> = Object.create(null);
  for (const tag of list) {
    const key = stringField(tag, 'key');
    const value = field(tag, 'value');
    if (key !== undefined) tags[key] = typeof value === 'string' ? value : '';
  }
  return tags;
}

function fromGuardDuty(detail: unknown): TagTarget[] {
  const instance = field(detail, 'resource', 'instanceDetails');
  const id = stringField(instance, 'instanceId');
  return id ? [{ id, tags: tagsOf(listField(instance, 'tags')) }] : [];
}

function fromCloudTrail(detail: unknown): TagTarget[] {
  if (stringField(detail, 'eventSource') !== 'ec2.amazonaws.com') return [];
  const instances = ['responseElements', 'requestParameters'].flatMap((part) =>
    itemsField(detail, part, 'instancesSet').map((item) => stringField(item, 'instanceId')),
  );
  const named = CLOUDTRAIL_ID_FIELDS.map((path) => stringField(detail, ...path));
  return [...instances, ...named]
    .filter((id): id is string => id !== undefined)
    .map((id) => ({ id }));
}

/** Event values reach EC2 only when they look like EC2 ids, and each once. */
function distinctIds(targets: TagTarget[]): TagTarget[] {
  const byId = new Map<string, TagTarget>();
  for (const target of targets) {
    if (EC2_ID.test(target.id) && !byId.has(target.id)) byId.set(target.id, target);
  }
  return [...byId.values()];
}

/**
 * What to tag: `resources` when set, else the EC2 resources the event names.
 * @example tagTargets(context).map((t) => t.id) // ['i-0a1b2c3d4e5f60718']
 */
export function tagTargets(context: PlanContext<TagParams>): TagTarget[] {
  const { resources } = context.params;
  if (resources !== undefined) {
    return distinctIds((Array.isArray(resources) ? resources : [resources]).map((id) => ({ id })));
  }
  const { event } = context;
  return distinctIds(
    event.source === 'aws.guardduty' ? fromGuardDuty(event.detail) : fromCloudTrail(event.detail),
  );
}
