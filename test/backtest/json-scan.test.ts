import { describe, expect, it } from 'vitest';
import { INVALID, JsonScanner, TOO_DEEP } from '../../src/backtest/json-scan.js';
import { seeded } from '../helpers/random.js';
import { corpusAvailable } from '../match/corpus.js';
import { corpusRecords } from './corpus-records.js';

const scanner = new JsonScanner();

/** Whether the scanner takes the whole text as one JSON value (whitespace around it allowed). */
function scansWhole(text: string): boolean {
  const bytes = Buffer.from(text);
  const end = scanner.scan(bytes, 0, bytes.length);
  if (end < 0) return false;
  return bytes.subarray(end).every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09);
}

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** Bytes that change what JSON means, or end it. */
const DAMAGE = [...'{}[]":,\\ 0123456789.eE+-tfnulrsau/', '\n', '\t', '\u0001', '\u001f', 'é'];

function damaged(text: string, next: () => number): string {
  const at = Math.floor(next() * (text.length + 1));
  const byte = DAMAGE[Math.floor(next() * DAMAGE.length)] ?? '';
  const kind = next();
  if (kind < 0.4) return text.slice(0, at) + text.slice(at + 1);
  if (kind < 0.7) return text.slice(0, at) + byte + text.slice(at);
  return text.slice(0, at) + byte + text.slice(at + 1);
}

describe('the JSON scanner', () => {
  it.each([
    '{"a":1}',
    ' [1, 2.5e+3, -0, 0.1, 1E-2, true, false, null] ',
    '{"a":{"b":[{},[],{"c":""}]},"d":"\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD800"}',
    '"café ☕ 𝄞"',
    '{ "a" : 1 , "b" :\n[ ] }',
    '{"a":1,}',
    '[1,]',
    '[,1]',
    '{"a":}',
    '{"a" 1}',
    '{1:2}',
    "{'a':1}",
    '{"a":1',
    '[',
    '',
    '01',
    '-',
    '-a',
    '1.',
    '.5',
    '1e',
    '1e+',
    '+1',
    '0x10',
    'tru',
    'nul',
    'True',
    'NaN',
    '"\u0001"',
    '"a\nb"',
    '"\\u12"',
    '"\\u12G4"',
    '"\\q"',
    '"\\',
    '"abc',
    '{"a":1}}',
    '[1]]',
    '{"a":1} {"b":2}',
    '\u00a0{"a":1}',
    '{"a":[1 2]}',
  ])('agrees with JSON.parse on %j', (text) => {
    expect(scansWhole(text)).toBe(parses(text));
  });

  it('ends where the value ends, before what follows it', () => {
    const bytes = Buffer.from('{"a":[1,{"b":"}"}]},{"c":2}');
    expect(scanner.scan(bytes, 0, bytes.length)).toBe(bytes.indexOf(',{"c"'));
  });

  it('never reads past the end it is given', () => {
    const bytes = Buffer.from('{"a":12345}');
    expect(scanner.scan(bytes, 0, 8)).toBe(INVALID);
    expect(scanner.scan(Buffer.from('[12345'), 0, 3)).toBe(INVALID);
    expect(scanner.scan(Buffer.from('"ab"'), 0, 3)).toBe(INVALID);
    expect(scanner.scan(Buffer.from('true'), 0, 3)).toBe(INVALID);
  });

  it('notes where each member of the outer object lies, and nothing deeper', () => {
    const text = '{"a":1,"b":{"c":2,"d":[3]},"e":"x","f":[]}';
    const bytes = Buffer.from(text);
    expect(scanner.scan(bytes, 0, bytes.length)).toBe(bytes.length);
    const members = Array.from({ length: scanner.members }, (_, m) => [
      text.slice(scanner.keyStart[m], scanner.keyEnd[m]),
      text.slice(scanner.valueStart[m], scanner.valueEnd[m]),
    ]);
    expect(members).toEqual([
      ['a', '1'],
      ['b', '{"c":2,"d":[3]}'],
      ['e', '"x"'],
      ['f', '[]'],
    ]);
    expect(scanner.escapedKey).toBe(false);
  });

  it('says when a key of the outer object is escaped, not one deeper down', () => {
    scanner.scan(Buffer.from('{"a":{"\\u0062":1}}'), 0, 18);
    expect(scanner.escapedKey).toBe(false);
    const bytes = Buffer.from('{"event\\u004eame":"StopLogging"}');
    expect(scanner.scan(bytes, 0, bytes.length)).toBe(bytes.length);
    expect(scanner.escapedKey).toBe(true);
  });

  it('says when the outer object has more members than it notes', () => {
    const many = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, i]));
    const bytes = Buffer.from(JSON.stringify(many));
    expect(scanner.scan(bytes, 0, bytes.length)).toBe(bytes.length);
    expect(scanner.overflow).toBe(true);
    scanner.scan(Buffer.from('{"a":1}'), 0, 7);
    expect(scanner.overflow).toBe(false);
  });

  it('leaves to JSON.parse a value nested deeper than it follows', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    expect(scanner.scan(Buffer.from(deep), 0, deep.length)).toBe(TOO_DEEP);
  });

  it.skipIf(!corpusAvailable)('takes every corpus record whole, as JSON.parse does', () => {
    const texts = corpusRecords().map((r) => JSON.stringify(r));
    expect(texts.length).toBeGreaterThan(500);
    for (const text of texts) expect(scansWhole(text), text.slice(0, 200)).toBe(true);
  });

  it.skipIf(!corpusAvailable)(
    'refuses exactly what JSON.parse refuses, over random damage to corpus records',
    () => {
      const texts = corpusRecords().map((r, i) => JSON.stringify(r, null, i % 2));
      const next = seeded(0x9e3779b9);
      let refused = 0;
      for (let n = 0; n < 20000; n++) {
        const text = texts[Math.floor(next() * texts.length)] ?? '';
        let bad = damaged(text, next);
        if (next() < 0.3) bad = damaged(bad, next);
        const expected = parses(bad);
        if (!expected) refused += 1;
        expect(scansWhole(bad), bad).toBe(expected);
      }
      // Both answers are well tried: most damage falls inside strings, where much is harmless.
      expect(refused).toBeGreaterThan(4000);
      expect(refused).toBeLessThan(16000);
    },
  );
});
