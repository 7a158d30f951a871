import { AffixTrie, foldAscii, isAscii } from './affix-trie.js';
import type { IpBytes, IpRange } from './cidr.js';
import type { ValueTest } from './compile.js';
import type { EventValue } from './event-value.js';
import { IntervalIndex } from './intervals.js';
import { addressKey, type ValueShape } from './shape.js';

/** One distinct value test of a field and every target that it leads to. */
interface Entry<T> {
  readonly test: (value: EventValue) => boolean;
  readonly targets: T[];
  /**
   * Where the entry is found says all its test would: an exact value found by that value, an
   * affix found by walking it, a range by its bounds. Only wildcards (found by a literal end)
   * and scanned tests must still run.
   */
  exact: boolean;
}

/** Shapes whose place in the index decides them exactly (see Entry.exact). */
const DECIDED_BY_PLACE = new Set([
  'string',
  'address',
  'number',
  'literal',
  'scalar',
  'equals-ignore-case',
  'prefix',
  'suffix',
  'range',
  'cidr',
]);

const hexOf = (bytes: IpBytes): string => {
  let hex = '';
  for (const b of bytes) hex += (b < 16 ? '0' : '') + b.toString(16);
  return hex;
};

const ipv4Number = (bytes: IpBytes): number =>
  (((bytes[0] ?? 0) << 24) >>> 0) +
  ((bytes[1] ?? 0) << 16) +
  ((bytes[2] ?? 0) << 8) +
  (bytes[3] ?? 0);

const push = <K, T>(map: Map<K, Entry<T>[]>, key: K, entry: Entry<T>): void => {
  const list = map.get(key);
  if (list === undefined) map.set(key, [entry]);
  else list.push(entry);
};

/**
 * Every value test that many patterns apply to one field, shared: exact values in maps,
 * prefixes and suffixes in tries, numeric ranges and CIDR blocks in interval indexes, and
 * only what has no order (anything-but, exists, wildcards without a literal end, non-ASCII
 * equals-ignore-case) scanned. A lookup finds the candidate tests, and each candidate's own
 * test decides, so the index can only ever make matching faster, never different.
 */
export class ValueIndex<T> {
  private readonly byText = new Map<string, Entry<T>>();
  /**
   * Exact strings: the targets themselves (the entry's own list), one lookup and no test. A
   * walk asks this of nearly every value, and each object it goes through may be a cache miss.
   */
  private readonly exactStrings = new Map<string, T[]>();
  /** Single-segment wildcards, found by their text and then tested. */
  private readonly strings = new Map<string, Entry<T>[]>();
  private readonly folded = new Map<string, Entry<T>[]>();
  private readonly addresses = new Map<string, Entry<T>[]>();
  private readonly numbers = new Map<number, Entry<T>[]>();
  private readonly literals = new Map<number, Entry<T>[]>();
  private readonly scalars = new Map<boolean | null, Entry<T>[]>();
  private readonly prefixes = new AffixTrie<Entry<T>>(false, false);
  private readonly suffixes = new AffixTrie<Entry<T>>(true, false);
  private readonly foldedPrefixes = new AffixTrie<Entry<T>>(false, true);
  private readonly foldedSuffixes = new AffixTrie<Entry<T>>(true, true);
  private readonly ranges = new IntervalIndex<number, Entry<T>>();
  private readonly ipv4 = new IntervalIndex<number, Entry<T>>();
  private readonly ipv6 = new IntervalIndex<string, Entry<T>>();
  private readonly scans: Entry<T>[] = [];
  private readonly tries = [this.prefixes, this.suffixes, this.foldedPrefixes, this.foldedSuffixes];
  /** The tries that hold something: undefined until first asked (tries fill while building). */
  private liveTries: AffixTrie<Entry<T>>[] | undefined;
  private hasStrings = false;
  private hasScans = false;
  private needsAddress = false;
  private needsFold = false;

  /** Adds one test of a field leading to `target`; equal tests share one entry. */
  add(value: ValueTest, target: T): void {
    this.liveTries = undefined;
    const existing = this.byText.get(value.text);
    if (existing !== undefined) {
      if (!existing.targets.includes(target)) existing.targets.push(target);
      return;
    }
    const entry: Entry<T> = { test: value.test, targets: [target], exact: false };
    this.byText.set(value.text, entry);
    this.place(value, entry);
  }

  private place({ shape }: ValueTest, entry: Entry<T>): void {
    if (this.placeExact(shape, entry) || this.placeOrdered(shape, entry)) {
      entry.exact = DECIDED_BY_PLACE.has(shape.kind);
    } else {
      this.scans.push(entry);
      this.hasScans = true;
    }
  }

