import { describe, expect, it } from 'vitest';
import { compilePattern } from '../../src/match/index.js';
import { verdictOf } from './verdict.js';

interface Case {
  name: string;
  pattern: unknown;
  event: unknown;
  expected: boolean;
}

const cases: Case[] = [
  {
    name: 'fields from the same array element match',
    pattern: { d: { a: ['1'], b: ['2'] } },
    event: { d: [{ a: '1', b: '2' }] },
    expected: true,
  },
  {
    name: 'fields from different elements of one array do not',
    pattern: { d: { a: ['1'], b: ['2'] } },
    event: { d: [{ a: '1' }, { b: '2' }] },
    expected: false,
  },
  {
    name: 'a later element can satisfy all fields',
    pattern: { d: { a: ['1'], b: ['2'] } },
    event: { d: [{ a: '1' }, { b: '2' }, { a: '1', b: '2' }] },
    expected: true,
  },
  {
    name: 'scalars of one array are one field, not separate elements',
    pattern: { d: { tags: ['a'], type: ['x'] } },
    event: { d: [{ tags: ['z', 'a'], type: 'x' }] },
    expected: true,
  },
  {
    name: 'fields under different arrays combine freely',
    pattern: { a: { x: ['1'] }, b: { y: ['2'] } },
    event: { a: [{ x: '0' }, { x: '1' }], b: [{ y: '2' }, { y: '3' }] },
    expected: true,
  },
  {
    name: 'inner array elements must agree too',
    pattern: { a: { b: ['1'], c: ['2'] } },
    event: { a: [[{ b: '1' }, { c: '2' }]] },
    expected: false,
  },
  {
    name: 'same inner element of a nested array',
    pattern: { a: { b: ['1'], c: ['2'] } },
    event: { a: [[{ b: '1', c: '2' }]] },
    expected: true,
  },
  {
    name: 'elements of different outer elements',
    pattern: { a: { b: ['1'], c: ['2'] } },
    event: { a: [[{ b: '1' }], [{ c: '2' }]] },
    expected: false,
  },
  {
    name: 'object above an array is shared by all its elements',
    pattern: { d: { id: ['7'], items: { k: ['v'] } } },
    event: { d: { id: '7', items: [{ k: 'x' }, { k: 'v' }] } },
    expected: true,
  },
  {
    name: 'exists:false looks at the chosen element only',
    pattern: { d: { a: ['x'], b: [{ exists: false }] } },
    event: { d: [{ a: 'x', b: 1 }, { a: 'x' }] },
    expected: true,
  },
  {
    // event-ruler checks absence against the values chosen for fields that sort before it;
    // "d.a" sorts first, so its absence is judged before "d.b" picks an element.
    name: 'exists:false on the first key sees every element',
    pattern: { d: { a: [{ exists: false }], b: ['x'] } },
    event: { d: [{ a: 1 }, { b: 'x' }] },
    expected: false,
  },
  {
    name: 'exists:false on a later key sees only the chosen element',
    pattern: { d: { a: ['x'], b: [{ exists: false }] } },
    event: { d: [{ a: 'x' }, { b: 1 }] },
    expected: true,
  },
  {
    name: 'each $or branch is checked for consistency on its own',
    pattern: { $or: [{ d: { a: ['1'], b: ['2'] } }, { d: { c: ['3'] } }] },
    event: { d: [{ a: '1' }, { b: '2' }, { c: '3' }] },
    expected: true,
  },
];

describe('array consistency (event-ruler rulesForJSONEvent)', () => {
  it.each(cases)('$name', ({ pattern, event, expected }) => {
    expect(verdictOf(compilePattern(pattern), event)).toBe(expected);
  });

  it('stays fast when thousands of elements each satisfy a different field', () => {
    const pattern = compilePattern({ d: { a: ['1'], b: ['2'], c: ['3'], e: ['4'] } });
    const elements = Array.from({ length: 4000 }, (_, i) =>
      i % 2 === 0 ? { a: '1', b: '2', c: '3' } : { a: '1', b: '2', e: '4' },
    );
    const started = performance.now();
    expect(verdictOf(pattern, { d: elements })).toBe(false);
    expect(verdictOf(pattern, { d: [...elements, { a: '1', b: '2', c: '3', e: '4' }] })).toBe(true);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('stays fast with independent arrays and a field that never matches', () => {
    const pattern = compilePattern({
      a: { x: ['1'] },
      b: { y: ['1'] },
      c: { z: ['1'] },
      w: ['no'],
    });
    const many = (key: string) => Array.from({ length: 300 }, () => ({ [key]: '1' }));
    const event = { a: many('x'), b: many('y'), c: many('z'), w: 'yes' };
    const started = performance.now();
    expect(verdictOf(pattern, event)).toBe(false);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('stays fast when a failing field follows several array fields', () => {
    const pattern = compilePattern({
      a: { x: ['1'] },
      b: { y: ['1'] },
      c: { z: [{ exists: false }] },
      d: { q: ['1'] },
    });
    const many = (key: string) => Array.from({ length: 200 }, () => ({ [key]: '1' }));
    const event = { a: many('x'), b: many('y'), c: many('z'), d: [{ q: '2' }] };
    const started = performance.now();
    expect(verdictOf(pattern, event)).toBe(false);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
