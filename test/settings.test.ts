import { describe, expect, it } from 'vitest';
import { readSettings } from '../src/settings.js';

const TOPIC = 'arn:aws:sns:eu-west-1:111122223333:parry-prod-notifications';

describe('settings the stack passes as strings and Refs', () => {
  it('derives the responder role ARN and account from its role name and its own topic', () => {
    const settings = readSettings({
      PARRY_NOTIFY_TOPIC_ARN: TOPIC,
      PARRY_RESPONDER_ROLE_NAME: 'parry-prod-eu-west-1-responder',
    });
    expect(settings.responderRoleArn).toBe(
      'arn:aws:iam::111122223333:role/parry-prod-eu-west-1-responder',
    );
    expect(settings.responderAccount).toBe('111122223333');
  });

  it('keeps the partition of the topic (GovCloud, China)', () => {
    const settings = readSettings({
      PARRY_NOTIFY_TOPIC_ARN: 'arn:aws-us-gov:sns:us-gov-west-1:111122223333:parry-notifications',
      PARRY_RESPONDER_ROLE_NAME: 'parry-prod-us-gov-west-1-responder',
    });
    expect(settings.responderRoleArn).toBe(
      'arn:aws-us-gov:iam::111122223333:role/parry-prod-us-gov-west-1-responder',
    );
  });

  it('prefers explicit PARRY_RESPONDER_ROLE_ARN and PARRY_ACCOUNT_ID', () => {
    const settings = readSettings({
      PARRY_NOTIFY_TOPIC_ARN: TOPIC,
      PARRY_RESPONDER_ROLE_NAME: 'ignored',
      PARRY_RESPONDER_ROLE_ARN: 'arn:aws:iam::444455556666:role/own',
      PARRY_ACCOUNT_ID: '444455556666',
    });
    expect(settings).toMatchObject({
      responderRoleArn: 'arn:aws:iam::444455556666:role/own',
      responderAccount: '444455556666',
    });
  });

  it('knows no role without an account to put it in', () => {
    expect(readSettings({ PARRY_RESPONDER_ROLE_NAME: 'r' }).responderRoleArn).toBeUndefined();
  });

  it('rejects a role name IAM would not accept, naming the variable', () => {
    expect(() => readSettings({ PARRY_RESPONDER_ROLE_NAME: 'a role' })).toThrow(
      'PARRY_RESPONDER_ROLE_NAME: not an IAM role name',
    );
  });
});
