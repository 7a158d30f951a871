// JSON's structural characters as byte (and UTF-16 code unit) values, for the code that reads
// JSON off its text or bytes without parsing it: intake's depth check (json.ts), the
// backtest's scanner (backtest/json-scan.ts) and its log-record reader (backtest/log-records.ts).

export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const COLON = 0x3a;
export const COMMA = 0x2c;
export const OPEN_OBJECT = 0x7b;
export const CLOSE_OBJECT = 0x7d;
export const OPEN_ARRAY = 0x5b;
export const CLOSE_ARRAY = 0x5d;
/** The first letters of `true`, `false` and `null`. */
export const LETTER_T = 0x74;
export const LETTER_F = 0x66;
export const LETTER_N = 0x6e;

/** By byte: 1 for JSON's four whitespace characters (RFC 8259, section 2). */
export const JSON_SPACE = new Uint8Array(256);
for (const b of [0x20, 0x0a, 0x0d, 0x09]) JSON_SPACE[b] = 1;

export const isJsonSpace = (byte: number | undefined): boolean =>
  byte !== undefined && JSON_SPACE[byte] === 1;
