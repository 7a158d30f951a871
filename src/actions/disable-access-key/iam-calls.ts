import type { PlannedCall } from '../types.js';

/** A planned IAM call whose input keeps its type, so `execute` sends exactly what `plan` shows. */
export interface IamCall<I extends Record<string, unknown>> extends PlannedCall {
  service: 'IAM';
  input: I;
}

/**
 * Builds one IAM call; `plan` lists it and `execute` sends its `input`.
 * @example iamCall('ListAccessKeys', { UserName: 'ci-deployer' })
 */
export const iamCall = <I extends Record<string, unknown>>(
  operation: string,
  input: I,
  condition?: string,
): IamCall<I> => ({
  service: 'IAM',
  operation,
  input,
  ...(condition ? { condition } : {}),
});

/**
 * A user's tags: at most 50 per user, so the first page (100 by default) holds them all.
 * @example listUserTagsCall('ci-deployer').input // { UserName: 'ci-deployer' }
 */
export const listUserTagsCall = (userName: string) =>
  iamCall('ListUserTags', { UserName: userName });

/**
 * A user's access keys: at most two per user, so the first page holds them all.
 * @example listAccessKeysCall('ci-deployer', 'if not exempt')
 */
export const listAccessKeysCall = (userName: string, condition?: string) =>
  iamCall('ListAccessKeys', { UserName: userName }, condition);

/**
 * Makes one key of one user inactive; never a deletion, so it can be turned back on.
 * @example deactivateKeyCall('ci-deployer', 'AKIA5QZX3RVBLEXAMPLE').input.Status // 'Inactive'
 */
export const deactivateKeyCall = (userName: string, accessKeyId: string, condition?: string) =>
  iamCall(
    'UpdateAccessKey',
    { UserName: userName, AccessKeyId: accessKeyId, Status: 'Inactive' as const },
    condition,
  );
