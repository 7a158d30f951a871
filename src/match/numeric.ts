/**
 * EventBridge compares numbers as exact decimals between -5.0e9 and +5.0e9 with at most six
 * digits after the decimal point (event-ruler's ComparableNumber). Inside those bounds a value
 * is an integer count of millionths no larger than 5e15, which a double holds exactly, so all
 * comparisons here are exact integer comparisons.
 */

const FIVE_BILLION_MICROS = 5e15;
const MAX_DECIMALS = 6;

/** Why a decimal text is not comparable; doubles as the AWS reason text. */
export const NUMERIC_RANGE_REASON = 'Value must be between -5.0E9 and 5.0E9, inclusive';
export const NUMERIC_PRECISION_REASON = 'Only values upto 6 decimals are supported';

export type Micros = { ok: true; micros: number } | { ok: false; reason: string };

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Converts decimal text (JSON number syntax, or JavaScript's `String(number)`) to millionths.
 *
 * @example
 * toMicros('301.8'); // { ok: true, micros: 301800000 }
 * toMicros('1e10');  // { ok: false, reason: NUMERIC_RANGE_REASON }
 */
export const toMicros = (text: string): Micros => {
  const m = DECIMAL.exec(text);
  const digitsText = `${m?.[2] ?? ''}${m?.[3] ?? ''}`;
  if (m === null || digitsText === '') return { ok: false, reason: 'Not a number' };
  const exponentText = m[4] ?? '0';
  const negative = m[1] === '-';
  if (!/[1-9]/.test(digitsText)) return { ok: true, micros: 0 };
  // Exponents this large can only describe a value out of range or far too precise.
  if (exponentText.replace(/^[+-]?0*/, '').length > 9) {
    return fault(exponentText.startsWith('-') ? NUMERIC_PRECISION_REASON : NUMERIC_RANGE_REASON);
  }
  return scaled(digitsText, Number.parseInt(exponentText, 10) - (m[3] ?? '').length, negative);
};

const fault = (reason: string): Micros => ({ ok: false, reason });

/** `digits × 10^exponent` in millionths, with BigDecimal's checks in BigDecimal's order. */
const scaled = (digitsText: string, exponent: number, negative: boolean): Micros => {
  const trimmed = digitsText.replace(/^0+/, '');
  const digits = trimmed.replace(/0+$/, '');
  const scale = -(exponent + trimmed.length - digits.length);
  // stripTrailingZeros().scale() > 6 is checked before the range.
  if (scale > MAX_DECIMALS) return fault(NUMERIC_PRECISION_REASON);
  const shift = MAX_DECIMALS - scale;
  if (digits.length + shift > 16) return fault(NUMERIC_RANGE_REASON);
  const magnitude = Number(digits) * 10 ** shift;
  if (magnitude > FIVE_BILLION_MICROS) return fault(NUMERIC_RANGE_REASON);
  return { ok: true, micros: negative ? -magnitude : magnitude };
};

/**
 * Millionths of a JavaScript number from an event, or null when EventBridge would not treat
 * it as comparable. `String(n)` is the shortest text that round-trips, which is what a JSON
 * serializer writes for the value.
 *
 * @example
 * numberToMicros(300); // 300000000
 */
export const numberToMicros = (n: number): number | null => {
  // Whole numbers within the bounds are exact in millionths too (5e15 < 2^53); + 0 makes -0 0.
  if (Number.isInteger(n) && n <= 5e9 && n >= -5e9) return n * 1e6 + 0;
  if (!Number.isFinite(n)) return null;
  const result = toMicros(String(n));
  return result.ok ? result.micros : null;
};

/** A numeric match compiled to bounds in millionths. */
export interface NumericRange {
  readonly low: number;
  readonly lowOpen: boolean;
  readonly high: number;
  readonly highOpen: boolean;
}

export const MIN_MICROS = -FIVE_BILLION_MICROS;
export const MAX_MICROS = FIVE_BILLION_MICROS;

/**
 * @example
 * inRange({ low: 0, lowOpen: true, high: 5e6, highOpen: false }, 3e6); // true
 */
export const inRange = (range: NumericRange, micros: number): boolean =>
  (range.lowOpen ? micros > range.low : micros >= range.low) &&
  (range.highOpen ? micros < range.high : micros <= range.high);
