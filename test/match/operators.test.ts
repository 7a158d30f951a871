import { describe, expect, it } from 'vitest';
import { compilePattern, compilePatternText } from '../../src/match/index.js';
import { verdictOf } from './verdict.js';

const MISSING = Symbol('missing');

interface Case {
  name: string;
  /** The value list for field `f`, or raw pattern text when a string. */
  values: unknown[] | string;
  event: unknown;
  expected: boolean;
}

const run = ({ values, event }: Case): boolean => {
  const pattern =
    typeof values === 'string' ? compilePatternText(values) : compilePattern({ f: values });
  return verdictOf(pattern, event === MISSING ? {} : { f: event });
};

const table = (cases: Case[]) => {
  it.each(cases)('$name', (c) => {
    expect(run(c)).toBe(c.expected);
  });
};

describe('exact values', () => {
  table([
    { name: 'string equals', values: ['abc'], event: 'abc', expected: true },
    { name: 'strings are case-sensitive', values: ['abc'], event: 'ABC', expected: false },
    { name: 'string "true" is not boolean true', values: ['true'], event: true, expected: false },
    { name: 'boolean matches boolean', values: [true], event: true, expected: true },
    { name: 'boolean false is not "false"', values: [false], event: 'false', expected: false },
    { name: 'null matches null', values: [null], event: null, expected: true },
    { name: 'null is not the string "null"', values: [null], event: 'null', expected: false },
    {
      name: 'null does not match a missing field',
      values: [null],
      event: MISSING,
      expected: false,
    },
    { name: 'empty string matches empty string', values: [''], event: '', expected: true },
    { name: 'empty string needs the field', values: [''], event: MISSING, expected: false },
    { name: 'number matches a number', values: [300], event: 300, expected: true },
    {
      name: 'number literal spelling is irrelevant',
      values: '{"f":[3.0e2]}',
      event: 300,
      expected: true,
    },
    { name: 'number is not a numeric string', values: [300], event: '300', expected: false },
    { name: 'numbers compare as decimals', values: [0.3], event: 0.1 + 0.2, expected: false },
    {
      name: 'decimals up to six places compare',
      values: [1.000001],
      event: 1.000001,
      expected: true,
    },
    {
      name: 'numbers beyond 5e9 still match the same value',
      values: [12345678901],
      event: 12345678901,
      expected: true,
    },
    {
      name: 'numbers beyond 5e9 never match other values',
      values: [12345678901],
      event: 12345678902,
      expected: false,
    },
    { name: 'value list is an OR', values: ['a', 'b'], event: 'b', expected: true },
    {
      name: 'event array matches if any element does',
      values: ['b'],
      event: ['a', 'b'],
      expected: true,
    },
    { name: 'empty event array is no value', values: ['a'], event: [], expected: false },
    {
      name: 'an IP address literal matches any spelling of it',
      values: ['2001:db8::1'],
      event: '2001:0db8:0:0:0:0:0:1',
      expected: true,
    },
    {
      name: 'an IPv4 literal matches its IPv4-mapped IPv6 form',
      values: ['10.0.0.1'],
      event: '::ffff:a00:1',
      expected: true,
    },
    {
      name: 'octets with leading zeros are not addresses',
      values: ['10.0.0.1'],
      event: '10.0.0.01',
      expected: false,
    },
  ]);
});

describe('prefix and suffix', () => {
  table([
    { name: 'prefix', values: [{ prefix: 'us-' }], event: 'us-east-1', expected: true },
    {
      name: 'prefix is case-sensitive',
      values: [{ prefix: 'us-' }],
      event: 'US-east-1',
      expected: false,
    },
    {
      name: 'empty prefix matches any string',
      values: [{ prefix: '' }],
      event: 'x',
      expected: true,
    },
    {
      name: 'prefix never matches numbers',
      values: [{ prefix: '1' }],
      event: 123,
      expected: false,
    },
    {
      name: 'prefix with equals-ignore-case',
      values: [{ prefix: { 'equals-ignore-case': 'EventB' } }],
      event: 'eventbridge',
      expected: true,
    },
    { name: 'suffix', values: [{ suffix: '.png' }], event: 'a.png', expected: true },
    {
      name: 'suffix is case-sensitive',
      values: [{ suffix: '.png' }],
      event: 'a.PNG',
      expected: false,
    },
    { name: 'empty suffix needs a string', values: [{ suffix: '' }], event: null, expected: false },
    {
      name: 'suffix with equals-ignore-case',
      values: [{ suffix: { 'equals-ignore-case': '.png' } }],
      event: 'a.PNG',
      expected: true,
    },
  ]);
});

