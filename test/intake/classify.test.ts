import { describe, expect, it } from 'vitest';
import { classify, type IntakeItem } from '../../src/intake/index.js';
import { loadFixture, summary } from './support.js';

const errorOf = (items: IntakeItem[]): string | undefined =>
  items[0]?.kind === 'error' ? items[0].error : undefined;

describe('classify', () => {
  it.each([
    ['an EventBridge event', 'eventbridge-event.json', ['event:eventbridge']],
    ['a raw GuardDuty finding', 'guardduty-finding.json', ['event:guardduty-finding']],
    ['a raw CloudTrail record', 'cloudtrail-record.json', ['event:cloudtrail-record']],
    [
      'a CloudTrail log file',
      'cloudtrail-log.json',
      [
        'event:cloudtrail-record',
        'skipped:read-only',
        'event:cloudtrail-record',
        'event:cloudtrail-record',
        'error',
      ],
    ],
    ['a JSON value that is no event', 'not-an-event.json', ['error']],
  ])('reads %s', (_name, file, kinds) => {
    expect(summary(classify(loadFixture(file), file))).toEqual(kinds);
  });

  it('names each record of a log file by its index', () => {
    const items = classify(loadFixture('cloudtrail-log.json'), 'trail.json');
    expect(items.map((item) => item.source)).toEqual([
      'trail.json#0',
      'trail.json#1',
      'trail.json#2',
      'trail.json#3',
      'trail.json#4',
    ]);
    expect(items[4]).toEqual({
      kind: 'error',
      source: 'trail.json#4',
      error: 'CloudTrail record cannot be wrapped: missing eventTime',
    });
  });

  it('reads each element of a top-level array, of any kind', () => {
    const mixed = [
      loadFixture('eventbridge-event.json'),
      loadFixture('guardduty-finding.json'),
      loadFixture('cloudtrail-log.json'),
    ];
    const items = classify(mixed, 'mixed.json');
    expect(items.map((item) => item.source)).toEqual([
      'mixed.json#0',
      'mixed.json#1',
      'mixed.json#2#0',
      'mixed.json#2#1',
      'mixed.json#2#2',
      'mixed.json#2#3',
      'mixed.json#2#4',
    ]);
  });

  it('keeps an EventBridge event as it is, with the envelope defaults filled in', () => {
    const event = { ...loadFixture('eventbridge-event.json') };
    delete event.version;
    delete event.resources;
    const [item] = classify(event, 'event.json');
    expect(item).toMatchObject({
      kind: 'event',
      origin: 'eventbridge',
      event: { version: '0', resources: [], source: 'aws.guardduty' },
    });
  });

  it.each([
    [
      'an envelope missing fields',
      { source: 'aws.ec2', 'detail-type': 'X', detail: {} },
      'not an EventBridge event: missing id, account, time, region',
    ],
    [
      'an envelope with a numeric account',
      { ...loadFixture('eventbridge-event.json'), account: 12345 },
      'not an EventBridge event: account must be a string, not number',
    ],
    [
      'an envelope whose detail is a string',
      { ...loadFixture('eventbridge-event.json'), detail: '{}' },
      'not an EventBridge event: detail must be an object, not string',
    ],
    [
      'an envelope with an empty id',
      { ...loadFixture('eventbridge-event.json'), id: '' },
      'not an EventBridge event: id must not be empty',
    ],
    [
      'an unrelated object',
      { configRuleName: 'x', resultToken: 'y' },
      'not an EventBridge event, GuardDuty finding or CloudTrail record: an object with keys configRuleName, resultToken',
    ],
    ['a string', 'hello', 'not an event: a string "hello"'],
    ['a number', 42, 'not an event: a number (42)'],
    ['null', null, 'not an event: null'],
    ['an empty array', [], 'empty JSON array: no events'],
    ['a log file without records', { Records: [] }, 'CloudTrail log file with no Records'],
    [
      'a log file whose Records is not an array',
      { Records: 'none' },
      'not a CloudTrail log file: Records is a string',
    ],
    [
      'a finding missing updatedAt',
      { ...loadFixture('guardduty-finding.json'), updatedAt: undefined },
      'GuardDuty finding cannot be wrapped: missing updatedAt',
    ],
  ])('says why it cannot use %s', (_name, value, message) => {
    const items = classify(value, 'input.json');
    expect(items).toHaveLength(1);
    expect(errorOf(items)).toBe(message);
  });

  it('treats a CloudTrail event about GuardDuty as CloudTrail, not as a finding', () => {
    const [item] = classify(
      { ...loadFixture('cloudtrail-record.json'), eventSource: 'guardduty.amazonaws.com' },
      'record.json',
    );
    expect(item).toMatchObject({ kind: 'event', origin: 'cloudtrail-record' });
    expect(item?.kind === 'event' && item.event.source).toBe('aws.guardduty');
    expect(item?.kind === 'event' && item.event['detail-type']).toBe('AWS API Call via CloudTrail');
  });

  it('never throws, whatever it is given', () => {
    const hostile: unknown[] = [
      undefined,
      Symbol('x'),
      { Records: [null, 1, 'x', [], {}] },
      { eventType: { nested: true } },
      {
        'detail-type': 'X',
        source: 'aws.x',
        detail: {},
        id: 1,
        account: [],
        time: {},
        region: null,
      },
      Object.create(null),
    ];
    for (const value of hostile) {
      const items = classify(value, 'hostile.json');
      expect(items.length).toBeGreaterThan(0);
      for (const item of items) {
        if (item.kind === 'error') expect(item.error).toMatch(/^[^\n]+$/);
      }
    }
  });
});
