/**
 * Sorts distinct pattern indexes below a known bound, in place. A walk finds a few, mostly in
 * order, or (a GuardDuty finding against hundreds of playbooks) dozens in no order: a few are
 * sorted by insertion in one pass, many by setting their bits in a bitmap and reading it in
 * order, where sort() would call a comparator n log n times.
 *
 * @example const sort = new IndexSorter(100); sort.ascending([42, 7, 99]) // [7, 42, 99]
 */
export class IndexSorter {
  /** One bit per index; all zero between calls. */
  private readonly bits: Uint32Array;

  constructor(bound: number) {
    this.bits = new Uint32Array((bound + 31) >>> 5);
  }

  ascending(found: number[]): number[] {
    return found.length > 16 ? this.byBits(found) : byInsertion(found);
  }

  private byBits(found: number[]): number[] {
    const { bits } = this;
    let low = bits.length;
    let high = 0;
    for (const p of found) {
      const word = p >>> 5;
      bits[word] = (bits[word] as number) | (1 << (p & 31));
      if (word < low) low = word;
      if (word > high) high = word;
    }
    let i = 0;
    for (let word = low; word <= high; word++) {
      let x = bits[word] as number;
      if (x === 0) continue;
      bits[word] = 0;
      while (x !== 0) {
        const lowest = x & -x;
        found[i++] = (word << 5) + 31 - Math.clz32(lowest);
        x ^= lowest;
      }
    }
    return found;
  }
}

function byInsertion(found: number[]): number[] {
  for (let i = 1; i < found.length; i++) {
    const p = found[i] as number;
    let j = i - 1;
    while (j >= 0 && (found[j] as number) > p) {
      found[j + 1] = found[j] as number;
      j--;
    }
    found[j + 1] = p;
  }
  return found;
}
