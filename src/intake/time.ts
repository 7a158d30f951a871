// ISO 8601 date-times as CloudTrail and GuardDuty write them, plus the
// "2025-02-25 20:40:06.721" form some SIEM exports use (space, no zone).
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/i;

// Epoch numbers below this are seconds, above it milliseconds: 1e11 seconds
// is the year 5138, 1e11 milliseconds is 1973.
const SECONDS_BELOW = 1e11;

/**
 * The timestamp in EventBridge's `time` format (UTC, whole seconds, `Z`), or
 * `undefined` when the value is not a timestamp. A string without a zone is
 * taken as UTC; a number is epoch seconds or milliseconds.
 *
 * @example toEventBridgeTime('2017-10-31T23:16:23.824Z') // '2017-10-31T23:16:23Z'
 */
export function toEventBridgeTime(value: unknown): string | undefined {
  let millis: number;
  if (typeof value === 'string') {
    const text = value.trim();
    const match = DATE_TIME.exec(text);
    if (!match) return undefined;
    const iso = text.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
    millis = Date.parse(match[2] ? iso : `${iso}Z`);
  } else if (typeof value === 'number' && Number.isFinite(value)) {
    millis = value < SECONDS_BELOW ? value * 1000 : value;
  } else {
    return undefined;
  }
  const date = new Date(millis);
  const year = date.getUTCFullYear();
  if (Number.isNaN(millis) || Number.isNaN(year) || year < 1 || year > 9999) return undefined;
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
