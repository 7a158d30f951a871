import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, parseDocuments } from '../../src/intake/json.js';
import { locateSyntaxError } from '../../src/intake/json-error.js';

const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('parseDocuments', () => {
  it('reads one JSON document', () => {
    expect(parseDocuments('{"a": 1}\n', 'one.json')).toEqual([
      { source: 'one.json', value: { a: 1 } },
    ]);
  });

  it.each([
    ['a missing comma', '{\n  "id": "x"\n  "source": "y"\n}', 'line 3 column 3'],
    ['a trailing comma', '{"a": 1,}', 'line 1 column 9'],
    ['a truncated document', '{\n  "a": [1, 2', 'line 2 column 13'],
    ['text that is not JSON', 'hello', 'line 1 column 1'],
    ['a control character in a string', '{"a": "x\ty"}', 'line 1 column 9'],
    ['a bare word as a value', '{\n  "a": hello\n}', 'line 2 column 8'],
  ])('says where %s is', (_name, text, where) => {
    const [document] = parseDocuments(text, 'bad.json');
    expect(document).toEqual({ source: 'bad.json', error: expect.stringContaining(where) });
    expect(document && 'error' in document && document.error).toMatch(/^invalid JSON at line/);
  });

  it('reads JSON Lines, one document per non-blank line, named by index', () => {
    const text = '{"a":1}\n\n{"b":2}\r\n{"c":\n';
    expect(parseDocuments(text, 'siem.jsonl', { lines: true })).toEqual([
      { source: 'siem.jsonl#0', value: { a: 1 } },
      { source: 'siem.jsonl#1', value: { b: 2 } },
      { source: 'siem.jsonl#2', error: expect.stringMatching(/^invalid JSON at line 4 column 6/) },
    ]);
  });

  it('recognises JSON Lines whatever the file is called', () => {
    const documents = parseDocuments('{"a":1}\n{"b":2}\n', 'export.json');
    expect(documents.map((document) => document.source)).toEqual([
      'export.json#0',
      'export.json#1',
    ]);
  });

  it('keeps a broken pretty-printed document as one error', () => {
    expect(parseDocuments('{\n  "a": 1\n  "b": 2\n}\n', 'pretty.json')).toHaveLength(1);
  });

  it(`accepts nesting of ${MAX_DEPTH} levels and rejects deeper`, () => {
    expect(parseDocuments(nested(MAX_DEPTH), 'ok.json')).toEqual([
      { source: 'ok.json', value: expect.any(Array) },
    ]);
    expect(parseDocuments(nested(MAX_DEPTH + 1), 'deep.json')).toEqual([
      { source: 'deep.json', error: `JSON nesting is deeper than ${MAX_DEPTH} levels` },
    ]);
    expect(parseDocuments(nested(100_000), 'hostile.json')[0]).toHaveProperty('error');
  });

  it('drops __proto__ keys, so that no later merge can set a prototype', () => {
    const text =
      '{"detail": {"__proto__": {"polluted": true}, "ok": 1}, "\\u005f_proto__": {"x": 1}}';
    const [document] = parseDocuments(text, 'hostile.json');
    const value =
      document && 'value' in document ? (document.value as Record<string, unknown>) : {};
    expect(Object.hasOwn(value, '__proto__')).toBe(false);
    expect(value.detail).toEqual({ ok: 1 });
    expect(Object.assign({}, value.detail)).not.toHaveProperty('polluted');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('locateSyntaxError', () => {
  // Where V8 names an offset, ours must agree with it.
  it.each([
    ['{"a" 1}'],
    ['{"a": -}'],
    ['{"a": 01}'],
    ['{"a": "\\x"}'],
    ['[1e]'],
    ['"abc'],
    ['["a\\u12"]'],
    ['{"a":1}x'],
    ['{"a": [1, 2}'],
    ['[[[[{"a": {"b": [1, 2, {"c": nul}]}}]]]]'],
  ])('finds the offset V8 reports in %s', (text) => {
    let message = '';
    try {
      JSON.parse(text);
    } catch (error) {
      message = (error as Error).message;
    }
    const reported = /at position (\d+)/.exec(message);
    if (reported) expect(locateSyntaxError(text)).toBe(Number(reported[1]));
    else expect(locateSyntaxError(text)).toBeLessThanOrEqual(text.length);
  });
});
