import { checkEnvelope as parseEnvelope } from '../event/envelope.js';
import {
  isHeldBackAsReadOnly,
  looksLikeCloudTrailRecord,
  wrapCloudTrailRecord,
} from './cloudtrail.js';
import { IntakeError, oneLine } from './errors.js';
import { isJsonObject, type JsonObject, jsonType } from './fields.js';
import { looksLikeGuardDutyFinding, wrapGuardDutyFinding } from './guardduty.js';
import type { IntakeItem } from './types.js';

const ENVELOPE_REQUIRED = ['id', 'detail-type', 'source', 'account', 'time', 'region'] as const;

/**
 * Turns one parsed JSON document into items: an EventBridge event is checked
 * and kept, a raw GuardDuty finding or CloudTrail record is wrapped as
 * EventBridge would deliver it, a CloudTrail log file (`{"Records": [...]}`)
 * or a top-level array gives one item per element (`source#<index>`), and
 * anything else is an `error` item saying what it looks like. Never throws.
 *
 * @example
 * classify({ Records: [apiCall, listCall] }, 'trail.json')
 * // [{ kind: 'event', source: 'trail.json#0', origin: 'cloudtrail-record', event: {...} },
 * //  { kind: 'skipped', source: 'trail.json#1', reason: 'read-only' }]
 */
export function classify(
  value: unknown,
  source: string,
  options: ClassifyOptions = {},
): IntakeItem[] {
  try {
    return classifyValue(value, source, options);
  } catch (error) {
    // The wrappers throw IntakeError; anything else is a bug, but bad input
    // must still come out as an item rather than end the whole replay.
    return [{ kind: 'error', source, error: oneLine(reasonOf(error)) }];
  }
}

/** See ReadOptions.readOnly. */
export interface ClassifyOptions {
  readOnly?: boolean;
}

function classifyValue(value: unknown, source: string, options: ClassifyOptions): IntakeItem[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [errorItem(source, 'empty JSON array: no events')];
    return value.flatMap((element, index) => classify(element, `${source}#${index}`, options));
  }
  if (!isJsonObject(value)) return [errorItem(source, `not an event: ${describe(value)}`)];
  if (Object.hasOwn(value, 'Records')) return classifyLogFile(value, source, options);
  if (looksLikeEnvelope(value)) return [checkEnvelope(value, source)];
  if (looksLikeGuardDutyFinding(value)) {
    return [
      { kind: 'event', source, event: wrapGuardDutyFinding(value), origin: 'guardduty-finding' },
    ];
  }
  if (looksLikeCloudTrailRecord(value)) return [wrapRecord(value, source, options)];
  return [
    errorItem(
      source,
      `not an EventBridge event, GuardDuty finding or CloudTrail record: ${describe(value)}`,
    ),
  ];
}

function classifyLogFile(log: JsonObject, source: string, options: ClassifyOptions): IntakeItem[] {
  const records = log.Records;
  if (!Array.isArray(records)) {
    return [
      errorItem(source, `not a CloudTrail log file: Records is ${article(jsonType(records))}`),
    ];
  }
  if (records.length === 0) return [errorItem(source, 'CloudTrail log file with no Records')];
  return records.map((record, index) => {
    const recordSource = `${source}#${index}`;
    if (!isJsonObject(record)) {
      return errorItem(recordSource, `not a CloudTrail record: ${describe(record)}`);
    }
    try {
      return wrapRecord(record, recordSource, options);
    } catch (error) {
      return errorItem(recordSource, reasonOf(error));
    }
  });
}

function wrapRecord(record: JsonObject, source: string, options: ClassifyOptions): IntakeItem {
  if (options.readOnly && isHeldBackAsReadOnly(record)) {
    const event = wrapCloudTrailRecord(record, { includeReadOnly: true });
    if (event !== 'read-only') {
      return { kind: 'event', source, event, origin: 'cloudtrail-record', readOnly: true };
    }
  }
  const wrapped = wrapCloudTrailRecord(record);
  if (wrapped === 'read-only') return { kind: 'skipped', source, reason: 'read-only' };
  return { kind: 'event', source, event: wrapped, origin: 'cloudtrail-record' };
}

// `detail-type` is EventBridge's own; `source` + `detail` together are too
// (CloudTrail records say `eventSource`, findings have neither).
const looksLikeEnvelope = (value: JsonObject): boolean =>
  Object.hasOwn(value, 'detail-type') ||
  (Object.hasOwn(value, 'source') && Object.hasOwn(value, 'detail'));

function checkEnvelope(value: JsonObject, source: string): IntakeItem {
  const missing = ENVELOPE_REQUIRED.filter((key) => !Object.hasOwn(value, key));
  if (missing.length > 0) {
    return errorItem(source, `not an EventBridge event: missing ${missing.join(', ')}`);
  }
  const parsed = parseEnvelope(value);
  if (parsed.success) return { kind: 'event', source, event: parsed.data, origin: 'eventbridge' };
  const problems = parsed.problems.map((issue) => {
    const field = issue.path.map(String).join('.') || 'event';
    if (issue.code === 'invalid_type') {
      const actual = jsonType(fieldValue(value, issue.path));
      return `${field} must be ${article(issue.expected === 'record' ? 'object' : issue.expected)}, not ${actual}`;
    }
    return `${field} must not be empty`;
  });
  return errorItem(source, `not an EventBridge event: ${problems.join('; ')}`);
}

function fieldValue(value: JsonObject, path: readonly PropertyKey[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    if (!isJsonObject(current) && !Array.isArray(current)) return undefined;
    current = Object.hasOwn(current, key)
      ? (current as Record<PropertyKey, unknown>)[key]
      : undefined;
  }
  return current;
}

/** What a JSON value looks like, in a few words, for messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length} items`;
  switch (typeof value) {
    case 'string':
      return `a string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case 'number':
    case 'boolean':
      return `a ${typeof value} (${String(value)})`;
    case 'object': {
      const keys = Object.keys(value as object);
      if (keys.length === 0) return 'an empty object';
      const shown = keys.slice(0, 6).join(', ');
      return `an object with keys ${shown}${keys.length > 6 ? `, … (${keys.length} keys)` : ''}`;
    }
    default:
      return typeof value;
  }
}

const article = (type: string): string => {
  if (type === 'null') return type;
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
};

const reasonOf = (error: unknown): string =>
  error instanceof IntakeError
    ? error.message
    : `internal error while reading the input: ${error instanceof Error ? error.message : String(error)}`;

const errorItem = (source: string, error: string): IntakeItem => ({
  kind: 'error',
  source,
  error: oneLine(error),
});