describe('equals-ignore-case', () => {
  table([
    {
      name: 'different case',
      values: [{ 'equals-ignore-case': 'EC2' }],
      event: 'ec2',
      expected: true,
    },
    {
      name: 'needs equal length',
      values: [{ 'equals-ignore-case': 'EC2' }],
      event: 'ec22',
      expected: false,
    },
    { name: 'only strings', values: [{ 'equals-ignore-case': '1' }], event: 1, expected: false },
    {
      name: 'empty matches empty',
      values: [{ 'equals-ignore-case': '' }],
      event: '',
      expected: true,
    },
    {
      // Each pattern character accepts its lower- and upper-case forms only: ß is "ß" or "SS".
      name: 'case forms may change length (ß ↔ SS)',
      values: [{ 'equals-ignore-case': 'straße' }],
      event: 'STRASSE',
      expected: true,
    },
    {
      name: 'lower-case "ss" is not a form of ß',
      values: [{ 'equals-ignore-case': 'straße' }],
      event: 'strasse',
      expected: false,
    },
  ]);
});

describe('wildcard', () => {
  table([
    { name: 'leading star', values: [{ wildcard: '*.png' }], event: 'dir/a.png', expected: true },
    {
      name: 'several stars in order',
      values: [{ wildcard: 'a*b*c' }],
      event: 'aXbYc',
      expected: true,
    },
    {
      name: 'segments must appear in order',
      values: [{ wildcard: 'a*b*c' }],
      event: 'acb',
      expected: false,
    },
    { name: 'star matches nothing', values: [{ wildcard: 'a*' }], event: 'a', expected: true },
    {
      name: 'escaped star is literal',
      values: [{ wildcard: 'a\\*b' }],
      event: 'a*b',
      expected: true,
    },
    {
      name: 'escaped star is not a wildcard',
      values: [{ wildcard: 'a\\*b' }],
      event: 'axb',
      expected: false,
    },
    { name: 'escaped backslash', values: [{ wildcard: 'a\\\\b' }], event: 'a\\b', expected: true },
    {
      name: 'empty wildcard matches only ""',
      values: [{ wildcard: '' }],
      event: 'x',
      expected: false,
    },
    { name: 'wildcard needs a string', values: [{ wildcard: '*' }], event: 5, expected: false },
    { name: 'non-ASCII literals', values: [{ wildcard: 'é*ü' }], event: 'éxxü', expected: true },
  ]);
});

describe('anything-but', () => {
  table([
    { name: 'excludes the value', values: [{ 'anything-but': 'x' }], event: 'x', expected: false },
    {
      name: 'accepts other strings',
      values: [{ 'anything-but': 'x' }],
      event: 'y',
      expected: true,
    },
    { name: 'accepts null', values: [{ 'anything-but': 'x' }], event: null, expected: true },
    {
      name: 'a missing field never matches',
      values: [{ 'anything-but': 'x' }],
      event: MISSING,
      expected: false,
    },
    {
      name: 'numbers pass a string exclusion',
      values: [{ 'anything-but': '5' }],
      event: 5,
      expected: true,
    },
    {
      name: 'number exclusion is numeric',
      values: '{"f":[{"anything-but":5.0}]}',
      event: 5,
      expected: false,
    },
    {
      name: 'number exclusion ignores strings',
      values: [{ 'anything-but': 5 }],
      event: '5',
      expected: true,
    },
    {
      name: 'list of strings',
      values: [{ 'anything-but': ['a', 'b'] }],
      event: 'b',
      expected: false,
    },
    { name: 'list of numbers', values: [{ 'anything-but': [1, 2] }], event: 3, expected: true },
    {
      name: 'one non-excluded array element suffices',
      values: [{ 'anything-but': 'a' }],
      event: ['a', 'b'],
      expected: true,
    },
    {
      name: 'all array elements excluded',
      values: [{ 'anything-but': 'a' }],
      event: ['a'],
      expected: false,
    },
    {
      name: 'prefix',
      values: [{ 'anything-but': { prefix: 'init' } }],
      event: 'initial',
      expected: false,
    },
    {
      name: 'prefix accepts numbers',
      values: [{ 'anything-but': { prefix: 'init' } }],
      event: 12,
      expected: true,
    },
    {
      name: 'suffix list',
      values: [{ 'anything-but': { suffix: ['.txt', '.jpg'] } }],
      event: 'a.jpg',
      expected: false,
    },
    {
      name: 'equals-ignore-case',
      values: [{ 'anything-but': { 'equals-ignore-case': ['A'] } }],
      event: 'a',
      expected: false,
    },
    {
      name: 'wildcard',
      values: [{ 'anything-but': { wildcard: '*/lib/*' } }],
      event: '/usr/bin/x',
      expected: true,
    },
    {
      // event-ruler accepts an empty list here; nothing is excluded.
      name: 'empty prefix list excludes nothing',
      values: [{ 'anything-but': { prefix: [] } }],
      event: 'x',
      expected: true,
    },
  ]);
});

