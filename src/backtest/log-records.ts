import { isAscii } from 'node:buffer';
import { mayHideProtoKey, tooDeep } from '../intake/json.js';
import { NotALogLayout } from './errors.js';

// A CloudTrail log file is one line, `{"Records":[{…},{…},…]}`. Parsed whole, its records stay
// alive together: every collection during the file copies them to the old generation, where
// they die later at the cost of a full collection. Parsed one at a time, each record dies young.
//
// Why the records found here are the ones JSON.parse of the whole file gives: JSON's grammar is
// unambiguous, so if the text between `{"Records":[` and `]}` is cut at commas into pieces that
// each parse as a JSON value on their own, those pieces are the array's elements, in order. A
// piece that ends early (inside a nested object) or late (past another record) is not a valid
// value, and JSON.parse refuses it. So any cut that parses is right; cuts are only guessed here.

const HEAD = Buffer.from('{"Records":[');
const SEPARATOR = Buffer.from('},{"');
const QUOTE = 0x22;

/**
 * How much failed parsing one file may cost, in bytes, as a multiple of its size: past it the
 * file is parsed whole. A record nesting thousands of objects could otherwise make every guess
 * fail and cost its length again.
 */
const WASTE_FACTOR = 2;

const isSpace = (byte: number | undefined): boolean =>
  byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/** Where the records lie: `[start, end)` from the first `{` to the last `}`, or undefined. */
export function recordSpan(bytes: Buffer): { start: number; end: number } | undefined {
  if (bytes.length < HEAD.length + 4 || bytes.compare(HEAD, 0, HEAD.length, 0, HEAD.length) !== 0)
    return undefined;
  let last = bytes.length;
  while (isSpace(bytes[last - 1])) last--;
  if (bytes[last - 1] !== 0x7d || bytes[last - 2] !== 0x5d) return undefined;
  const start = HEAD.length;
  const end = last - 2;
  return bytes[start] === 0x7b && bytes[end - 1] === 0x7d && end > start
    ? { start, end }
    : undefined;
}

/** One record found: its value and the separator after it (-1 for the last). */
interface Found {
  value: unknown;
  cut: number;
}

/** Cuts the records of one file out of its bytes, guessing where each ends. */
class RecordCutter {
  private readonly ascii: boolean;
  /** Asked of the whole file once, then of each record only if the file says yes. */
  private readonly mayHideProto: boolean;
  private budget: number;
  /**
   * The keys that began a record so far: a separator before one of them is likely a record's
   * end. CloudTrail begins every record with eventVersion; other writers order keys otherwise.
   */
  private readonly firstKeys = new Set(['eventVersion']);

  constructor(
    private readonly bytes: Buffer,
    private readonly end: number,
  ) {
    this.ascii = isAscii(bytes);
    this.mayHideProto = mayHideProtoKey(bytes);
    this.budget = WASTE_FACTOR * bytes.length;
  }

  /** The record that starts at `start`. */
  next(start: number): Found {
    let cut = this.separator(start);
    while (cut !== -1 && !this.firstKeys.has(this.keyAt(cut))) cut = this.separator(cut + 4);
    const value = this.parse(start, cut === -1 ? this.end : cut + 1);
    return value ? { value: value.value, cut } : this.tryEverySeparator(start);
  }

  /** The first piece from `start` to a separator (or the end) that parses is the record. */
  private tryEverySeparator(start: number): Found {
    for (let cut = this.separator(start); cut !== -1; cut = this.separator(cut + 4)) {
      const value = this.parse(start, cut + 1);
      if (value) {
        this.firstKeys.add(this.keyAt(cut));
        return { value: value.value, cut };
      }
    }
    const last = this.parse(start, this.end);
    if (!last) throw new NotALogLayout('a record is not valid JSON');
    return { value: last.value, cut: -1 };
  }

  private parse(a: number, b: number): { value: unknown } | undefined {
    const text = this.bytes.toString(this.ascii ? 'latin1' : 'utf8', a, b);
    try {
      const value: unknown = JSON.parse(text);
      // tooDeep drops them as it walks, as parseInParts does; the depth itself is asked again
      // of each record a playbook uses (process.ts).
      if (this.mayHideProto && mayHideProtoKey(text)) tooDeep(value);
      return { value };
    } catch {
      this.budget -= b - a;
      if (this.budget < 0) throw new NotALogLayout('too many records are not where expected');
      return undefined;
    }
  }

  private keyAt(separator: number): string {
    return this.bytes.toString('latin1', separator + 4, this.bytes.indexOf(QUOTE, separator + 4));
  }

  private separator(from: number): number {
    const at = this.bytes.indexOf(SEPARATOR, from);
    return at === -1 || at >= this.end ? -1 : at;
  }
}

/**
 * The records of a log file laid out as `recordSpan` found, parsed one by one, with `__proto__`
 * keys dropped as intake drops them (src/intake/json.ts). Throws NotALogLayout when a record
 * cannot be found: the caller then parses the whole text, which says what is wrong with it.
 *
 * @example for (const record of logRecords(bytes, span)) tally(record)
 */
export function* logRecords(
  bytes: Buffer,
  span: { start: number; end: number },
): Generator<unknown> {
  const cutter = new RecordCutter(bytes, span.end);
  for (let start = span.start; ; ) {
    const { value, cut } = cutter.next(start);
    yield value;
    if (cut === -1) return;
    start = cut + 2;
  }
}
