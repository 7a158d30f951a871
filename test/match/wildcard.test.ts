import { describe, expect, it } from 'vitest';
import {
  parseWildcard,
  type Wildcard,
  wildcardComplexity,
  wildcardMatches,
} from '../../src/match/wildcard.js';

const wildcard = (text: string): Wildcard => {
  const parsed = parseWildcard(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.wildcard;
};

describe('wildcard complexity reproduces event-ruler MachineComplexityEvaluatorTest', () => {
  // Expected values are copied from event-ruler's tests (bare values, no JSON quotes).
  it.each([
    { patterns: ['*'], expected: 1 },
    { patterns: ['*', 'ab*c'], expected: 3 },
    { patterns: ['abc'], expected: 1 },
    { patterns: ['*ab'], expected: 2 },
    { patterns: ['*aa'], expected: 3 },
    { patterns: ['a*b'], expected: 2 },
    { patterns: ['aa*'], expected: 2 },
    { patterns: ['a*bbb'], expected: 4 },
    { patterns: ['*ab*ad'], expected: 4 },
    { patterns: ['a*b*bb'], expected: 5 },
    { patterns: ['a*aaa', 'aa*aa'], expected: 7 },
    { patterns: ['ab*cd', 'ab*wx', 'ab*yz'], expected: 6 },
    { patterns: ['abc*', 'abcde*'], expected: 3 },
    { patterns: ['ab*c', 'ab*c'], expected: 2 },
    { patterns: ['*ab*b*b*'], expected: 7 },
    { patterns: ['*a*a*a*a*a*a*a*a*'], expected: 17 },
  ])('$patterns → $expected', ({ patterns, expected }) => {
    expect(wildcardComplexity(patterns.map(wildcard), 100, false)).toBe(expected);
  });

  it('counts the JSON quotes EventBridge adds', () => {
    expect(wildcardComplexity([wildcard('*:*:*:*:*:event-bus/*')], 100)).toBe(11);
    expect(wildcardComplexity([wildcard('arn:aws:events:us-east-1:*:event-bus/*')], 100)).toBe(3);
  });

  it('stops at the limit', () => {
    expect(wildcardComplexity([wildcard('*a*a*a*a*a*a*a*a*')], 5, false)).toBe(5);
  });
});

describe('wildcard parsing', () => {
  it.each([
    { text: 'a*b', segments: ['a', 'b'] },
    { text: '*', segments: ['', ''] },
    { text: 'a\\*b', segments: ['a*b'] },
    { text: 'a\\\\*', segments: ['a\\', ''] },
    { text: '', segments: [''] },
  ])('$text', ({ text, segments }) => {
    expect(wildcard(text).segments).toEqual(segments);
  });

  it.each([
    { text: '**', reason: 'Consecutive wildcard characters at pos 1' },
    { text: 'ab\\c', reason: 'Invalid escape character at pos 3' },
    { text: 'ü\\', reason: 'Invalid escape character at pos 3' },
  ])('rejects $text: $reason', ({ text, reason }) => {
    expect(parseWildcard(text)).toEqual({ ok: false, reason });
  });

  it.each([
    { pattern: 'a*', value: '', expected: false },
    { pattern: '*', value: '', expected: true },
    { pattern: 'ab*ba', value: 'aba', expected: false },
    { pattern: 'ab*ba', value: 'abba', expected: true },
    { pattern: '*x*x*', value: 'xx', expected: true },
    { pattern: '*x*x*', value: 'x', expected: false },
  ])('$pattern vs "$value"', ({ pattern, value, expected }) => {
    expect(wildcardMatches(wildcard(pattern), value)).toBe(expected);
  });
});
