import {
  ListAccessKeysCommand,
  type ListAccessKeysCommandOutput,
  ListUserTagsCommand,
  type ListUserTagsCommandOutput,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { exemptReason, isExempt } from '../exempt.js';
import type { ActionExecution, ExecuteContext } from '../types.js';
import { deactivateKeyCall, listAccessKeysCall, listUserTagsCall } from './iam-calls.js';
import { resolveKey } from './key.js';
import type { DisableAccessKeyParams } from './params.js';
import { skipCalls } from './skip-calls.js';
import { stepFailure } from './step-failure.js';

/**
 * Deactivates exactly the key the plan names: stops at the first failed step,
 * since each step decides whether the next may run.
 * @example await execute(context) // { status: 'succeeded', target: 'ci-deployer/AKIA...', ... }
 */
export async function execute(
  context: ExecuteContext<DisableAccessKeyParams>,
): Promise<ActionExecution> {
  const key = resolveKey(context);
  if (key.skip !== undefined) return { status: 'skipped', reason: key.skip, target: key.target };
  const { aws, settings } = context;
  const { target, userName, accessKeyId } = key;
  const failed = (step: string, error: unknown): ActionExecution => ({
    status: 'failed',
    target,
    error: stepFailure(step, error),
  });
  const list = listAccessKeysCall(userName);
  const update = deactivateKeyCall(userName, accessKeyId);

  let tags: ListUserTagsCommandOutput;
  try {
    tags = await aws.send('IAM', new ListUserTagsCommand(listUserTagsCall(userName).input));
  } catch (error) {
    return failed('ListUserTags', error);
  }
  if (isExempt(tags.Tags, settings.exemptTag)) {
    const reason = exemptReason(settings.exemptTag);
    skipCalls(aws, [list, update], reason);
    return { status: 'skipped', reason, target };
  }

  let keys: ListAccessKeysCommandOutput;
  try {
    keys = await aws.send('IAM', new ListAccessKeysCommand(list.input));
  } catch (error) {
    return failed('ListAccessKeys', error);
  }
  const all = keys.AccessKeyMetadata ?? [];
  const found = all.find((k) => k.AccessKeyId === accessKeyId);
  if (!found) {
    // Never fall back to another key of the user: the event named this one.
    const theirs = all.map((k) => k.AccessKeyId).join(', ') || 'none';
    const error = `${accessKeyId} is not a key of ${userName} (its keys: ${theirs}): nothing was changed`;
    skipCalls(aws, [update], "the key is not one of the user's keys");
    return { status: 'failed', target, error };
  }
  if (found.Status === 'Inactive' || found.Status === 'Expired') {
    const reason = `already ${found.Status}: nothing to do`;
    skipCalls(aws, [update], reason);
    return { status: 'skipped', reason, target, details: { status: found.Status } };
  }

  try {
    await aws.send('IAM', new UpdateAccessKeyCommand(update.input));
  } catch (error) {
    return failed('UpdateAccessKey', error);
  }
  return {
    status: 'succeeded',
    target,
    details: {
      userName,
      accessKeyId,
      previousStatus: found.Status ?? 'unknown',
      status: 'Inactive',
    },
  };
}
