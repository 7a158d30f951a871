import { describe, expect, it } from 'vitest';
import { NotALogLayout } from '../../src/backtest/errors.js';
import { type LogRecord, logRecords, recordSpan } from '../../src/backtest/log-records.js';
import { corpusAvailable } from '../match/corpus.js';
import { corpusRecords } from './corpus-records.js';

const file = (records: readonly unknown[]): Buffer =>
  Buffer.from(JSON.stringify({ Records: records }));

/** What logRecords gives, each record read whole, or the error it throws. */
function split(bytes: Buffer): unknown[] | Error {
  const span = recordSpan(bytes);
  if (!span) throw new Error('not laid out as a log file');
  try {
    return [...logRecords(bytes, span)].map((r) => r.value());
  } catch (error) {
    return error as Error;
  }
}

const TOP = ['eventName', 'readOnly', 'eventTime', 'errorCode'];

/** The top fields of each record of a file written from `text`. */
function tops(text: string): (LogRecord['top'] | 'none')[] {
  const bytes = Buffer.from(`{"Records":[{"first":1},${text}]}`);
  const span = recordSpan(bytes);
  if (!span) throw new Error('not laid out as a log file');
  return [...logRecords(bytes, span, TOP)].slice(1).map((r) => r.top ?? 'none');
}

const nested = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ eventVersion: `nested-${i}`, ARN: `arn:${i}` }));

