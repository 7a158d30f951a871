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

/** The resources of a batch that carry the exempt tag now, page by page. */
async function exemptNow(
  aws: Aws,
  ids: readonly string[],
  exemptTag: string,
): Promise<Set<string>> {
  const found = new Set<string>();
  const input = findExemptCall(ids).input;
  let next: string | undefined;
  do {
    const page = await aws.send<DescribeTagsCommandOutput>(
      'EC2',
      new DescribeTagsCommand({ ...input, ...(next ? { NextToken: next } : {}) }),
    );
    for (const tag of page.Tags ?? []) {
      if (tag.ResourceId && isExempt([tag], exemptTag)) found.add(tag.ResourceId);
    }
    next = page.NextToken;
  } while (next);
  return found;
}

async function tagBatch(
  aws: Aws,
  ids: readonly string[],
  tags: readonly Ec2Tag[],
  exemptTag: string,
): Promise<{ tagged: string[]; exempt: string[] }> {
  const found = await exemptNow(aws, ids, exemptTag);
  const exempt = ids.filter((id) => found.has(id));
  const tagged = ids.filter((id) => !found.has(id));
  if (exempt.length > 0) {
    const skipped = createTagsCall(exempt, tags);
    aws.skip('EC2', skipped.operation, skipped.input, exemptReason(exemptTag));
  }
  if (tagged.length > 0) {
    await aws.send('EC2', new CreateTagsCommand({ Resources: tagged, Tags: [...tags] }));
  }
  return { tagged, exempt };
}

/**
 * Tags the resources that are not exempt now. CreateTags sets a key's value
 * whatever it was, so running twice leaves the same tags.
 * @example await execute(context) // { status: 'succeeded', details: { tagged: ['i-1'] } }
 */
export async function execute(context: ExecuteContext<TagParams>): Promise<ActionExecution> {
  const { aws, settings } = context;
  const { candidates, exempt: fromEvent } = splitByEvent(context);
  const tags = tagList(context.params.tags);
  const tagged: string[] = [];
  const exempt = [...fromEvent];
  for (const batch of batches(candidates)) {
    const done = await tagBatch(aws, batch, tags, settings.exemptTag);
    tagged.push(...done.tagged);
    exempt.push(...done.exempt);
  }
  const reason = exemptReason(settings.exemptTag);
  const exemptDetails = exempt.length > 0 ? { exempt } : {};
  if (tagged.length === 0) {
    return { status: 'skipped', reason, target: exempt.join(', '), details: exemptDetails };
  }
  return {
    status: 'succeeded',
    target: tagged.join(', '),
    ...(exempt.length > 0 ? { reason: `not tagged: ${exempt.join(', ')} (${reason})` } : {}),
    details: { tagged, ...exemptDetails },
  };
}
