import { describe, expect, it } from 'vitest';
import { readRuntimeConfig } from '../../src/lambda/config.js';
import { ConfigError, InvalidEventError } from '../../src/lambda/errors.js';
import { parseEvent } from '../../src/lambda/respond.js';
import { readSettings, SettingsError } from '../../src/settings.js';
import { sampleEvent } from '../helpers/events.js';

// The Lambda's edge, checked by hand (no schema library at cold start): each
// forged value is refused with the field it names.
const finding = sampleEvent('guardduty/backdoor-ec2-c-and-c-activity.json');

describe('the envelope of an incoming event', () => {
  it.each([
    ['a string', 'finding', 'event'],
    ['an array', [finding], 'event'],
    ['null', null, 'event'],
    ['an empty id', { ...finding, id: '' }, 'id'],
    ['a numeric account', { ...finding, account: 111122223333 }, 'account'],
    [
      'no source, no region',
      { ...finding, source: undefined, region: undefined },
      'source, region',
    ],
    ['detail as a list', { ...finding, detail: [] }, 'detail'],
    ['resources as a string', { ...finding, resources: 'arn:aws:ec2:...' }, 'resources'],
    ['a null version', { ...finding, version: null }, 'version'],
    ['a numeric detail-type', { ...finding, 'detail-type': 7 }, 'detail-type'],
  ])('refuses %s, naming the field', (_what, raw, fields) => {
    expect(() => parseEvent(raw)).toThrow(
      new InvalidEventError(`not an EventBridge event (${fields})`),
    );
  });

  it('defaults version, resources and detail, and keeps every other field', () => {
    const { version: _v, resources: _r, detail: _d, ...bare } = finding;
    expect(parseEvent({ ...bare, extra: 1 })).toEqual({
      ...bare,
      extra: 1,
      version: '0',
      resources: [],
      detail: {},
    });
    expect(parseEvent(finding)).toEqual(finding);
  });

  it('reads only own fields: an inherited id is no id', () => {
    const { id: _id, ...rest } = finding;
    const forged = Object.assign(Object.create({ id: 'inherited' }), rest);
    expect(() => parseEvent(forged)).toThrow('not an EventBridge event (id)');
  });
});

describe("the Lambda's own settings", () => {
  it.each([
    [
      { PARRY_TABLE_NAME: 'ab' },
      'PARRY_TABLE_NAME: Too small: expected string to have >=3 characters',
    ],
    [
      { PARRY_MAX_ACTIONS_PER_HOUR: 'many' },
      'PARRY_MAX_ACTIONS_PER_HOUR: Invalid input: expected number, received NaN',
    ],
    [
      { PARRY_MAX_ACTIONS_PER_HOUR: '1.5' },
      'PARRY_MAX_ACTIONS_PER_HOUR: Invalid input: expected int, received number',
    ],
    [
      { PARRY_MAX_ACTIONS_PER_HOUR: '-1' },
      'PARRY_MAX_ACTIONS_PER_HOUR: Too small: expected number to be >=0',
    ],
    [
      { PARRY_DEDUPE_WINDOW_HOURS: '0.5' },
      'PARRY_DEDUPE_WINDOW_HOURS: Too small: expected number to be >=1',
    ],
    [{ PARRY_LEASE_SECONDS: '7200' }, 'PARRY_LEASE_SECONDS: Too big: expected number to be <=3600'],
    [
      { PARRY_LEASE_SECONDS: 'Infinity' },
      'PARRY_LEASE_SECONDS: Invalid input: expected number, received Infinity',
    ],
    [{ PARRY_PLAN_ONLY: 'yes' }, 'PARRY_PLAN_ONLY: Invalid option: expected one of "true"|"false"'],
  ])('refuses %j', (env, message) => {
    expect(() => readRuntimeConfig(env)).toThrow(new ConfigError(message));
  });

  it('reads the numbers as written, defaults the rest, and takes an empty value as unset', () => {
    expect(
      readRuntimeConfig({
        PARRY_TABLE_NAME: 'parry-runs',
        PARRY_MAX_ACTIONS_PER_HOUR: ' 0 ',
        PARRY_DEDUPE_WINDOW_HOURS: '1.5',
        PARRY_LEASE_SECONDS: '',
      }),
    ).toEqual({
      table: 'parry-runs',
      maxActionsPerHour: 0,
      dedupeWindowSeconds: 5400,
      leaseSeconds: 300,
      planOnly: false,
    });
  });
});

describe('the shared PARRY_* settings', () => {
  it.each([
    [{ PARRY_MODE: 'dryrun' }, 'PARRY_MODE: Invalid option: expected one of "dry-run"|"enforce"'],
    [
      { PARRY_EXEMPT_TAG: 'x'.repeat(129) },
      'PARRY_EXEMPT_TAG: Too big: expected string to have <=128 characters',
    ],
    [
      { PARRY_NOTIFY_TOPIC_ARN: 'arn:aws:sqs:us-east-1:111122223333:q' },
      'PARRY_NOTIFY_TOPIC_ARN: not an SNS topic ARN',
    ],
    [
      { PARRY_EXTERNAL_ID: 'x' },
      'PARRY_EXTERNAL_ID: Too small: expected string to have >=2 characters',
    ],
    [
      { PARRY_RESPONDER_ROLE_ARN: 'arn:aws:iam::1:role/x' },
      'PARRY_RESPONDER_ROLE_ARN: not an IAM role ARN',
    ],
    [{ PARRY_ACCOUNT_ID: '11112222333' }, 'PARRY_ACCOUNT_ID: not a 12-digit account id'],
    [{ PARRY_MEMBER_ROLE_NAME: 'a/b' }, 'PARRY_MEMBER_ROLE_NAME: not an IAM role name'],
  ])('refuses %j', (env, message) => {
    expect(() => readSettings(env)).toThrow(new SettingsError(message));
  });

  it('reports the first bad variable in a fixed order, whatever the order of the environment', () => {
    expect(() => readSettings({ PARRY_ACCOUNT_ID: 'x', PARRY_MODE: 'x' })).toThrow(/^PARRY_MODE: /);
  });

  it('defaults the exempt tag and the member role name', () => {
    expect(readSettings({ PARRY_EXEMPT_TAG: '' })).toMatchObject({
      exemptTag: 'parry:exempt',
      memberRoleName: 'parry-responder',
      forceDryRun: false,
    });
  });
});
