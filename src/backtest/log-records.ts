import { isAscii } from 'node:buffer';
import type { JsonObject } from '../intake/fields.js';
import { mayHideProtoKey, tooDeep } from '../intake/json.js';
import {
  BACKSLASH,
  CLOSE_ARRAY,
  CLOSE_OBJECT,
  COMMA,
  isJsonSpace,
  LETTER_F,
  LETTER_N,
  LETTER_T,
  OPEN_OBJECT,
  QUOTE,
} from '../intake/json-bytes.js';
import { NotALogLayout } from './errors.js';
import { INVALID, JsonScanner, TOO_DEEP } from './json-scan.js';

// A CloudTrail log file is one line, `{"Records":[{…},{…},…]}`. Parsed whole, its records stay
// alive together: every collection during the file copies them to the old generation, where
// they die later at the cost of a full collection. Read one at a time, each record dies young;
// and most are never parsed at all. A scanner (json-scan.ts) finds where each record ends and
// checks that it is valid JSON, as JSON.parse of the whole file would, and notes where its top
// fields lie; a record is parsed only when its top fields leave it to be (process.ts).

const HEAD = Buffer.from('{"Records":[');

/** Where the records lie: `[start, end)` from the first `{` to the last `}`, or undefined. */
export function recordSpan(bytes: Buffer): { start: number; end: number } | undefined {
  if (bytes.length < HEAD.length + 4 || bytes.compare(HEAD, 0, HEAD.length, 0, HEAD.length) !== 0)
    return undefined;
  let last = bytes.length;
  while (isJsonSpace(bytes[last - 1])) last--;
  if (bytes[last - 1] !== CLOSE_OBJECT || bytes[last - 2] !== CLOSE_ARRAY) return undefined;
  const start = HEAD.length;
  const end = last - 2;
  return bytes[start] === OPEN_OBJECT && bytes[end - 1] === CLOSE_OBJECT && end > start
    ? { start, end }
    : undefined;
}

/** One record of a log file: its top fields, and the whole of it on demand. */
export interface LogRecord {
  /**
   * The record's top-level fields among those asked for, as JSON.parse would give them; only
   * those present. Undefined when they cannot stand for it: the record is not an object, or
   * one of them is not a string, boolean or null, or is spelled with an escape, or twice.
   */
  readonly top: JsonObject | undefined;
  /** The record parsed, `__proto__` keys dropped as intake drops them (src/intake/json.ts). */
  value(): unknown;
}

/** The names asked for, as bytes, by length: a key is compared only with names as long. */
function namesByLength(names: readonly string[]): { name: string; bytes: Buffer }[][] {
  const byLength: { name: string; bytes: Buffer }[][] = [];
  for (const name of names) {
    const bytes = Buffer.from(name, 'latin1');
    byLength[bytes.length] = [...(byLength[bytes.length] ?? []), { name, bytes }];
  }
  return byLength;
}

const hasByte = (bytes: Buffer, from: number, to: number, byte: number): boolean => {
  for (let i = from; i < to; i++) if (bytes[i] === byte) return true;
  return false;
};

const sameBytes = (a: Buffer, b: Buffer, at: number): boolean => {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[at + k]) return false;
  return true;
};

class ScannedRecord implements LogRecord {
  constructor(
    private readonly file: RecordReader,
    private readonly start: number,
    private readonly end: number,
    readonly top: JsonObject | undefined,
  ) {}

  value(): unknown {
    return this.file.parse(this.start, this.end);
  }
}

/** Reads the records of one file off its bytes. */
class RecordReader {
  private readonly scanner = new JsonScanner();
  private readonly encoding: 'latin1' | 'utf8';
  /** Asked of the whole file once, then of each record only if the file says yes. */
  private readonly mayHideProto: boolean;
  private readonly names: { name: string; bytes: Buffer }[][];

