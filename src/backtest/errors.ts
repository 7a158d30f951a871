/** A backtest that cannot start or go on: bad options, an unreadable source, a failed query. */
export class BacktestError extends Error {
  override readonly name = 'BacktestError';
}

/**
 * A log file whose records cannot be cut one by one (src/backtest/log-records.ts): not laid out
 * as CloudTrail writes it, or guessing cost too much. The reader then parses its whole text.
 */
export class NotALogLayout extends Error {
  override readonly name = 'NotALogLayout';
}
