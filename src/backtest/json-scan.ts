// A JSON validator over bytes: where one value ends, and whether it is valid JSON (RFC 8259),
// without building it. A backtest asks this of every record of a log file: the few records a
// playbook may match are then parsed, the rest never are (src/backtest/log-records.ts).
//
// It must refuse exactly what JSON.parse refuses, or a record that does not parse would be
// counted as one: test/backtest/json-scan.test.ts holds it to JSON.parse over every corpus
// record and over random damage done to them. UTF-8 itself is checked once per file
// (read-text.ts), so bytes past ASCII are only string content here.

import {
  BACKSLASH,
  CLOSE_ARRAY,
  CLOSE_OBJECT,
  COLON,
  COMMA,
  JSON_SPACE,
  LETTER_F,
  LETTER_N,
  LETTER_T,
  OPEN_ARRAY,
  OPEN_OBJECT,
  QUOTE,
} from '../intake/json-bytes.js';

/** What `scan` gives when the value nests deeper than it tracks. */
export const TOO_DEEP = -2;
/** What `scan` gives when the bytes are not one valid JSON value. */
export const INVALID = -1;

/** What afterMember gives when a container ends. */
const CLOSED = -3;
/** How deep `scan` follows nesting; deeper values are left to JSON.parse. */
const MAX_SCAN_DEPTH = 1024;
/** How many members of the outer object are noted; past them `overflow` is set. */
const MAX_MEMBERS = 128;

/** The letters that may follow a backslash, `u` apart. */
const SIMPLE_ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') SIMPLE_ESCAPE[c.charCodeAt(0)] = 1;
const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;

const isDigit = (b: number | undefined): boolean => b !== undefined && b >= 0x30 && b <= 0x39;

/** The index after the escape at `at` (a backslash), or INVALID. */
function escapeEnd(bytes: Uint8Array, at: number): number {
  const e = bytes[at + 1] ?? 0;
  if (SIMPLE_ESCAPE[e] === 1) return at + 2;
  return e === 0x75 && hex4(bytes, at + 2) ? at + 6 : INVALID;
}

/** The end of the string whose opening quote is at `open` (after its closing quote), or INVALID. */
function stringEnd(bytes: Uint8Array, open: number, end: number): number {
  let i = open + 1;
  while (i < end) {
    const b = bytes[i] as number;
    if (b === QUOTE) return i + 1;
    if (b < 0x20) return INVALID;
    if (b === BACKSLASH) {
      i = escapeEnd(bytes, i);
      if (i < 0) return INVALID;
    } else {
      i++;
    }
  }
  return INVALID;
}

const hex4 = (bytes: Uint8Array, at: number): boolean =>
  HEX[bytes[at] ?? 0] === 1 &&
  HEX[bytes[at + 1] ?? 0] === 1 &&
  HEX[bytes[at + 2] ?? 0] === 1 &&
  HEX[bytes[at + 3] ?? 0] === 1;

/** The index after the digits from `at` (at least one), or INVALID. */
function digitsEnd(bytes: Uint8Array, at: number, end: number): number {
  if (at >= end || !isDigit(bytes[at])) return INVALID;
  let i = at + 1;
  while (i < end && isDigit(bytes[i])) i++;
  return i;
}

/** The end of the number starting at `at`, by RFC 8259's grammar, or INVALID. */
function numberEnd(bytes: Uint8Array, at: number, end: number): number {
  let i = bytes[at] === 0x2d ? at + 1 : at;
  // No leading zeros: `0` stands alone before a fraction or exponent.
  i = bytes[i] === 0x30 && i < end ? i + 1 : digitsEnd(bytes, i, end);
  if (i > 0 && i < end && bytes[i] === 0x2e) i = digitsEnd(bytes, i + 1, end);
  if (i > 0 && i < end && (bytes[i] === 0x65 || bytes[i] === 0x45)) {
    const sign = bytes[i + 1] === 0x2b || bytes[i + 1] === 0x2d;
    i = digitsEnd(bytes, sign ? i + 2 : i + 1, end);
  }
  return i;
}

/** The end of `word` (true, false, null) at `at`, or INVALID. */
function wordEnd(bytes: Uint8Array, at: number, end: number, word: Uint8Array): number {
  if (at + word.length > end) return INVALID;
  for (let k = 1; k < word.length; k++) if (bytes[at + k] !== word[k]) return INVALID;
  return at + word.length;
}

function skipSpace(bytes: Uint8Array, from: number, end: number): number {
  let i = from;
  while (i < end && JSON_SPACE[bytes[i] as number] === 1) i++;
  return i;
}

const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
const NULL = Buffer.from('null');

/**
 * Scans one JSON value at a time, noting where each member of an outer object lies: its key
 * between `keyStart[i]` and `keyEnd[i]` (inside the quotes), its value between `valueStart[i]`
 * and `valueEnd[i]`. Reused from record to record: it allocates nothing while it scans.
 *
 * @example const s = new JsonScanner(); s.scan(Buffer.from('{"a":1} '), 0, 8) // 7; s.members 1
 */
