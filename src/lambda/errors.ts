/** The invocation's input is not an EventBridge event: fails the invocation so the event lands in the DLQ. */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
}

/**
 * An action failed for a reason that may pass (throttling, 5xx) after the SDK's
 * own retries: failing the invocation makes Lambda retry it; the ledger makes
 * the retry resume after the actions already done.
 */
export class RetryableFailureError extends Error {
  override readonly name = 'RetryableFailureError';
}

/** A setting of the stack (`PARRY_TABLE_NAME`, the breaker's and ledger's numbers) is invalid: the cold start fails, naming it. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
