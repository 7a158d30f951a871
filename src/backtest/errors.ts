/** A backtest that cannot start or go on: bad options, an unreadable source, a failed query. */
export class BacktestError extends Error {
  override readonly name = 'BacktestError';
}
