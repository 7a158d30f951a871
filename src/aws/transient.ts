import { errorCode } from './errors.js';

/** Error codes that a later retry may not meet again (the SDK already retried them a few times). */
const TRANSIENT = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
  'SlowDown',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalError',
  'InternalFailure',
  'InternalServerError',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
]);

/** @example isTransient('ThrottlingException') // true */
export const isTransient = (code: string): boolean => TRANSIENT.has(code);

/** parry's wrappers nest a few deep (AwsCallError → AssumeRoleError → the SDK's error); never more. */
const MAX_CAUSES = 8;

/**
 * Whether a failure may pass, judged by every error in its `cause` chain: a
 * wrapper (`AwsCallError`, `AssumeRoleError`) has a code of its own, the SDK
 * error underneath says what happened (a throttled AssumeRole is transient).
 * @example isTransientError(new AssumeRoleError(arn, throttling)) // true
 */
export function isTransientError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < MAX_CAUSES && current !== null && current !== undefined; depth++) {
    if (isTransient(errorCode(current))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
