import { describe, expect, it } from 'vitest';
import { compilePatternText, InvalidPatternError } from '../../src/match/index.js';
import { parseJsonText } from '../../src/match/json-text.js';
import { verdictOf } from './verdict.js';

const reasonFor = (text: string): string => {
  try {
    compilePatternText(text);
  } catch (error) {
    if (error instanceof InvalidPatternError) return error.reason;
    throw error;
  }
  return 'accepted';
};

describe('duplicate keys', () => {
  it('keeps every entry in document order', () => {
    const node = parseJsonText('{"a": [1], "b": [2], "a": [3]}');
    expect(node.type === 'object' && node.entries.map((e) => e.key)).toEqual(['a', 'b', 'a']);
  });

  it.each([
    { name: 'the last value of a repeated key wins', event: { a: '2' }, expected: true },
    { name: 'the first value of a repeated key is dropped', event: { a: '1' }, expected: false },
  ])('$name', ({ event, expected }) => {
    expect(verdictOf(compilePatternText('{"a": ["1"], "a": ["2"]}'), event)).toBe(expected);
  });

  it('a nested object and a dotted key for the same field: the later one wins', () => {
    const pattern = compilePatternText('{"a": {"b": ["1"]}, "a.b": ["2"]}');
    expect(verdictOf(pattern, { a: { b: '2' } })).toBe(true);
    expect(verdictOf(pattern, { a: { b: '1' } })).toBe(false);
  });

  it('a repeated key is still validated', () => {
    expect(reasonFor('{"a": [{"prefix": 1}], "a": ["ok"]}')).toBe(
      'prefix match pattern must be a string',
    );
  });
});

describe('number literals', () => {
  it.each([
    {
      // Beyond 2^53 both sides round to the same double; AWS compares the literal digits.
      name: 'out-of-range literals match the same value',
      text: '{"a": [12345678901234567890]}',
      // What JSON.parse gives for an event carrying those digits.
      event: JSON.parse('12345678901234567890') as number,
      expected: true,
    },
    {
      name: 'out-of-range literals do not match a comparable number',
      text: '{"a": [1.0000000000000001]}',
      event: 1,
      expected: false,
    },
    {
      name: 'comparable literals match by value',
      text: '{"a": [1.50]}',
      event: 1.5,
      expected: true,
    },
    { name: 'exponents are values', text: '{"a": [1e3]}', event: 1000, expected: true },
    { name: 'negative zero is zero', text: '{"a": [-0.0]}', event: 0, expected: true },
  ])('$name', ({ text, event, expected }) => {
    expect(verdictOf(compilePatternText(text), { a: event })).toBe(expected);
  });
});

describe('strict JSON, with Jackson-style reasons', () => {
  it.each([
    { name: 'plain text', text: 'this is not json', reason: /^Unrecognized token 'this'/ },
    {
      name: 'single quotes',
      text: "{'a': ['b']}",
      reason: /^Unexpected character \(''' \(code 39\)\): was expecting double-quote/,
    },
    { name: 'unclosed object', text: '{"a": ["b"]', reason: /^Unexpected end-of-input/ },
    {
      name: 'bare word value',
      text: '{"not": closed mark"',
      reason: /^Unrecognized token 'closed'/,
    },
    { name: 'trailing comma', text: '{"a": ["b"],}', reason: /was expecting double-quote/ },
    { name: 'leading zero', text: '{"a": [01]}', reason: /Leading zeroes not allowed/ },
    { name: 'bad escape', text: '{"a": ["\\x"]}', reason: /^Unrecognized character escape/ },
    {
      name: 'raw control character',
      text: '{"a": ["\u0001"]}',
      reason: /^Illegal unquoted character/,
    },
    { name: 'NaN', text: '{"a": [NaN]}', reason: /^Unrecognized token 'NaN'/ },
    { name: 'comment', text: '{"a": ["b"]} // x', reason: /expected end-of-input/ },
    { name: 'empty text', text: '', reason: /^Filter is not an object$/ },
    { name: 'JSON array', text: '["a"]', reason: /^Filter is not an object$/ },
    { name: 'JSON string', text: '"a"', reason: /^Filter is not an object$/ },
    { name: 'JSON null', text: 'null', reason: /^Filter is not an object$/ },
  ])('$name', ({ text, reason }) => {
    expect(reasonFor(text)).toMatch(reason);
  });

  it('points at where the syntax error is', () => {
    try {
      compilePatternText('{"detail": {"state": ["a" "b"]}}');
      expect.unreachable();
    } catch (error) {
      expect((error as InvalidPatternError).path).toEqual(['detail', 'state']);
    }
  });

  it.each([
    { name: 'unicode escapes', text: '{"a": ["\\u00e9\\ud83d\\ude80"]}', event: 'é🚀' },
    { name: 'escaped quote and backslash', text: '{"a": ["\\"\\\\"]}', event: '"\\' },
    { name: 'whitespace everywhere', text: ' \n\t{ "a" :\r\n [ "x" ] } \n', event: 'x' },
  ])('accepts $name', ({ text, event }) => {
    expect(verdictOf(compilePatternText(text), { a: event })).toBe(true);
  });
});
