// What a CloudTrail record's top-level fields alone can rule out. A backtest reads a few top
// fields of every record off its bytes (log-records.ts) and parses it only when some playbook
// may still match it: most records of an archive are of services no playbook names.
//
// Why that never drops a match: an EventBridge pattern is a conjunction of its fields' tests
// (and of its `$or`), so the same pattern with some fields left out is matched by every event
// the whole pattern matches. The sieve keeps, of each playbook's `match`, the tests of the
// envelope fields that wrapCloudTrailRecord computes from the top fields, and of those top
// fields under `detail`; each has the same value in the record read whole.
import { compileMachine, compilePattern, type PatternMachine } from '../match/index.js';
import type { Playbook } from '../playbook/index.js';

/**
 * The top-level fields of a record that are read off its bytes: every field that scope
 * (scope.ts), read-only delivery (isHeldBackAsReadOnly) and wrapping (wrapCloudTrailRecord)
 * look at, so that all three say of them what they say of the record read whole.
 */
export const TOP_FIELDS = [
  'eventVersion',
  'eventType',
  'eventCategory',
  'managementEvent',
  'readOnly',
  'eventSource',
  'eventName',
  'eventTime',
  'awsRegion',
  'recipientAccountId',
] as const;

/** The envelope fields wrapCloudTrailRecord makes out of TOP_FIELDS alone. */
const ENVELOPE_FIELDS = ['source', 'detail-type', 'account', 'region', 'time'] as const;

type PatternObject = Record<string, unknown>;

const isObject = (value: unknown): value is PatternObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The tests of `fields` in `pattern` (leaf lists only), or undefined when none is left. */
function keep(pattern: PatternObject, fields: readonly string[]): PatternObject | undefined {
  const kept: PatternObject = {};
  for (const field of fields) {
    const test = Object.hasOwn(pattern, field) ? pattern[field] : undefined;
    if (Array.isArray(test)) kept[field] = test;
  }
  return Object.keys(kept).length > 0 ? kept : undefined;
}

/** A `match` pattern cut down to what the top fields decide, or undefined when nothing is. */
function cutDown(pattern: unknown): PatternObject | undefined {
  if (!isObject(pattern)) return undefined;
  const envelope = keep(pattern, ENVELOPE_FIELDS);
  const detail = isObject(pattern.detail) ? keep(pattern.detail, TOP_FIELDS) : undefined;
  if (envelope === undefined && detail === undefined) return undefined;
  return { ...envelope, ...(detail ? { detail } : {}) };
}

/**
 * A machine of every playbook's `match` cut down to the top fields: an event wrapped from a
 * record's top fields that it does not match is matched by no playbook when read whole.
 * Undefined when some playbook's `match` tests none of them (then every record is read).
 *
 * @example sieveOf(playbooks)?.matching(wrapCloudTrailRecord(top)).length === 0 // skip it
 */
export function sieveOf(playbooks: readonly Playbook[]): PatternMachine | undefined {
  const cut = playbooks.map((p) => cutDown(p.match.source));
  if (cut.some((pattern) => pattern === undefined)) return undefined;
  return compileMachine(cut.map((pattern) => compilePattern(pattern)));
}