describe('numeric', () => {
  table([
    { name: '= equal', values: [{ numeric: ['=', 5] }], event: 5, expected: true },
    {
      name: '= differs in the 6th decimal',
      values: [{ numeric: ['=', 5] }],
      event: 5.000001,
      expected: false,
    },
    { name: '> excludes the bound', values: [{ numeric: ['>', 0] }], event: 0, expected: false },
    {
      name: '> smallest step above',
      values: [{ numeric: ['>', 0] }],
      event: 0.000001,
      expected: true,
    },
    { name: '>= includes the bound', values: [{ numeric: ['>=', 0] }], event: 0, expected: true },
    { name: '< excludes the bound', values: [{ numeric: ['<', 10] }], event: 10, expected: false },
    { name: '<= includes the bound', values: [{ numeric: ['<=', 10] }], event: 10, expected: true },
    { name: 'range inside', values: [{ numeric: ['>', 0, '<=', 5] }], event: 5, expected: true },
    {
      name: 'range above',
      values: [{ numeric: ['>', 0, '<=', 5] }],
      event: 5.000001,
      expected: false,
    },
    { name: 'negative values', values: [{ numeric: ['<', 0] }], event: -0.5, expected: true },
    {
      name: 'strings are not numbers',
      values: [{ numeric: ['>', 0] }],
      event: '5',
      expected: false,
    },
    { name: 'null is not a number', values: [{ numeric: ['>', 0] }], event: null, expected: false },
    {
      name: 'more than six decimals is not comparable',
      values: [{ numeric: ['>', 0] }],
      event: 0.0000001,
      expected: false,
    },
    {
      name: 'upper bound 5e9 is comparable',
      values: [{ numeric: ['>', 0] }],
      event: 5e9,
      expected: true,
    },
    {
      name: 'above 5e9 is not comparable',
      values: [{ numeric: ['>', 0] }],
      event: 5000000001,
      expected: false,
    },
    {
      name: 'exponent notation in the pattern',
      values: '{"f":[{"numeric":["=",3.018e2]}]}',
      event: 301.8,
      expected: true,
    },
  ]);
});

describe('exists', () => {
  table([
    { name: 'true: present', values: [{ exists: true }], event: 'x', expected: true },
    {
      name: 'true: null counts as present',
      values: [{ exists: true }],
      event: null,
      expected: true,
    },
    {
      name: 'true: empty string is present',
      values: [{ exists: true }],
      event: '',
      expected: true,
    },
    { name: 'true: missing', values: [{ exists: true }], event: MISSING, expected: false },
    {
      name: 'true: empty array is no value',
      values: [{ exists: true }],
      event: [],
      expected: false,
    },
    {
      name: 'true: objects are not leaves',
      values: [{ exists: true }],
      event: { a: 1 },
      expected: false,
    },
    { name: 'false: missing', values: [{ exists: false }], event: MISSING, expected: true },
    { name: 'false: present', values: [{ exists: false }], event: 'x', expected: false },
    { name: 'false: null is present', values: [{ exists: false }], event: null, expected: false },
    {
      name: 'false: object value is not a leaf',
      values: [{ exists: false }],
      event: { a: 1 },
      expected: true,
    },
    { name: 'false: empty array', values: [{ exists: false }], event: [], expected: true },
    {
      name: 'false or a value',
      values: [{ exists: false }, { prefix: 'a' }],
      event: 'abc',
      expected: true,
    },
  ]);
});

