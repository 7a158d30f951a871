import {
  DeleteLoginProfileCommand,
  ListAccessKeysCommand,
  type ListAccessKeysCommandOutput,
  ListUserTagsCommand,
  type ListUserTagsCommandOutput,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import type { Aws } from '../../aws/session.js';
import {
  deactivateKeyCall,
  listAccessKeysCall,
  listUserTagsCall,
} from '../disable-access-key/iam-calls.js';
import { skipCalls } from '../disable-access-key/skip-calls.js';
import { hasCode, stepFailure } from '../disable-access-key/step-failure.js';
import { exemptReason, isExempt } from '../exempt.js';
import type { ActionExecution, ExecuteContext } from '../types.js';
import type { QuarantineUserParams } from './params.js';
import {
  deleteLoginProfileCall,
  putQuarantinePolicyCall,
  QUARANTINE_POLICY_NAME,
} from './policy.js';
import { resolveUser } from './target.js';

interface KeyOutcome {
  disabled: string[];
  alreadyInactive: string[];
  failed: string[];
}

/** Each key is its own step: one failed update must not leave the other key active. */
async function disableKeys(aws: Aws, userName: string, failures: string[]): Promise<KeyOutcome> {
  const outcome: KeyOutcome = { disabled: [], alreadyInactive: [], failed: [] };
  let listed: ListAccessKeysCommandOutput;
  try {
    listed = await aws.send('IAM', new ListAccessKeysCommand(listAccessKeysCall(userName).input));
  } catch (error) {
    failures.push(stepFailure('ListAccessKeys', error));
    return outcome;
  }
  for (const key of listed.AccessKeyMetadata ?? []) {
    const id = key.AccessKeyId;
    if (!id) continue;
    const update = deactivateKeyCall(userName, id);
    if (key.Status === 'Inactive' || key.Status === 'Expired') {
      skipCalls(aws, [update], `already ${key.Status}`);
      outcome.alreadyInactive.push(id);
      continue;
    }
    try {
      await aws.send('IAM', new UpdateAccessKeyCommand(update.input));
      outcome.disabled.push(id);
    } catch (error) {
      failures.push(stepFailure(`UpdateAccessKey ${id}`, error));
      outcome.failed.push(id);
    }
  }
  return outcome;
}

/** A missing login profile is the state wanted: a no-op, not a failure. */
async function deleteLoginProfile(aws: Aws, userName: string, failures: string[]): Promise<string> {
  try {
    await aws.send('IAM', new DeleteLoginProfileCommand(deleteLoginProfileCall(userName).input));
    return 'deleted';
  } catch (error) {
    if (hasCode(error, 'NoSuchEntity')) {
      aws.tolerate(error, 'no console password to delete');
      return 'absent';
    }
    failures.push(stepFailure('DeleteLoginProfile', error));
    return 'failed';
  }
}

/**
 * Quarantines the user unless exempt. After the exemption check the steps
 * are independent: each runs even when one before failed, and the outcome
 * lists every failed step.
 * @example await execute(context) // { status: 'succeeded', target: 'user/ci-deployer', details: { ... } }
 */
export async function execute(
  context: ExecuteContext<QuarantineUserParams>,
): Promise<ActionExecution> {
  const user = resolveUser(context);
  if (user.skip !== undefined) return { status: 'skipped', reason: user.skip, target: user.label };
  const { aws, settings, params } = context;
  const { userName, label: target } = user;
  const put = putQuarantinePolicyCall(userName);

  let tags: ListUserTagsCommandOutput;
  try {
    tags = await aws.send('IAM', new ListUserTagsCommand(listUserTagsCall(userName).input));
  } catch (error) {
    // Without the tags parry cannot know the user is not exempt: it must not act.
    return { status: 'failed', target, error: stepFailure('ListUserTags', error) };
  }
  if (isExempt(tags.Tags, settings.exemptTag)) {
    const reason = exemptReason(settings.exemptTag);
    const keys = params['disable-keys'] ? [listAccessKeysCall(userName)] : [];
    skipCalls(aws, [put, deleteLoginProfileCall(userName), ...keys], reason);
    return { status: 'skipped', reason, target };
  }

  const failures: string[] = [];
  let policy = 'put';
  try {
    await aws.send('IAM', new PutUserPolicyCommand(put.input));
  } catch (error) {
    failures.push(stepFailure('PutUserPolicy', error));
    policy = 'failed';
  }
  const loginProfile = await deleteLoginProfile(aws, userName, failures);
  const keys = params['disable-keys'] ? await disableKeys(aws, userName, failures) : undefined;
  const details = {
    policyName: QUARANTINE_POLICY_NAME,
    policy,
    loginProfile,
    ...(keys ? { keys } : {}),
  };
  return failures.length > 0
    ? { status: 'failed', target, error: failures.join('; '), details }
    : { status: 'succeeded', target, details };
}
