import { toEventBridgeTime } from '../intake/time.js';
import { BacktestError } from './errors.js';

/** Which records a backtest looks at: a time window, accounts, regions. */
export interface Scope {
  /** Inclusive, EventBridge time format (`2026-01-02T03:04:05Z`). */
  since?: string;
  /** Exclusive, same format. */
  until?: string;
  accounts?: ReadonlySet<string>;
  regions?: ReadonlySet<string>;
}

const DAY_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** A `--since`/`--until` value: a date (midnight UTC) or an ISO date-time. */
export function parseTime(option: string, text: string): string {
  const time = toEventBridgeTime(DAY_ONLY.test(text) ? `${text}T00:00:00Z` : text);
  if (time === undefined) {
    throw new BacktestError(`${option}: "${text}" is not a date (2026-01-31) or ISO date-time`);
  }
  return time;
}

function parseList(option: string, text: string, shape: RegExp, what: string): Set<string> {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const bad = items.find((s) => !shape.test(s));
  if (bad !== undefined) throw new BacktestError(`${option}: "${bad}" is not ${what}`);
  if (items.length === 0) throw new BacktestError(`${option}: empty list`);
  return new Set(items);
}

export interface ScopeOptions {
  since?: string;
  until?: string;
  accounts?: string;
  regions?: string;
}

/**
 * The scope from the command line; a bad value is an error naming the option.
 * @example parseScope({ since: '2026-01-01', accounts: '111122223333' }).since // '2026-01-01T00:00:00Z'
 */
export function parseScope(options: ScopeOptions): Scope {
  const scope: Scope = {
    ...(options.since !== undefined ? { since: parseTime('--since', options.since) } : {}),
    ...(options.until !== undefined ? { until: parseTime('--until', options.until) } : {}),
    ...(options.accounts !== undefined
      ? { accounts: parseList('--accounts', options.accounts, ACCOUNT, 'a 12-digit account id') }
      : {}),
    ...(options.regions !== undefined
      ? { regions: parseList('--regions', options.regions, REGION, 'a region (us-east-1)') }
      : {}),
  };
  if (scope.since !== undefined && scope.until !== undefined && scope.since >= scope.until) {
    throw new BacktestError(`--since (${scope.since}) must be before --until (${scope.until})`);
  }
  return scope;
}

/** CloudTrail writes eventTime as `2026-01-02T03:04:05Z`: compared as text when so. */
const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** Whether an event at `time` (EventBridge format or CloudTrail's) is in the window. */
export function inWindow(scope: Scope, time: unknown): boolean {
  if (scope.since === undefined && scope.until === undefined) return true;
  const at = typeof time === 'string' && CANONICAL.test(time) ? time : toEventBridgeTime(time);
  if (at === undefined) return false;
  return (
    (scope.since === undefined || at >= scope.since) &&
    (scope.until === undefined || at < scope.until)
  );
}

/** Whether a record of this account and region is in scope. */
export const inPlace = (scope: Scope, account: unknown, region: unknown): boolean =>
  (scope.accounts === undefined || (typeof account === 'string' && scope.accounts.has(account))) &&
  (scope.regions === undefined || (typeof region === 'string' && scope.regions.has(region)));
