import { describe, expect, it } from 'vitest';
import {
  compilePattern,
  compilePatternText,
  InvalidPatternError,
  MAX_PATTERN_DEPTH,
  MAX_PATTERN_LENGTH,
} from '../../src/match/index.js';
import { parseWildcard, type Wildcard, wildcardMatches } from '../../src/match/wildcard.js';
import { verdictOf } from './verdict.js';

const wildcard = (text: string): Wildcard => {
  const parsed = parseWildcard(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.wildcard;
};

describe('prototype pollution and inherited keys', () => {
  it.each([
    {
      name: '__proto__ is an ordinary pattern key',
      pattern: '{"__proto__": ["x"]}',
      event: '{"__proto__": "x"}',
      expected: true,
    },
    {
      name: '__proto__ as a nested event key',
      pattern: '{"a": {"__proto__": {"b": ["x"]}}}',
      event: '{"a": {"__proto__": {"b": "x"}}}',
      expected: true,
    },
    {
      name: 'inherited constructor is not a field',
      pattern: '{"constructor": [{"exists": true}]}',
      event: '{}',
      expected: false,
    },
    {
      name: 'inherited toString is absent',
      pattern: '{"toString": [{"exists": false}]}',
      event: '{}',
      expected: true,
    },
    {
      name: 'an own constructor key is a field',
      pattern: '{"constructor": ["x"]}',
      event: '{"constructor": "x"}',
      expected: true,
    },
  ])('$name', ({ pattern, event, expected }) => {
    expect(verdictOf(compilePatternText(pattern), JSON.parse(event))).toBe(expected);
    expect(verdictOf(compilePattern(JSON.parse(pattern)), JSON.parse(event))).toBe(expected);
  });

  it('never writes to Object.prototype', () => {
    verdictOf(
      compilePatternText('{"__proto__": {"polluted": ["x"]}}'),
      JSON.parse('{"__proto__": {"polluted": "x"}}'),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('events are untrusted: matches never throws', () => {
  const pattern = compilePattern({ a: [{ exists: false }] });
  const cyclic: Record<string, unknown> = {};
  cyclic.a = cyclic;
  const cyclicArray: unknown[] = [];
  cyclicArray.push(cyclicArray);
  const hostile = new Proxy(
    {},
    {
      ownKeys() {
        throw new Error('boom');
      },
    },
  );
  const throwingGetter = Object.defineProperty({}, 'a', {
    enumerable: true,
    get() {
      throw new Error('boom');
    },
  });

  it.each([
    { name: 'undefined', event: undefined, expected: false },
    { name: 'a string', event: 'plain string', expected: false },
    { name: 'an array', event: [{ a: 1 }], expected: false },
    { name: 'a number', event: 42, expected: false },
    { name: 'a cyclic object (its "a" is an object, not a value)', event: cyclic, expected: true },
    { name: 'a cyclic array', event: { a: cyclicArray }, expected: false },
    { name: 'a proxy whose traps throw', event: hostile, expected: false },
    { name: 'a getter that throws', event: throwingGetter, expected: false },
    {
      name: 'non-JSON values are ignored',
      event: { a: undefined, b: () => 1, c: 10n },
      expected: true,
    },
    { name: 'NaN is not a value', event: { a: Number.NaN }, expected: true },
  ])('$name', ({ event, expected }) => {
    expect(verdictOf(pattern, event)).toBe(expected);
  });
});

describe('nesting bounds', () => {
  const nest = (depth: number): unknown => {
    let node: unknown = ['x'];
    for (let i = 0; i < depth; i++) node = { k: node };
    return node;
  };

  it(`accepts a pattern ${MAX_PATTERN_DEPTH} levels deep`, () => {
    expect(() => compilePattern(nest(MAX_PATTERN_DEPTH - 1))).not.toThrow();
  });

  it('rejects a deeper pattern, from a value and from text', () => {
    const deep = nest(MAX_PATTERN_DEPTH + 1);
    expect(() => compilePattern(deep)).toThrow(InvalidPatternError);
    expect(() => compilePatternText(JSON.stringify(deep))).toThrow(/nested deeper/);
  });

  it('rejects text nested thousands of levels deep without overflowing the stack', () => {
    const text = `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`.slice(0, 4000);
    expect(() => compilePatternText(text)).toThrow(InvalidPatternError);
  });

  it('does not overflow on an event with 100 000 nested arrays', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(verdictOf(compilePattern({ a: ['x'] }), { a: deep })).toBe(false);
    expect(verdictOf(compilePattern({ a: [{ exists: true }] }), { b: deep })).toBe(false);
  });

  it('matches values a few hundred arrays deep (AWS allows 1100 levels)', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 500; i++) deep = [deep];
    expect(verdictOf(compilePattern({ a: ['x'] }), { a: deep })).toBe(true);
  });

  it('skips irrelevant subtrees cheaply', () => {
    let deep: unknown = { leaf: 1 };
    for (let i = 0; i < 100_000; i++) deep = { child: deep };
    expect(verdictOf(compilePattern({ a: ['x'] }), { a: 'x', noise: deep })).toBe(true);
  });
});

describe('pattern size', () => {
  const withLength = (length: number): string => {
    const head = '{"a":["';
    const tail = '"]}';
    return head + 'x'.repeat(length - head.length - tail.length) + tail;
  };

  it(`accepts ${MAX_PATTERN_LENGTH} characters`, () => {
    expect(() => compilePatternText(withLength(MAX_PATTERN_LENGTH))).not.toThrow();
  });

  it('rejects one more, as text or as a value', () => {
    const text = withLength(MAX_PATTERN_LENGTH + 1);
    expect(() => compilePatternText(text)).toThrow(InvalidPatternError);
    expect(() => compilePattern(JSON.parse(text))).toThrow(InvalidPatternError);
  });

  it('caps the $or expansion', () => {
    const or = (i: number) => ({ $or: [{ [`a${i}`]: ['1'] }, { [`b${i}`]: ['1'] }] });
    const pattern = Object.assign(
      {},
      ...Array.from({ length: 11 }, (_, i) => ({ [`k${i}`]: or(i) })),
    );
    expect(() => compilePattern(pattern)).toThrow(/\$or combinations/);
  });
});

describe('wildcard worst cases are linear', () => {
  const haystack = 'a'.repeat(10_000);

  it.each([
    {
      name: '*a*a*a*a*a*a*b against 10k "a"',
      pattern: '*a*a*a*a*a*a*b',
      value: haystack,
      expected: false,
    },
    {
      name: '*a*a*a*a*a*a*a against 10k "a"',
      pattern: '*a*a*a*a*a*a*a',
      value: haystack,
      expected: true,
    },
    {
      name: '*aaaaaaaaab against 10k "a"',
      pattern: '*aaaaaaaaab',
      value: haystack,
      expected: false,
    },
    {
      name: 'many middle segments',
      pattern: `*${'ab*'.repeat(200)}c`,
      value: 'ab'.repeat(5_000),
      expected: false,
    },
  ])('$name', ({ pattern, value, expected }) => {
    const compiled = wildcard(pattern);
    const started = performance.now();
    for (let i = 0; i < 20; i++) expect(wildcardMatches(compiled, value)).toBe(expected);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('through a pattern AWS accepts', () => {
    const pattern = compilePattern({ f: [{ wildcard: '*a*a*a*b' }] });
    const started = performance.now();
    expect(verdictOf(pattern, { f: haystack })).toBe(false);
    expect(verdictOf(pattern, { f: `${haystack}b` })).toBe(true);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
