import { AwsCallError, errorCode } from '../../aws/errors.js';

const codeOf = (error: unknown): string =>
  error instanceof AwsCallError ? error.code : errorCode(error);

/** The SDK names modeled errors `NoSuchEntityException` and sets `Code` to IAM's `NoSuchEntity`. */
const bare = (code: string): string => code.replace(/Exception$/, '');

/**
 * The `error` of an outcome for one failed step: the step, the AWS code and AWS's words.
 * @example stepFailure('UpdateAccessKey', error) // 'UpdateAccessKey failed: AccessDenied: User: ... is not authorized'
 */
export function stepFailure(step: string, error: unknown): string {
  const code = codeOf(error);
  const cause = error instanceof AwsCallError ? error.cause : error;
  const detail = cause instanceof Error ? cause.message : '';
  return `${step} failed: ${code}${detail && detail !== code ? `: ${detail}` : ''}`;
}

/**
 * Whether a failed call answered with this AWS error code, however the SDK spelled it.
 * @example hasCode(error, 'NoSuchEntity') // true when the login profile does not exist
 */
export const hasCode = (error: unknown, code: string): boolean =>
  bare(codeOf(error)) === bare(code);