describe('the records of a log file, one at a time', () => {
  it.each([
    {
      name: 'records as CloudTrail writes them (eventVersion first)',
      records: [
        { eventVersion: '1.08', eventName: 'A' },
        { eventVersion: '1.08', eventName: 'B' },
      ],
    },
    {
      name: 'records whose keys another tool ordered',
      records: [
        { awsRegion: 'us-east-1', eventName: 'A' },
        { p_event_time: 't', eventName: 'B' },
        { awsRegion: 'eu-west-1', eventName: 'C' },
        { eventVersion: '1.08', eventName: 'D' },
      ],
    },
    {
      name: 'nested objects that begin with a record’s first key',
      records: [
        { eventVersion: '1', resources: nested(3), eventName: 'A' },
        { eventVersion: '1', responseElements: { items: nested(2) } },
        { awsRegion: 'r', requestParameters: [{ awsRegion: 'x' }, { awsRegion: 'y' }] },
        { awsRegion: 'r2' },
      ],
    },
    {
      name: 'strings that spell a separator',
      records: [
        { eventVersion: '1', note: '},{"eventVersion":"forged"}' },
        { eventVersion: '2', note: 'a\\"},{\\"eventVersion\\":' },
      ],
    },
    {
      name: 'text beyond ASCII',
      records: [
        { eventVersion: '1', userAgent: 'café ☕ 𝄞' },
        { eventVersion: '1', userAgent: 'ü' },
      ],
    },
    { name: 'one record', records: [{ eventVersion: '1' }] },
    {
      name: 'values that are not objects',
      records: [{ a: 1 }, 2, null, 'x', [{ b: 1 }], { c: 1 }],
    },
    { name: 'an empty record (no trail writes one)', records: [{ a: 1 }, {}, { b: 1 }] },
    {
      name: 'a record nesting thousands of objects',
      records: [{ eventVersion: '1', resources: nested(4000) }, { eventVersion: '2' }],
    },
  ])('gives what JSON.parse of the whole file gives: $name', ({ records }) => {
    const bytes = file(records);
    expect(split(bytes)).toEqual(JSON.parse(bytes.toString()).Records);
  });

  it('drops __proto__ keys, spelled or escaped, as intake does', () => {
    const bytes = Buffer.from(
      '{"Records":[{"eventVersion":"1","__proto__":{"admin":true}},' +
        '{"eventVersion":"2","a":{"\\u005f_proto__":{"admin":true}}}]}',
    );
    const records = split(bytes) as Record<string, unknown>[];
    expect(records).toHaveLength(2);
    expect(Object.hasOwn(records[0] as object, '__proto__')).toBe(false);
    expect(Object.hasOwn((records[1] as { a: object }).a, '__proto__')).toBe(false);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it.each([
    { name: 'pretty-printed', text: '{\n  "Records": [\n    {"a": 1}\n  ]\n}' },
    { name: 'an empty array', text: '{"Records":[]}' },
    { name: 'a value first that is not an object', text: '{"Records":[1,{"a":1}]}' },
    { name: 'another key after Records', text: '{"Records":[{"a":1}],"x":{}}' },
    { name: 'a byte order mark', text: '\ufeff{"Records":[{"a":1}]}' },
    { name: 'not a log file', text: '{"version":"0","detail":{}}' },
  ])('leaves to the whole-text parse a file $name', ({ text }) => {
    expect(recordSpan(Buffer.from(text))).toBeUndefined();
  });

  it.each([
    { name: 'a record cut short', text: '{"Records":[{"a":1},{"b":}]}' },
    { name: 'two commas', text: '{"Records":[{"a":1},,{"b":1}]}' },
    { name: 'records not separated by commas', text: '{"Records":[{"a":1} {"b":1}]}' },
    { name: 'two Records keys', text: '{"Records":[{"a":1}],"Records":[{"b":1}]}' },
    { name: 'a control character in a string', text: '{"Records":[{"a":"x\u0001"}]}' },
  ])('refuses $name, so that the whole text is parsed and its error told', ({ text }) => {
    expect(split(Buffer.from(text.replace('\\u0001', '\u0001')))).toBeInstanceOf(NotALogLayout);
  });

  it('refuses a record nested deeper than the scanner follows', () => {
    const deep = `{"Records":[{"a":${'['.repeat(3000)}${']'.repeat(3000)}}]}`;
    expect(split(Buffer.from(deep))).toBeInstanceOf(NotALogLayout);
  });

  it('never parses a record no one reads whole', () => {
    const bytes = file([{ eventName: 'A' }, { eventName: 'B' }, { eventName: 'C' }]);
    const parse = JSON.parse;
    let parsed = 0;
    JSON.parse = (text: string) => {
      parsed += 1;
      return parse(text);
    };
    try {
      const records = [...logRecords(bytes, recordSpan(bytes) ?? { start: 0, end: 0 }, TOP)];
      expect(records.map((r) => r.top?.eventName)).toEqual(['A', 'B', 'C']);
      expect(parsed).toBe(0);
      expect(records[1]?.value()).toEqual({ eventName: 'B' });
      expect(parsed).toBe(1);
    } finally {
      JSON.parse = parse;
    }
  });

  it.each([
    {
      name: 'strings, booleans and null, only the names asked for',
      text: '{"eventName":"StopLogging","readOnly":false,"errorCode":null,"other":"x"}',
      top: { eventName: 'StopLogging', readOnly: false, errorCode: null },
    },
    {
      name: 'not the same names deeper down',
      text: '{"requestParameters":{"eventName":"StopLogging"},"eventTime":"t"}',
      top: { eventTime: 't' },
    },
    { name: 'text beyond ASCII', text: '{"eventName":"café ☕"}', top: { eventName: 'café ☕' } },
    { name: 'no record object', text: '[{"eventName":"A"}]', top: 'none' },
    { name: 'an empty object', text: '{}', top: 'none' },
    { name: 'an escaped value', text: '{"eventName":"Stop\\u004cogging"}', top: 'none' },
    { name: 'an escaped key', text: '{"event\\u004eame":"StopLogging"}', top: 'none' },
    { name: 'a name twice', text: '{"eventName":"StopLogging","eventName":"A"}', top: 'none' },
    { name: 'a number', text: '{"eventName":1}', top: 'none' },
    { name: 'an object', text: '{"eventName":{"a":1}}', top: 'none' },
    { name: 'an array', text: '{"eventName":["StopLogging"]}', top: 'none' },
  ])('reads the top fields of a record off its bytes: $name', ({ text, top }) => {
    const unescaped = text.replaceAll('\\\\', '\\');
    expect(tops(`${unescaped},{"eventName":"next"}`)).toEqual([top, { eventName: 'next' }]);
  });

  it.skipIf(!corpusAvailable)(
    'gives every corpus record as JSON.parse of the whole file does',
    () => {
      const bytes = file(corpusRecords());
      const records = split(bytes);
      expect(records).not.toBeInstanceOf(Error);
      expect(records).toEqual(JSON.parse(bytes.toString()).Records);
      expect((records as unknown[]).length).toBeGreaterThan(500);
    },
  );
});
