import { describe, expect, it } from 'vitest';
import {
  compilePattern,
  compilePatternText,
  InvalidPatternError,
  type JsonPath,
} from '../../src/match/index.js';

const rejection = (compile: () => unknown): InvalidPatternError => {
  try {
    compile();
  } catch (error) {
    if (error instanceof InvalidPatternError) return error;
    throw error;
  }
  throw new Error('pattern was accepted');
};

const field = (...values: unknown[]) => ({ f: values });

interface Case {
  name: string;
  pattern: unknown;
  reason: string;
  path?: JsonPath;
}

// Reasons follow event-ruler's JsonRuleCompiler wording, which is what AWS returns (the
// localstack corpus checks 38 of them against recorded AWS answers).
const cases: Case[] = [
  { name: 'root must be an object', pattern: ['a'], reason: 'Filter is not an object' },
  { name: 'root string', pattern: 'source', reason: 'Filter is not an object' },
  { name: 'empty root', pattern: {}, reason: 'Empty objects are not allowed' },
  {
    name: 'empty nested object',
    pattern: { a: {} },
    reason: 'Empty objects are not allowed',
    path: ['a'],
  },
  {
    name: 'empty value list',
    pattern: { a: [] },
    reason: 'Empty arrays are not allowed',
    path: ['a'],
  },
  { name: 'scalar field value', pattern: { a: 1 }, reason: '"a" must be an object or an array' },
  {
    name: 'array inside a value list',
    pattern: field([1]),
    reason: 'Match value must be String, number, true, false, or null',
    path: ['f', 0],
  },
  { name: 'empty match object', pattern: field({}), reason: 'Match expression name not found' },
  {
    name: 'unknown operator',
    pattern: field({ contains: 'x' }),
    reason: 'Unrecognized match type contains',
  },
  {
    // event-ruler has "exactly", EventBridge does not document it; refusing it is the safe side.
    name: 'undocumented "exactly" operator',
    pattern: field({ exactly: 'x' }),
    reason: 'Unrecognized match type exactly',
  },
  {
    name: 'operators are case-sensitive',
    pattern: field({ Prefix: 'x' }),
    reason: 'Unrecognized match type Prefix',
  },
  {
    name: 'two operators in one object',
    pattern: field({ prefix: 'a', suffix: 'b' }),
    reason: 'Only one key allowed in match expression',
    path: ['f', 0, 'suffix'],
  },
  {
    name: 'prefix object without a key',
    pattern: field({ prefix: {} }),
    reason: 'Prefix expression name not found',
  },
  {
    name: 'prefix object with another key',
    pattern: field({ prefix: { wildcard: 'x' } }),
    reason: 'Unsupported prefix pattern: wildcard',
  },
  {
    name: 'suffix ignore-case needs a string',
    pattern: field({ suffix: { 'equals-ignore-case': 1 } }),
    reason: 'equals-ignore-case match pattern must be a string',
  },
  {
    name: 'numeric with a second key',
    pattern: field({ numeric: ['>', 0], x: 1 }),
    reason: 'Too many elements in numeric expression',
  },
  {
    name: 'numeric empty',
    pattern: field({ numeric: [] }),
    reason: 'Invalid member in numeric match: ]',
  },
  {
    name: 'numeric without operator',
    pattern: field({ numeric: [5] }),
    reason: 'Invalid member in numeric match: 5',
  },
  {
    name: 'numeric unknown operator',
    pattern: field({ numeric: ['!=', 5] }),
    reason: 'Unrecognized numeric range operator: !=',
  },
  {
    name: 'numeric string operand',
    pattern: field({ numeric: ['=', '5'] }),
    reason: 'Value of equals must be numeric',
  },
  {
    name: 'numeric = with extra',
    pattern: field({ numeric: ['=', 5, 6] }),
    reason: 'Too many elements in numeric expression',
  },
  {
    name: 'numeric < then more',
    pattern: field({ numeric: ['<', 5, '<', 6] }),
    reason: 'Too many elements in numeric expression',
  },
  {
    name: 'range without operator',
    pattern: field({ numeric: ['>', 0, 5] }),
    reason: 'Bad value in numeric range: 5',
  },
  {
    name: 'range with > twice',
    pattern: field({ numeric: ['>', 0, '>', 5] }),
    reason: 'Bad numeric range operator: >',
  },
  {
    name: 'range too long',
    pattern: field({ numeric: ['>', 0, '<', 5, 6] }),
    reason: 'Too many terms in numeric range expression',
  },
  {
    name: 'empty open range',
    pattern: field({ numeric: ['>', 5, '<', 5] }),
    reason: 'Bottom must be less than top',
  },
  {
    name: 'empty closed range',
    pattern: field({ numeric: ['>=', 5, '<=', 5] }),
    reason: 'Bottom must be less than top',
  },
  {
    name: 'nothing above 5e9',
    pattern: field({ numeric: ['>', 5e9] }),
    reason: 'Bottom must be less than top',
  },
  {
    name: 'bound beyond 5e9',
    pattern: field({ numeric: ['<', 5e10] }),
    reason: 'Value must be between -5.0E9 and 5.0E9, inclusive',
  },
  {
    name: 'bound with seven decimals',
    pattern: field({ numeric: ['>', 0.0000001] }),
    reason: 'Only values upto 6 decimals are supported',
  },
  {
    name: 'exists needs a boolean',
    pattern: field({ exists: 'yes' }),
    reason: 'exists match pattern must be either true or false.',
  },
  {
    name: 'exists with a second key',
    pattern: field({ exists: false, prefix: 'a' }),
    reason: 'Only one key allowed in match expression',
  },
  {
    name: 'cidr /32',
    pattern: field({ cidr: '10.0.0.1/32' }),
    reason: 'IPv4 mask bits must be < 32',
  },
  {
    name: 'cidr /128',
    pattern: field({ cidr: '::1/128' }),
    reason: 'IPv6 mask bits must be < 128',
  },
  {
    name: 'cidr negative mask',
    pattern: field({ cidr: '10.0.0.0/-1' }),
    reason: 'Malformed CIDR, mask bits must not be negative',
  },
  {
    name: 'cidr octet over 255',
    pattern: field({ cidr: '10.0.0.256/8' }),
    reason: 'Invalid IP address: 10.0.0.256',
  },
  {
    name: 'cidr without mask',
    pattern: field({ cidr: '10.0.0.0' }),
    reason: "Malformed CIDR, one '/' required",
  },
  {
    name: 'cidr two slashes',
    pattern: field({ cidr: '10.0.0.0/8/8' }),
    reason: "Malformed CIDR, one '/' required",
  },
  {
    name: 'wildcard bad escape',
    pattern: field({ wildcard: 'a\\b' }),
    reason: 'Invalid escape character at pos 2',
  },
  {
    name: 'wildcard trailing backslash',
    pattern: field({ wildcard: 'a\\' }),
    reason: 'Invalid escape character at pos 2',
  },
  {
    name: 'wildcard double star (position counts UTF-8 bytes)',
    pattern: field({ wildcard: 'é**' }),
    reason: 'Consecutive wildcard characters at pos 3',
  },
  {
    name: 'anything-but empty list',
    pattern: field({ 'anything-but': [] }),
    reason:
      'Inside anything but list, either all values are number or string, mixed type is not supported',
  },
  {
    name: 'anything-but mixed list',
    pattern: field({ 'anything-but': ['a', 1] }),
    reason:
      'Inside anything but list, either all values are number or string, mixed type is not supported',
  },
  {
    name: 'anything-but boolean in list',
    pattern: field({ 'anything-but': [true] }),
    reason: 'Inside anything but list, start|null|boolean is not supported.',
  },
  {
    name: 'anything-but boolean',
    pattern: field({ 'anything-but': true }),
    reason: 'Value of anything-but must be an array or single string/number value.',
  },
  {
    name: 'anything-but empty object',
    pattern: field({ 'anything-but': {} }),
    reason: 'Anything-But expression name not found',
  },
  {
    name: 'anything-but exists',
    pattern: field({ 'anything-but': { exists: false } }),
    reason: 'Unsupported anything-but pattern: exists',
  },
  {
    name: 'anything-but with two inner keys',
    pattern: field({ 'anything-but': { prefix: 'a', suffix: 'b' } }),
    reason: 'Too many elements in numeric expression',
  },
  {
    name: 'anything-but number out of range',
    pattern: field({ 'anything-but': 5e10 }),
    reason: 'Value must be between -5.0E9 and 5.0E9, inclusive',
  },
  {
    name: 'anything-but wildcard syntax',
    pattern: field({ 'anything-but': { wildcard: ['ok', 'a**'] } }),
    reason: 'Consecutive wildcard characters at pos 2',
    path: ['f', 0, 'anything-but', 'wildcard', 1],
  },
  {
    name: '$or must be an array',
    pattern: { $or: { a: ['1'] } },
    reason: 'It must be an Array followed with $or.',
  },
  {
    name: '$or needs two branches',
    pattern: { $or: [{ a: ['1'] }] },
    reason: 'There must have at least 2 Objects in $or relationship.',
  },
  {
    name: '$or branches must be objects',
    pattern: { $or: [{ a: ['1'] }, ['b']] },
    reason: 'Only JSON object is allowed in array of $or relationship.',
    path: ['$or', 1],
  },
  {
    name: 'operator names are reserved inside $or',
    pattern: { $or: [{ prefix: ['a'] }, { b: ['1'] }] },
    reason: 'prefix is Ruler reserved fieldName which cannot be used inside $or.',
  },
  {
    name: 'reserved names are checked at any depth inside $or',
    pattern: { $or: [{ a: { numeric: ['1'] } }, { b: ['1'] }] },
    reason: 'numeric is Ruler reserved fieldName which cannot be used inside $or.',
    path: ['$or', 0, 'a', 'numeric'],
  },
  {
    name: 'the first problem in document order is reported',
    pattern: { a: [{ prefix: 1 }], b: 5 },
    reason: 'prefix match pattern must be a string',
    path: ['a', 0, 'prefix'],
  },
];

