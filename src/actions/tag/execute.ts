import {
  CreateTagsCommand,
  DescribeTagsCommand,
  type DescribeTagsCommandOutput,
} from '@aws-sdk/client-ec2';
import type { Aws } from '../../aws/session.js';
import { exemptReason, isExempt } from '../exempt.js';
import type { ActionExecution, ExecuteContext } from '../types.js';
import { batches, createTagsCall, type Ec2Tag, findExemptCall, tagList } from './calls.js';
import type { TagParams } from './params.js';
import { splitByEvent } from './plan.js';

/** The tags each resource of a batch carries now, page by page. */
async function tagsNow(aws: Aws, ids: readonly string[]): Promise<Map<string, Ec2Tag[]>> {
  const found = new Map<string, Ec2Tag[]>();
  const input = findExemptCall(ids).input;
  let next: string | undefined;
  do {
    const page = await aws.send<DescribeTagsCommandOutput>(
      'EC2',
      new DescribeTagsCommand({ ...input, ...(next ? { NextToken: next } : {}) }),
    );
    for (const tag of page.Tags ?? []) {
      if (!tag.ResourceId || tag.Key === undefined) continue;
      const list = found.get(tag.ResourceId) ?? [];
      list.push({ Key: tag.Key, Value: tag.Value ?? '' });
      found.set(tag.ResourceId, list);
    }
    next = page.NextToken;
  } while (next);
  return found;
}

const carries = (now: readonly Ec2Tag[] | undefined, tags: readonly Ec2Tag[]): boolean =>
  tags.every((t) => now?.some((n) => n.Key === t.Key && n.Value === t.Value));

export const ALREADY_TAGGED = 'already tagged: nothing to do';

async function tagBatch(
  aws: Aws,
  ids: readonly string[],
  tags: readonly Ec2Tag[],
  exemptTag: string,
): Promise<{ tagged: string[]; exempt: string[]; already: string[] }> {
  const now = await tagsNow(aws, ids);
  const exempt = ids.filter((id) => isExempt(now.get(id), exemptTag));
  const already = ids.filter((id) => !exempt.includes(id) && carries(now.get(id), tags));
  const tagged = ids.filter((id) => !exempt.includes(id) && !already.includes(id));
  if (exempt.length > 0) {
    const skipped = createTagsCall(exempt, tags);
    aws.skip('EC2', skipped.operation, skipped.input, exemptReason(exemptTag));
  }
  if (already.length > 0) {
    const skipped = createTagsCall(already, tags);
    aws.skip('EC2', skipped.operation, skipped.input, ALREADY_TAGGED);
  }
  if (tagged.length > 0) {
    await aws.send('EC2', new CreateTagsCommand({ Resources: tagged, Tags: [...tags] }));
  }
  return { tagged, exempt, already };
}

/**
 * Tags the resources that are not exempt now and do not carry the tags
 * already: running twice makes no second CreateTags.
 * @example await execute(context) // { status: 'succeeded', details: { tagged: ['i-1'] } }
 */
export async function execute(context: ExecuteContext<TagParams>): Promise<ActionExecution> {
  const { aws, settings } = context;
  const { candidates, exempt: fromEvent } = splitByEvent(context);
  const tags = tagList(context.params.tags);
  const tagged: string[] = [];
  const already: string[] = [];
  const exempt = [...fromEvent];
  for (const batch of batches(candidates)) {
    const done = await tagBatch(aws, batch, tags, settings.exemptTag);
    tagged.push(...done.tagged);
    exempt.push(...done.exempt);
    already.push(...done.already);
  }
  const reason = exemptReason(settings.exemptTag);
  const exemptDetails = {
    ...(exempt.length > 0 ? { exempt } : {}),
    ...(already.length > 0 ? { alreadyTagged: already } : {}),
  };
  if (tagged.length === 0) {
    const why =
      already.length === 0
        ? reason
        : exempt.length === 0
          ? ALREADY_TAGGED
          : `${ALREADY_TAGGED} (${exempt.join(', ')}: ${reason})`;
    return {
      status: 'skipped',
      reason: why,
      target: [...already, ...exempt].join(', '),
      details: exemptDetails,
    };
  }
  return {
    status: 'succeeded',
    target: tagged.join(', '),
    ...(exempt.length > 0 ? { reason: `not tagged: ${exempt.join(', ')} (${reason})` } : {}),
    details: { tagged, ...exemptDetails },
  };
}
