import type { ActionDefinition } from '../types.js';
import { tagBehaviour } from './behaviour.js';
import { tagParams } from './params.js';

export { tagParams } from './params.js';

const NOTES = `
Tags the EC2 resources the event is about, e.g. with the incident or the
finding, so responders and automation can find them.

**Targets**: \`resources\` (one id or a list) when set; otherwise, for a
GuardDuty finding, \`detail.resource.instanceDetails.instanceId\`; for an EC2
CloudTrail event (\`eventSource: ec2.amazonaws.com\`), the ids in
\`responseElements.instancesSet.items[].instanceId\`,
\`requestParameters.instancesSet.items[].instanceId\`, and
\`requestParameters.{instanceId, groupId, volumeId, snapshotId, imageId}\`,
\`responseElements.{groupId, volumeId, snapshotId}\`. Only values shaped like
EC2 ids are used. No resource: the action fails (\`set resources\`). The
role may tag instances, security groups, volumes, network interfaces,
snapshots and AMIs; \`resources\` of another kind is refused when loading.

**Tags**: \`tags\`, a map of key to value. Values may be templates (a number
or boolean is written as text). Refused when loading or after templates are
resolved: no tag, more than 50, a key over 128 characters or starting with
\`aws:\` (any case), a value over 256 characters, or a
\`parry:original-groups\` key (quarantine-instance reads it to undo a
quarantine).

**Steps**, per batch of 100 resources:

1. \`ec2:DescribeTags\` with the filter \`resource-id\` (the resources): every
   page, as the exempt tag (\`parry:exempt\` by default) is matched in any
   case and EC2's \`key\` filter matches only one.
2. \`ec2:CreateTags\` on the resources neither tagged exempt nor carrying every
   tag with its value already. Those are reported as a skipped call with
   \`exempt: tagged parry:exempt\` or \`already tagged: nothing to do\`.

A resource whose exempt tag shows in the event (a GuardDuty finding lists
the instance's tags) is skipped without a call. When every resource is
exempt the action is \`skipped\` (\`exempt: tagged parry:exempt\`); when some
are, it succeeds and its reason names those left alone.

**Twice**: a resource carrying every tag already is not tagged again: a
second run makes no CreateTags (\`skipped\`, \`already tagged\`).

**Details**: \`tagged\` (the ids tagged), \`exempt\` (the ids left alone) and
\`alreadyTagged\`.
`.trim();

/**
 * Tags the event's EC2 resources, leaving alone those tagged exempt.
 *
 * @example
 * actions:
 *   - type: tag
 *     tags:
 *       incident: "{{ detail.id }}"
 *       parry:finding-type: "{{ detail.type }}"
 */
export const tag: ActionDefinition<typeof tagParams> = {
  ...tagBehaviour,
  summary: 'Tag the EC2 resources of the event (never those tagged exempt)',
  notes: NOTES,
  params: tagParams,
  permissions: ['ec2:DescribeTags', 'ec2:CreateTags'],
  targets: {
    guardduty: 'detail.resource.instanceDetails.instanceId',
    cloudtrail:
      'EC2 ids in detail.responseElements / detail.requestParameters (instancesSet, instanceId, groupId, volumeId, snapshotId, imageId)',
  },
};
