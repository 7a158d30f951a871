import { describe, expect, it } from 'vitest';
import { NotALogLayout } from '../../src/backtest/errors.js';
import { logRecords, recordSpan } from '../../src/backtest/log-records.js';
import { corpusAvailable } from '../match/corpus.js';
import { corpusRecords } from './corpus-records.js';

const file = (records: readonly unknown[]): Buffer =>
  Buffer.from(JSON.stringify({ Records: records }));

/** What logRecords gives, or the error it throws. */
function split(bytes: Buffer): unknown[] | Error {
  const span = recordSpan(bytes);
  if (!span) throw new Error('not laid out as a log file');
  try {
    return [...logRecords(bytes, span)];
  } catch (error) {
    return error as Error;
  }
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
    {
      name: 'a value between records that is not an object',
      text: '{"Records":[{"a":1},2,{"b":1}]}',
    },
    { name: 'a record cut short', text: '{"Records":[{"a":1},{"b":}]}' },
    { name: 'an empty record (no trail writes one)', text: '{"Records":[{"a":1},{},{"b":1}]}' },
    { name: 'two Records keys', text: '{"Records":[{"a":1}],"Records":[{"b":1}]}' },
  ])('refuses $name, so that the whole text is parsed and its error told', ({ text }) => {
    expect(split(Buffer.from(text))).toBeInstanceOf(NotALogLayout);
  });

  it('gives up, within twice the file in failed parses, when every guess is wrong', () => {
    // Thousands of nested objects that each begin as a record: each is tried and refused.
    const records = [{ eventVersion: '1', resources: nested(4000) }, { eventVersion: '2' }];
    const bytes = file(records);
    let parsed = 0;
    const parse = JSON.parse;
    JSON.parse = (text: string) => {
      parsed += text.length;
      return parse(text);
    };
    try {
      expect(split(bytes)).toBeInstanceOf(NotALogLayout);
    } finally {
      JSON.parse = parse;
    }
    expect(parsed).toBeLessThanOrEqual(2 * bytes.length + bytes.length / 10);
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
