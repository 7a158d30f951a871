import { describeError } from './aws-errors.js';

/** What one check found: in place, missing (with the command that fixes it), or not checkable. */
export type Status = 'ok' | 'gap' | 'unknown';

export interface Finding {
  /** Where: `account`, a Region such as `eu-west-1`, or `organization`. */
  scope: string;
  /** What was checked, short: `stack`, `rules`, `guardduty`, `member role`, ... */
  check: string;
  status: Status;
  detail: string;
  /** For a gap: what to run or change; for an unknown: what access the check needs. */
  fix?: string;
}

export const ok = (scope: string, check: string, detail: string): Finding => ({
  scope,
  check,
  status: 'ok',
  detail,
});

export const gap = (scope: string, check: string, detail: string, fix: string): Finding => ({
  scope,
  check,
  status: 'gap',
  detail,
  fix,
});

export const unknown = (scope: string, check: string, detail: string, fix: string): Finding => ({
  scope,
  check,
  status: 'unknown',
  detail,
  fix,
});

/** A check the caller may not (or cannot) make: what failed, and what access it needs. */
export const notChecked = (scope: string, check: string, error: unknown, need: string): Finding =>
  unknown(scope, check, `could not check: ${describeError(error)}`, `allow the caller ${need}`);

/** `a, b and 3 more`: long account lists stay one line. */
export function listed(items: readonly string[], max = 8): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