  /** Exact values: one map lookup each. */
  private placeExact(shape: ValueShape, entry: Entry<T>): boolean {
    switch (shape.kind) {
      case 'string':
        // One entry per text (byText), and an exact string's text is its canonical JSON
        // (jsonNodeToText), however a pattern escapes it: the entry's targets are the string's.
        this.exactStrings.set(shape.text, entry.targets);
        return true;
      case 'address':
        this.needsAddress = true;
        push(this.addresses, shape.key, entry);
        return true;
      case 'number':
        push(this.numbers, shape.micros, entry);
        return true;
      case 'literal':
        push(this.literals, shape.value, entry);
        return true;
      case 'scalar':
        push(this.scalars, shape.value, entry);
        return true;
      case 'equals-ignore-case':
        if (!isAscii(shape.text)) return false;
        this.needsFold = true;
        push(this.folded, shape.text.toLowerCase(), entry);
        return true;
      default:
        return false;
    }
  }

  /** Affixes in tries, ranges in interval indexes. */
  private placeOrdered(shape: ValueShape, entry: Entry<T>): boolean {
    switch (shape.kind) {
      case 'prefix':
      case 'suffix':
        if (shape.ignoreCase && !isAscii(shape.text)) return false;
        this.trieFor(shape.kind, shape.ignoreCase).add(shape.text, entry);
        return true;
      case 'wildcard':
        return this.placeWildcard(shape.wildcard.segments, entry);
      case 'range':
        this.ranges.add({ ...shape.range, item: entry });
        return true;
      case 'cidr':
        this.placeCidr(shape.range, entry);
        return true;
      default:
        return false;
    }
  }

  /** By its literal start or end; the wildcard's own test does the rest. */
  private placeWildcard(segments: readonly string[], entry: Entry<T>): boolean {
    const first = segments[0] ?? '';
    const last = segments[segments.length - 1] ?? '';
    if (segments.length === 1) {
      push(this.strings, first, entry);
      this.hasStrings = true;
    } else if (first !== '') this.prefixes.add(first, entry);
    else if (last !== '') this.suffixes.add(last, entry);
    else return false;
    return true;
  }

  private placeCidr({ low, high }: IpRange, entry: Entry<T>): void {
    this.needsAddress = true;
    const closed = { lowOpen: false, highOpen: false, item: entry };
    if (low.length === 4)
      this.ipv4.add({ low: ipv4Number(low), high: ipv4Number(high), ...closed });
    else this.ipv6.add({ low: hexOf(low), high: hexOf(high), ...closed });
  }

  private trieFor(kind: 'prefix' | 'suffix', ignoreCase: boolean): AffixTrie<Entry<T>> {
    if (kind === 'prefix') return ignoreCase ? this.foldedPrefixes : this.prefixes;
    return ignoreCase ? this.foldedSuffixes : this.suffixes;
  }

  /**
   * Pushes onto `out` each target of a test that accepts `value` (a target may come more than
   * once, through several of its tests).
   */
  collect(value: EventValue, out: T[]): void {
    const raw = value.raw;
    if (typeof raw === 'string') this.collectString(value, raw, out);
    else if (typeof raw === 'number') this.collectNumber(value, raw, out);
    else take(this.scalars.get(raw), value, out);
    if (this.hasScans) take(this.scans, value, out);
  }

  /** collect, as a callback. */
  lookup(value: EventValue, visit: (target: T) => void): void {
    const out: T[] = [];
    this.collect(value, out);
    for (const t of out) visit(t);
  }

  private collectString(value: EventValue, raw: string, out: T[]): void {
    const exact = this.exactStrings.get(raw);
    if (exact !== undefined) for (const t of exact) out.push(t);
    if (this.hasStrings) take(this.strings.get(raw), value, out);
    this.liveTries ??= this.tries.filter((t) => t.size > 0);
    if (this.liveTries.length > 0) this.collectAffixes(this.liveTries, value, raw, out);
    if (this.needsFold) {
      // A value with a non-ASCII character equals no ASCII pattern, whatever its case.
      const folded = foldAscii(raw);
      if (folded !== null) take(this.folded.get(folded), value, out);
    }
    if (!this.needsAddress) return;
    const address = value.address;
    if (address === null) return;
    take(this.addresses.get(addressKey(address)), value, out);
    if (address.length === 4) {
      if (this.ipv4.size > 0) take(this.ipv4.lookup(ipv4Number(address)), value, out);
    } else if (this.ipv6.size > 0) take(this.ipv6.lookup(hexOf(address)), value, out);
  }

  private collectAffixes(
    tries: readonly AffixTrie<Entry<T>>[],
    value: EventValue,
    raw: string,
    out: T[],
  ): void {
    for (const trie of tries) {
      const found: Entry<T>[] = [];
      trie.collect(raw, found);
      take(found, value, out);
    }
  }

  private collectNumber(value: EventValue, raw: number, out: T[]): void {
    const micros = value.numeric;
    if (micros === null) {
      take(this.literals.get(raw), value, out);
      return;
    }
    take(this.numbers.get(micros), value, out);
    if (this.ranges.size > 0) take(this.ranges.lookup(micros), value, out);
  }
}

/** The targets of the entries whose own test accepts the value. */
const take = <T>(entries: readonly Entry<T>[] | undefined, value: EventValue, out: T[]): void => {
  if (entries === undefined) return;
  for (const entry of entries) {
    if (entry.exact || entry.test(value)) for (const t of entry.targets) out.push(t);
  }
};
