// ISO 8601 date-times as CloudTrail and GuardDuty write them, plus the
// "2025-02-25 20:40:06.721" form some SIEM exports use (space, no zone).
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/i;

// Epoch numbers below this are seconds, above it milliseconds: 1e11 seconds
// is the year 5138, 1e11 milliseconds is 1973.
const SECONDS_BELOW = 1e11;

/** The number the ASCII digits at `at` … `at + n - 1` spell (the caller checked they are digits). */
const digits = (text: string, at: number, n: number): number => {
  let value = 0;
  for (let i = at; i < at + n; i++) value = value * 10 + text.charCodeAt(i) - 0x30;
  return value;
};

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether `yyyy-mm-ddThh:mm:ssZ` names a second that exists (no 30 February, no 24:00). */
function isRealSecond(text: string): boolean {
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  return (
    day <= days && digits(text, 11, 2) < 24 && digits(text, 14, 2) < 60 && digits(text, 17, 2) < 60
  );
}

/** EventBridge's own format (and CloudTrail's): UTC, whole seconds, `Z`. */
const CANONICAL = /^[1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/**
 * The timestamp in EventBridge's `time` format (UTC, whole seconds, `Z`), or
 * `undefined` when the value is not a timestamp. A string without a zone is
 * taken as UTC; a number is epoch seconds or milliseconds.
 *
 * @example toEventBridgeTime('2017-10-31T23:16:23.824Z') // '2017-10-31T23:16:23Z'
 */
export function toEventBridgeTime(value: unknown): string | undefined {
  // CloudTrail already writes this form: only check that it names a real second.
  if (typeof value === 'string' && CANONICAL.test(value) && isRealSecond(value)) return value;
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
