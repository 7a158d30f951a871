/**
 * Ranges over one ordered key space (numbers in millionths, or addresses as fixed-width hex),
 * answered by one binary search whatever their number: the boundaries split the line into
 * elementary segments, and each segment lists the ranges that cover it (event-ruler compiles
 * numeric ranges into its byte machine for the same reason).
 */
export interface Interval<K extends number | string, T> {
  readonly low: K;
  readonly lowOpen: boolean;
  readonly high: K;
  readonly highOpen: boolean;
  readonly item: T;
}

const NONE: readonly never[] = [];

export class IntervalIndex<K extends number | string, T> {
  private readonly pending: Interval<K, T>[] = [];
  private points: K[] = [];
  /** Segment 2i+1 is the point points[i]; 2i is the open gap below it; the last, above all. */
  private segments: T[][] = [];
  private built = true;

  get size(): number {
    return this.pending.length;
  }

  add(interval: Interval<K, T>): void {
    this.pending.push(interval);
    this.built = false;
  }

  /** Every item whose range holds `key`. */
  lookup(key: K): readonly T[] {
    if (!this.built) this.build();
    const points = this.points;
    let lo = 0;
    let hi = points.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((points[mid] as K) < key) lo = mid + 1;
      else hi = mid;
    }
    const segment = lo < points.length && points[lo] === key ? 2 * lo + 1 : 2 * lo;
    return this.segments[segment] ?? NONE;
  }

  private build(): void {
    const distinct = new Set<K>();
    for (const i of this.pending) {
      distinct.add(i.low);
      distinct.add(i.high);
    }
    this.points = [...distinct].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const at = new Map(this.points.map((p, i) => [p, i]));
    const segments: T[][] = Array.from({ length: 2 * this.points.length + 1 }, () => []);
    for (const i of this.pending) {
      const low = at.get(i.low) ?? 0;
      const high = at.get(i.high) ?? 0;
      const first = i.lowOpen ? 2 * low + 2 : 2 * low + 1;
      const last = i.highOpen ? 2 * high : 2 * high + 1;
      for (let s = first; s <= last; s++) segments[s]?.push(i.item);
    }
    this.segments = segments;
    this.built = true;
  }
}
