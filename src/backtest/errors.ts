/** A backtest that cannot start or go on: bad options, an unreadable source, a failed query. */
export class BacktestError extends Error {
  override readonly name = 'BacktestError';
}

/**
 * A log file whose records cannot be read one by one (src/backtest/log-records.ts): not laid out
 * as CloudTrail writes it, not valid JSON, or nested deeper than the scanner follows. The reader
 * then parses its whole text, which says what is wrong with it.
 */
export class NotALogLayout extends Error {
  override readonly name = 'NotALogLayout';
}
