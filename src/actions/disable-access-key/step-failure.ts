import { AwsCallError, errorCode } from '../../aws/errors.js';

/**
 * The `error` of an outcome for one failed step: the step, the AWS code and AWS's words.
 * @example stepFailure('UpdateAccessKey', error) // 'UpdateAccessKey failed: AccessDenied: User: ... is not authorized'
 */
export function stepFailure(step: string, error: unknown): string {
  const code = error instanceof AwsCallError ? error.code : errorCode(error);
  const cause = error instanceof AwsCallError ? error.cause : error;
  const detail = cause instanceof Error ? cause.message : '';
  return `${step} failed: ${code}${detail && detail !== code ? `: ${detail}` : ''}`;
}

/**
 * Whether a failed call answered with this AWS error code.
 * @example hasCode(error, 'NoSuchEntity') // true when the login profile does not exist
 */
export const hasCode = (error: unknown, code: string): boolean =>
  (error instanceof AwsCallError ? error.code : errorCode(error)) === code;
