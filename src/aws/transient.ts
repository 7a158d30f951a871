/** Error codes that a later retry may not meet again (the SDK already retried them a few times). */
const TRANSIENT = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
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