describe('invalid patterns are rejected with AWS reasons', () => {
  it.each(cases)('$name', ({ pattern, reason, path }) => {
    const error = rejection(() => compilePattern(pattern));
    expect(error.reason).toBe(reason);
    expect(error.message).toBe(`Event pattern is not valid. Reason: ${reason}`);
    expect(error.name).toBe('InvalidPatternError');
    if (path !== undefined) expect(error.path).toEqual(path);
  });

  it.each(cases.filter((c) => typeof c.pattern === 'object'))(
    '$name (from text)',
    ({ pattern, reason }) => {
      expect(rejection(() => compilePatternText(JSON.stringify(pattern))).reason).toBe(reason);
    },
  );
});

describe('wildcard complexity', () => {
  const TOO_COMPLEX =
    'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character';
  const stacks = (...names: string[]) => names.map((n) => ({ wildcard: `*:stack/${n}/*` }));

  it.each([
    { name: 'AWS example: six stars', values: [{ wildcard: '*:*:*:*:*:event-bus/*' }] },
    { name: 'many repeated sequences', values: [{ wildcard: '*a*a*a*a*a*a*b' }] },
    { name: 'four stack wildcards on one field (AWS refused)', values: stacks('a', 'b', 'c', 'd') },
    {
      name: 'anything-but wildcards count too',
      values: [{ 'anything-but': { wildcard: ['*:*:*:*:*:x/*'] } }],
    },
  ])('rejects $name', ({ values }) => {
    expect(rejection(() => compilePattern({ f: values })).reason).toBe(TOO_COMPLEX);
  });

  it.each([
    {
      name: 'AWS example: simplified ARN',
      values: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }],
    },
    {
      name: 'AWS example: repeated path',
      values: [{ wildcard: '/Users/*/dir/dir/dir/dir/dir/doc.txt' }],
    },
    { name: 'three stack wildcards on one field (AWS accepted)', values: stacks('a', 'b', 'c') },
    { name: 'five stars', values: [{ wildcard: '*:*:*:*:event-bus/*' }] },
  ])('accepts $name', ({ values }) => {
    expect(() => compilePattern({ f: values })).not.toThrow();
  });

  it('measures each field separately', () => {
    const pattern = {
      a: stacks('a', 'b', 'c'),
      b: stacks('a', 'b', 'c'),
    };
    expect(() => compilePattern(pattern)).not.toThrow();
  });

  it('adds up wildcards of the same field across $or branches', () => {
    const pattern = { $or: [{ f: stacks('a', 'b') }, { f: stacks('c', 'd') }] };
    expect(rejection(() => compilePattern(pattern)).reason).toBe(TOO_COMPLEX);
  });
});
