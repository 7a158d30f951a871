import { describe, expect, it } from 'vitest';
import { IndexSorter } from '../../src/match/ascending.js';
import { seeded } from '../helpers/random.js';

/** `count` distinct indexes below `bound`, shuffled. */
const distinct = (random: () => number, bound: number, count: number): number[] => {
  const all = Array.from({ length: bound }, (_, i) => i);
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [all[i], all[j]] = [all[j] as number, all[i] as number];
  }
  return all.slice(0, count);
};

describe('IndexSorter', () => {
  it.each([
    { name: 'none', bound: 10, found: [] },
    { name: 'one', bound: 10, found: [3] },
    { name: 'a few out of order', bound: 100, found: [42, 7, 99, 0] },
    { name: 'already ascending', bound: 100, found: [1, 2, 3, 50, 98] },
    { name: 'the bound edges', bound: 64, found: [63, 0, 31, 32] },
    {
      name: 'many, across words (by bits)',
      bound: 1000,
      found: [999, 0, 31, 32, 33, 63, 64, 500, 501, 1, 2, 3, 4, 5, 6, 7, 8, 900, 17],
    },
  ])('sorts $name ascending, in place', ({ bound, found }) => {
    const sorter = new IndexSorter(bound);
    const input = [...found];
    const result = sorter.ascending(input);
    expect(result).toBe(input);
    expect(result).toEqual([...found].sort((a, b) => a - b));
  });

  it('agrees with sort() on random sets and leaves no bit behind between calls', () => {
    const random = seeded(7);
    const sorter = new IndexSorter(1000);
    for (let round = 0; round < 500; round++) {
      const count = Math.floor(random() * 60);
      const found = distinct(random, 1000, count);
      expect(sorter.ascending([...found])).toEqual([...found].sort((a, b) => a - b));
    }
  });
});
