import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, parseValue } from '../../src/intake/index.js';

const nested = (n: number, inner = '1') => `${'['.repeat(n)}${inner}${']'.repeat(n)}`;

describe('parseValue bounds every text the same way, walked or not', () => {
  it.each([
    { name: 'exactly the limit', text: nested(MAX_DEPTH), deep: false },
    { name: 'one more', text: nested(MAX_DEPTH + 1), deep: true },
    {
      name: 'objects count as arrays do',
      text: `${'{"a":'.repeat(MAX_DEPTH + 1)}1${'}'.repeat(MAX_DEPTH + 1)}`,
      deep: true,
    },
    {
      name: 'brackets inside strings do not count',
      text: JSON.stringify({ a: '['.repeat(1000) }),
      deep: false,
    },
    {
      name: 'an escaped quote does not end a string',
      text: JSON.stringify({ a: `\\"${'['.repeat(500)}` }),
      deep: false,
    },
    {
      name: 'a backslash before the closing quote',
      text: `${JSON.stringify({ a: 'x\\' })}`,
      deep: false,
    },
    {
      name: 'deep after an escaped string',
      text: `[${JSON.stringify('a"b\\')},${nested(MAX_DEPTH)}]`,
      deep: true,
    },
    {
      name: 'deep, with a \\u escape (walked)',
      text: `["\\u0041",${nested(MAX_DEPTH)}]`,
      deep: true,
    },
  ])('$name', ({ text, deep }) => {
    const parsed = parseValue(text);
    expect('error' in parsed).toBe(deep);
    if (deep) expect(parsed).toEqual({ error: `JSON nesting is deeper than ${MAX_DEPTH} levels` });
  });

  it.each([
    '{"__proto__": {"polluted": true}}',
    '{"\\u005f_proto__": {"polluted": true}}',
    '{"a": [{"__pr\\u006fto__": {"polluted": true}}]}',
  ])('drops own __proto__ keys, however they are spelled: %s', (text) => {
    const parsed = parseValue(text) as { value: Record<string, unknown> };
    expect(JSON.stringify(parsed.value)).not.toContain('polluted');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