  constructor(
    private readonly bytes: Buffer,
    names: readonly string[],
  ) {
    this.encoding = isAscii(bytes) ? 'latin1' : 'utf8';
    this.mayHideProto = mayHideProtoKey(bytes);
    this.names = namesByLength(names);
  }

  /** The record at `start` and where the next one begins (-1 after the last). */
  next(start: number, end: number): { record: ScannedRecord; next: number } {
    const at = this.scanner.scan(this.bytes, start, end);
    if (at === INVALID) throw new NotALogLayout('a record is not valid JSON');
    if (at === TOO_DEEP) throw new NotALogLayout('a record nests too deep to be read alone');
    let i = at;
    while (isJsonSpace(this.bytes[i])) i++;
    if (i < end && this.bytes[i] !== COMMA) throw new NotALogLayout('records are not a list');
    return {
      record: new ScannedRecord(this, start, at, this.topFields()),
      next: i < end ? i + 1 : -1,
    };
  }

  parse(start: number, end: number): unknown {
    const text = this.bytes.toString(this.encoding, start, end);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      // The scanner let through what JSON.parse refuses: the whole text is parsed instead,
      // and says what is wrong with it.
      throw new NotALogLayout('a record the scanner read is not valid JSON');
    }
    // tooDeep drops them as it walks, as parseInParts does; the depth itself is asked again
    // of each record a playbook uses (process.ts).
    if (this.mayHideProto && mayHideProtoKey(text)) tooDeep(value);
    return value;
  }

  /** The asked-for top fields of the record just scanned, or undefined (see LogRecord.top). */
  private topFields(): JsonObject | undefined {
    const { scanner } = this;
    if (this.names.length === 0 || scanner.members === 0) return undefined;
    // An escaped key may spell an asked-for name.
    if (scanner.overflow || scanner.escapedKey) return undefined;
    const top: JsonObject = {};
    for (let m = 0; m < scanner.members; m++) {
      const name = this.nameAt(scanner.keyStart[m] as number, scanner.keyEnd[m] as number);
      if (name === undefined) continue;
      if (Object.hasOwn(top, name)) return undefined;
      const value = this.scalarAt(scanner.valueStart[m] as number, scanner.valueEnd[m] as number);
      if (value === NOT_SCALAR) return undefined;
      top[name] = value;
    }
    return top;
  }

  private nameAt(ks: number, ke: number): string | undefined {
    const candidates = this.names[ke - ks];
    if (candidates === undefined) return undefined;
    for (const { name, bytes } of candidates) if (sameBytes(bytes, this.bytes, ks)) return name;
    return undefined;
  }

  /** A string without escapes, true, false or null; NOT_SCALAR for anything else. */
  private scalarAt(vs: number, ve: number): unknown {
    const b = this.bytes[vs];
    if (b === QUOTE) {
      return hasByte(this.bytes, vs + 1, ve - 1, BACKSLASH)
        ? NOT_SCALAR
        : this.bytes.toString(this.encoding, vs + 1, ve - 1);
    }
    if (b === LETTER_T) return true;
    if (b === LETTER_F) return false;
    if (b === LETTER_N) return null;
    return NOT_SCALAR;
  }
}

const NOT_SCALAR = Symbol('not a scalar');

/**
 * The records of a log file laid out as `recordSpan` found, one by one, each with the top
 * fields named in `topFields`. Throws NotALogLayout when the records are not valid JSON or not
 * a list of values: the caller then parses the whole text, which says what is wrong with it.
 *
 * @example for (const r of logRecords(bytes, span, ['eventName'])) if (r.top?.eventName === 'StopLogging') use(r.value())
 */
export function* logRecords(
  bytes: Buffer,
  span: { start: number; end: number },
  topFields: readonly string[] = [],
): Generator<LogRecord> {
  const reader = new RecordReader(bytes, topFields);
  for (let start = span.start; start !== -1; ) {
    const { record, next } = reader.next(start, span.end);
    yield record;
    start = next;
  }
}