describe('cidr', () => {
  table([
    {
      name: 'inside an IPv4 block',
      values: [{ cidr: '10.0.0.0/24' }],
      event: '10.0.0.255',
      expected: true,
    },
    {
      name: 'outside an IPv4 block',
      values: [{ cidr: '10.0.0.0/24' }],
      event: '10.0.1.0',
      expected: false,
    },
    {
      name: 'not an address',
      values: [{ cidr: '10.0.0.0/24' }],
      event: '10.0.0.256',
      expected: false,
    },
    {
      name: 'numbers are not addresses',
      values: [{ cidr: '10.0.0.0/24' }],
      event: 10,
      expected: false,
    },
    {
      // event-ruler does not mask the base address: the block starts where it is written.
      name: 'the lower bound is the address as written',
      values: [{ cidr: '10.0.0.5/24' }],
      event: '10.0.0.1',
      expected: false,
    },
    {
      name: '/0 covers every IPv4 address',
      values: [{ cidr: '0.0.0.0/0' }],
      event: '8.8.8.8',
      expected: true,
    },
    {
      name: 'IPv4 block never covers IPv6',
      values: [{ cidr: '0.0.0.0/0' }],
      event: '::1',
      expected: false,
    },
    {
      name: 'IPv6 block',
      values: [{ cidr: '2001:db8::/32' }],
      event: '2001:db8:ffff::1',
      expected: true,
    },
    {
      name: 'IPv4-mapped IPv6 is IPv4',
      values: [{ cidr: '10.0.0.0/8' }],
      event: '::ffff:a00:1',
      expected: true,
    },
  ]);
});

describe('$or, nesting and dotted keys', () => {
  const cases: { name: string; pattern: unknown; event: unknown; expected: boolean }[] = [
    {
      name: '$or: second branch',
      pattern: { $or: [{ a: ['1'] }, { b: ['2'] }] },
      event: { b: '2' },
      expected: true,
    },
    {
      name: '$or: no branch',
      pattern: { $or: [{ a: ['1'] }, { b: ['2'] }] },
      event: { c: '3' },
      expected: false,
    },
    {
      name: '$or: fields outside apply to every branch',
      pattern: { s: ['x'], $or: [{ a: ['1'] }, { b: ['2'] }] },
      event: { b: '2' },
      expected: false,
    },
    {
      name: '$or nested inside a branch',
      pattern: { $or: [{ a: ['1'] }, { b: ['2'], $or: [{ c: ['3'] }, { d: ['4'] }] }] },
      event: { b: '2', d: '4' },
      expected: true,
    },
    {
      name: '$or inside an object',
      pattern: { detail: { $or: [{ x: [1] }, { y: [2] }] } },
      event: { detail: { y: 2 } },
      expected: true,
    },
    {
      name: '$or with exists:false: absent',
      pattern: { $or: [{ a: [{ exists: false }] }, { a: ['x'] }] },
      event: {},
      expected: true,
    },
    {
      name: '$or with exists:false: other value',
      pattern: { $or: [{ a: [{ exists: false }] }, { a: ['x'] }] },
      event: { a: 'y' },
      expected: false,
    },
    {
      // {"a": ["1"], "$or": [{"a": ["2"]}, ...]}: the branch's "a" replaces the outer one.
      name: 'a key repeated in a $or branch overrides the outer one',
      pattern: { a: ['1'], $or: [{ a: ['2'] }, { b: ['3'] }] },
      event: { a: '2' },
      expected: true,
    },
    {
      name: 'dotted pattern key reaches a nested event object',
      pattern: { 'a.b': ['x'] },
      event: { a: { b: 'x' } },
      expected: true,
    },
    {
      name: 'nested pattern reaches a dotted event key',
      pattern: { a: { b: ['x'] } },
      event: { 'a.b': 'x' },
      expected: true,
    },
    {
      name: 'nesting is AND across fields',
      pattern: { detail: { a: ['1'], b: ['2'] } },
      event: { detail: { a: '1', b: '3' } },
      expected: false,
    },
  ];
  it.each(cases)('$name', ({ pattern, event, expected }) => {
    expect(verdictOf(compilePattern(pattern), event)).toBe(expected);
  });
});
