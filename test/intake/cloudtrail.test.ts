import { describe, expect, it } from 'vitest';
import {
  cloudTrailSource,
  IntakeError,
  isHeldBackAsReadOnly,
  wrapCloudTrailRecord,
} from '../../src/intake/index.js';
import { loadFixture, UUID } from './support.js';

const record = (changes: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...loadFixture('cloudtrail-record.json'),
  ...changes,
});

const without = (...keys: string[]): Record<string, unknown> => {
  const copy = record();
  for (const key of keys) delete copy[key];
  return copy;
};

const wrapped = (value: Record<string, unknown>) => {
  const event = wrapCloudTrailRecord(value);
  if (event === 'read-only') throw new Error('expected an event, got read-only');
  return event;
};

describe('wrapCloudTrailRecord', () => {
  it('wraps a record as EventBridge delivers it', () => {
    const raw = record();
    expect(wrapCloudTrailRecord(raw)).toEqual({
      version: '0',
      id: expect.stringMatching(UUID),
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.iam',
      account: '111122223333',
      time: '2024-05-06T08:00:00Z',
      region: 'us-east-1',
      resources: [],
      detail: raw,
    });
  });

  it.each([
    ['AwsApiCall', 'AWS API Call via CloudTrail'],
    ['AwsConsoleSignIn', 'AWS Console Sign In via CloudTrail'],
    ['AwsConsoleAction', 'AWS Console Action via CloudTrail'],
    ['AwsServiceEvent', 'AWS Service Event via CloudTrail'],
    ['AwsCloudTrailInsight', 'AWS Insight via CloudTrail'],
    ['AwsVpceEvent', 'AWS Network Activity Event via CloudTrail'],
  ])('gives eventType %s the detail-type "%s"', (eventType, detailType) => {
    expect(wrapped(record({ eventType }))['detail-type']).toBe(detailType);
  });

  it('treats a record from before eventType existed (eventVersion 1.0) as an API call', () => {
    const old = without('eventType');
    old.eventVersion = '1.0';
    expect(wrapped(old)['detail-type']).toBe('AWS API Call via CloudTrail');
  });

  it('keeps the record itself, unchanged, as detail', () => {
    const raw = record({ resources: [{ ARN: 'arn:aws:iam::111122223333:user/bob' }] });
    const copy = structuredClone(raw);
    const event = wrapped(raw);
    expect(event.detail).toBe(raw);
    expect(raw).toEqual(copy);
    expect(event.resources).toEqual([]);
  });

  it('takes the account from userIdentity when recipientAccountId is absent', () => {
    expect(wrapped(without('recipientAccountId')).account).toBe('111122223333');
  });

  it('derives the same id from the same eventID, and different ids from different ones', () => {
    const first = wrapped(record()).id;
    expect(wrapped(record()).id).toBe(first);
    expect(wrapped(record({ eventID: 'another' })).id).not.toBe(first);
    expect(first).not.toBe(record().eventID);
  });

  it('derives a stable id from the record when it has no eventID', () => {
    const id = wrapped(without('eventID')).id;
    expect(id).toMatch(UUID);
    expect(wrapped(without('eventID')).id).toBe(id);
  });

  it('returns read-only for a read-only management event', () => {
    expect(wrapCloudTrailRecord(record({ eventName: 'ListAccessKeys', readOnly: true }))).toBe(
      'read-only',
    );
  });

  it('skips a read-only record even when it could not have been wrapped', () => {
    const incomplete = without('eventTime', 'awsRegion');
    expect(wrapCloudTrailRecord({ ...incomplete, eventName: 'GetUser', readOnly: true })).toBe(
      'read-only',
    );
  });

  it.each([
    ['eventTime', without('eventTime'), 'missing eventTime'],
    [
      'several fields',
      without('eventSource', 'eventTime', 'awsRegion'),
      'missing eventSource, eventTime, awsRegion',
    ],
    ['eventType', without('eventType'), 'missing eventType'],
    [
      'both accounts',
      { ...without('recipientAccountId'), userIdentity: {} },
      'missing recipientAccountId (and userIdentity.accountId)',
    ],
    ['an unknown eventType', record({ eventType: 'AwsSomethingNew' }), 'unknown eventType'],
    ['a redacted eventTime', record({ eventTime: '...' }), 'eventTime "..." is not a timestamp'],
    [
      'an eventSource of another form',
      record({ eventSource: 'iam' }),
      'eventSource "iam" is not <service>.amazonaws.com',
    ],
    [
      'a numeric account',
      record({ recipientAccountId: 111122223333 }),
      'recipientAccountId must be a string, not number',
    ],
  ])('names what is wrong: %s', (_name, value, message) => {
    expect(() => wrapCloudTrailRecord(value)).toThrow(IntakeError);
    expect(() => wrapCloudTrailRecord(value)).toThrow(message);
  });
});

describe('cloudTrailSource', () => {
  it.each([
    ['ec2.amazonaws.com', 'aws.ec2'],
    ['signin.amazonaws.com', 'aws.signin'],
    ['monitoring.amazonaws.com', 'aws.monitoring'],
    ['cloudtrail-data.amazonaws.com', 'aws.cloudtrail-data'],
    ['ec2-instance-connect.amazonaws.com', 'aws.ec2-instance-connect'],
    ['elasticloadbalancing.amazonaws.com', 'aws.elasticloadbalancing'],
  ])('maps eventSource %s to source %s', (eventSource, source) => {
    expect(cloudTrailSource({ eventType: 'AwsApiCall', eventSource })).toBe(source);
  });

  it('gives Insights events, which have no eventSource, the source aws.cloudtrail', () => {
    expect(cloudTrailSource({ eventType: 'AwsCloudTrailInsight' })).toBe('aws.cloudtrail');
  });
});

describe('isHeldBackAsReadOnly', () => {
  const api = { eventType: 'AwsApiCall', eventSource: 'iam.amazonaws.com' };
  it.each([
    ['a management event marked readOnly', { eventName: 'GetUser', readOnly: true }, true],
    ['readOnly written as a string', { eventName: 'GetUser', readOnly: 'True' }, true],
    ['a write marked readOnly: false', { eventName: 'CreateUser', readOnly: false }, false],
    ['readOnly: false whatever the name', { eventName: 'DescribeThing', readOnly: false }, false],
    [
      'a read-only data event (S3 GetObject)',
      { eventName: 'GetObject', readOnly: true, managementEvent: false, eventCategory: 'Data' },
      false,
    ],
    [
      'a read-only network activity event',
      { eventType: 'AwsVpceEvent', eventName: 'ListKeys', eventCategory: 'NetworkActivity' },
      false,
    ],
    ['Describe* without readOnly', { eventName: 'DescribeInstances' }, true],
    ['Get* without readOnly', { eventName: 'GetSecretValue' }, true],
    ['List* without readOnly', { eventName: 'ListBuckets' }, true],
    ['GetSessionToken, which STS counts as mutating', { eventName: 'GetSessionToken' }, false],
    ['GetFederationToken, likewise', { eventName: 'GetFederationToken' }, false],
    ['a word that merely starts with Get', { eventName: 'Getaway' }, false],
    ['a write without readOnly', { eventName: 'PutBucketPolicy' }, false],
    ['a console sign-in', { eventType: 'AwsConsoleSignIn', eventName: 'GetSigninToken' }, false],
  ])('%s → %s', (_name, fields, heldBack) => {
    expect(isHeldBackAsReadOnly({ ...api, ...fields })).toBe(heldBack);
  });
});
