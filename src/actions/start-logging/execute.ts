import {
  GetTrailStatusCommand,
  type GetTrailStatusCommandOutput,
  ListTagsCommand,
  type ListTagsCommandOutput,
  StartLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import { AwsCallError } from '../../aws/errors.js';
import type { Aws } from '../../aws/session.js';
import { exemptReason, isExempt } from '../exempt.js';
import type { ActionExecution, ExecuteContext, PlannedCall } from '../types.js';
import { trailCalls } from './calls.js';
import type { StartLoggingParams } from './params.js';
import type { StoppedTrail } from './trail.js';
import { stoppedTrail } from './trail.js';

const skipAll = (aws: Aws, calls: PlannedCall[], reason: string): void => {
  for (const call of calls) aws.skip(call.service, call.operation, call.input, reason);
};

async function restart(aws: Aws, trail: StoppedTrail, exemptTag: string): Promise<ActionExecution> {
  const target = trail.arn;
  const calls = trailCalls(trail, aws.target.region, exemptTag);
  // The home region: a multi-Region trail can be started nowhere else.
  const where = { region: trail.homeRegion };
  const tags = await aws.send<ListTagsCommandOutput>(
    'CloudTrail',
    new ListTagsCommand(calls.listTags.input),
    where,
  );
  if ((tags.ResourceTagList ?? []).some((r) => isExempt(r.TagsList, exemptTag))) {
    const reason = exemptReason(exemptTag);
    skipAll(aws, [calls.status, calls.start], reason);
    return { status: 'skipped', reason, target };
  }
  const status = await aws.send<GetTrailStatusCommandOutput>(
    'CloudTrail',
    new GetTrailStatusCommand(calls.status.input),
    where,
  );
  if (status.IsLogging === true) {
    const reason = 'already logging: nothing to do';
    skipAll(aws, [calls.start], reason);
    return { status: 'skipped', reason, target, details: { trailArn: trail.arn } };
  }
  await aws.send('CloudTrail', new StartLoggingCommand(calls.start.input), where);
  return {
    status: 'succeeded',
    target,
    details: {
      trailArn: trail.arn,
      // The start of the gap in the audit log an investigation has to account for.
      ...(status.StopLoggingTime ? { stoppedAt: status.StopLoggingTime.toISOString() } : {}),
    },
  };
}

/**
 * Restarts the trail a StopLogging call stopped, unless it is exempt or
 * already logging again. A failed call ends the action as `failed`, with
 * AWS's code and words.
 * @example await execute(context) // { status: 'succeeded', target: 'arn:aws:cloudtrail:...', ... }
 */
export async function execute(
  context: ExecuteContext<StartLoggingParams>,
): Promise<ActionExecution> {
  const trail = stoppedTrail(context.event);
  try {
    return await restart(context.aws, trail, context.settings.exemptTag);
  } catch (error) {
    if (error instanceof AwsCallError) {
      return { status: 'failed', target: trail.arn, error: error.message };
    }
    throw error;
  }
}