export class JsonScanner {
  readonly keyStart = new Int32Array(MAX_MEMBERS);
  readonly keyEnd = new Int32Array(MAX_MEMBERS);
  readonly valueStart = new Int32Array(MAX_MEMBERS);
  readonly valueEnd = new Int32Array(MAX_MEMBERS);
  /** Members of the outer object noted by the last scan (0 when it was not an object). */
  members = 0;
  /** Whether the outer object had more members than were noted. */
  overflow = false;
  /** Whether a key of the outer object is spelled with an escape (it may spell any name). */
  escapedKey = false;
  /** Per open container: 1 an object, 0 an array. */
  private readonly stack = new Uint8Array(MAX_SCAN_DEPTH);
  private depth = 0;
  /** Whether the last value read opened a container rather than ending. */
  private opened = false;

  /**
   * The end of the JSON value that starts at `start` (leading whitespace skipped), within
   * `end`: the index after it, INVALID when the bytes are not a valid value there, TOO_DEEP
   * when it nests deeper than this scanner follows.
   */
  scan(bytes: Uint8Array, start: number, end: number): number {
    this.members = 0;
    this.overflow = false;
    this.escapedKey = false;
    this.depth = 0;
    let i = start;
    for (;;) {
      i = this.value(bytes, i, end);
      if (i < 0) return i;
      if (this.opened) continue;
      i = this.close(bytes, i, end);
      if (i < 0 || this.depth === 0) return i;
    }
  }

  /**
   * The value expected at `from`: a scalar read whole, or a container opened (`opened`, and
   * for an object its first key read). The index after what was read, or INVALID or TOO_DEEP.
   */
  private value(bytes: Uint8Array, from: number, end: number): number {
    const i = skipSpace(bytes, from, end);
    if (i >= end) return INVALID;
    if (this.depth === 1 && this.stack[0] === 1) this.noteValueStart(i);
    const b = bytes[i] as number;
    this.opened = false;
    if (b === OPEN_OBJECT || b === OPEN_ARRAY) return this.open(bytes, i, end, b === OPEN_OBJECT);
    if (b === QUOTE) return stringEnd(bytes, i, end);
    if (b === LETTER_T) return wordEnd(bytes, i, end, TRUE);
    if (b === LETTER_F) return wordEnd(bytes, i, end, FALSE);
    if (b === LETTER_N) return wordEnd(bytes, i, end, NULL);
    return numberEnd(bytes, i, end);
  }

  /** A container at `at`: read whole when empty, else opened, with an object's first key. */
  private open(bytes: Uint8Array, at: number, end: number, object: boolean): number {
    const i = skipSpace(bytes, at + 1, end);
    if (bytes[i] === (object ? CLOSE_OBJECT : CLOSE_ARRAY) && i < end) return i + 1;
    if (this.depth === MAX_SCAN_DEPTH) return TOO_DEEP;
    this.stack[this.depth++] = object ? 1 : 0;
    this.opened = true;
    return object ? this.key(bytes, i, end) : i;
  }

  /**
   * After a value that ended at `from`: the containers it completes closed, then past the comma
   * (and key) before the next value. The index there, the end when the outer value is done
   * (depth 0), or INVALID.
   */
  private close(bytes: Uint8Array, from: number, end: number): number {
    let i = from;
    for (;;) {
      if (this.depth === 1 && this.stack[0] === 1) this.noteValueEnd(i);
      if (this.depth === 0) return i;
      i = skipSpace(bytes, i, end);
      const next = this.afterMember(bytes, i, end);
      if (next !== CLOSED) return next;
      i++;
    }
  }

  /** At `i`, a comma (the index after it and any key) or the container's end (CLOSED). */
  private afterMember(bytes: Uint8Array, i: number, end: number): number {
    if (i >= end) return INVALID;
    const inObject = this.stack[this.depth - 1] === 1;
    const c = bytes[i];
    if (c === COMMA) return inObject ? this.key(bytes, i + 1, end) : i + 1;
    if (c !== (inObject ? CLOSE_OBJECT : CLOSE_ARRAY)) return INVALID;
    this.depth--;
    return CLOSED;
  }

  /** A key and its colon, from `from` (whitespace first); the index after the colon, or INVALID. */
  private key(bytes: Uint8Array, from: number, end: number): number {
    const i = skipSpace(bytes, from, end);
    if (bytes[i] !== QUOTE || i >= end) return INVALID;
    const outer = this.depth === 1;
    const close = outer ? this.outerKeyEnd(bytes, i, end) : stringEnd(bytes, i, end);
    if (close < 0) return INVALID;
    if (outer) this.noteKey(i + 1, close - 1);
    const colon = skipSpace(bytes, close, end);
    return bytes[colon] === COLON && colon < end ? colon + 1 : INVALID;
  }

  /** stringEnd for a key of the outer object, noting whether it has an escape. */
  private outerKeyEnd(bytes: Uint8Array, open: number, end: number): number {
    let i = open + 1;
    while (i < end) {
      const b = bytes[i] as number;
      if (b === QUOTE) return i + 1;
      if (b === BACKSLASH) {
        this.escapedKey = true;
        break;
      }
      if (b < 0x20) return INVALID;
      i++;
    }
    return stringEnd(bytes, open, end);
  }

  private noteKey(start: number, end: number): void {
    if (this.members === MAX_MEMBERS) {
      this.overflow = true;
      return;
    }
    this.keyStart[this.members] = start;
    this.keyEnd[this.members] = end;
  }

  private noteValueStart(at: number): void {
    if (this.members < MAX_MEMBERS) this.valueStart[this.members] = at;
  }

  private noteValueEnd(at: number): void {
    if (this.members < MAX_MEMBERS) this.valueEnd[this.members++] = at;
  }
}
