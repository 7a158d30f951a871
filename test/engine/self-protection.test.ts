import { describe, expect, it } from 'vitest';
import { isExempt } from '../../src/actions/exempt.js';
import { ownRoleOf } from '../../src/actions/own-role.js';
import { targetOf } from '../../src/aws/target.js';
import { guardReason, isOwnPrincipal } from '../../src/engine/index.js';
import type { EventBridgeEvent } from '../../src/event/envelope.js';
import { sampleEvent } from '../helpers/events.js';
import { testSettings } from '../helpers/execute.js';

const SECURITY = '111122223333';
const MEMBER = '444455556666';
const settings = testSettings({
  responderRoleArn: `arn:aws:iam::${SECURITY}:role/parry-prod-responder`,
});

/** A custom event: whatever a PutEvents caller wrote, with the envelope EventBridge set. */
const custom = (account: string, detail: Record<string, unknown>): EventBridgeEvent => ({
  version: '0',
  id: 'c1',
  'detail-type': 'Quarantine me',
  source: 'evil.app',
  account,
  time: '2026-11-22T10:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail,
});

describe('where parry acts: only fields AWS sets', () => {
  it('never takes the account or region of a custom event from its detail', () => {
    const forged = custom(SECURITY, {
      recipientAccountId: MEMBER,
      awsRegion: 'eu-west-1',
      accountId: MEMBER,
    });
    expect(targetOf(forged)).toEqual({ account: SECURITY, region: 'us-east-1' });
  });

  it("takes a GuardDuty finding's account and a CloudTrail event's recipient account", () => {
    const finding = sampleEvent('guardduty/backdoor-ec2-c-and-c-activity.json');
    finding.detail.accountId = MEMBER;
    const record = sampleEvent('cloudtrail/stop-logging.json');
    record.detail.recipientAccountId = MEMBER;
    expect(targetOf(finding).account).toBe(MEMBER);
    expect(targetOf(record).account).toBe(MEMBER);
  });

  it('guards a custom event sent from another account, and lets its own account through', () => {
    expect(guardReason(custom(MEMBER, {}), settings)).toBe(
      `custom event (source evil.app) from account ${MEMBER}: parry acts on another account only for events AWS produced (source aws.*)`,
    );
    expect(guardReason(custom(SECURITY, {}), settings)).toBeUndefined();
  });
});

describe("parry's own roles: by name in any case, and by account", () => {
  it.each([
    ['the stack role', SECURITY, 'parry-prod-responder', 'stack role'],
    ['the stack role in another case', SECURITY, 'PARRY-Prod-Responder', 'stack role'],
    ["the stack role's name in another account", MEMBER, 'parry-prod-responder', undefined],
    ['the member role in a member account', MEMBER, 'parry-responder', 'member role'],
    ['the member role in another case', MEMBER, 'PARRY-Responder', 'member role'],
    ["the member role's name in parry's own account", SECURITY, 'parry-responder', undefined],
    ['another role', MEMBER, 'web-app-role', undefined],
  ])('%s', (_name, account, role, own) => {
    expect(ownRoleOf({ account, role }, settings)).toBe(own);
  });

  it.each([
    ['in a member account', MEMBER, true],
    ["in parry's own account, where parry never uses it", SECURITY, false],
  ])('the GuardDuty guard matches a finding on the member role %s', (_name, account, own) => {
    const finding = sampleEvent('guardduty/iam-instance-credential-exfiltration-outside-aws.json');
    finding.detail.accountId = account;
    const key = (finding.detail.resource as Record<string, Record<string, unknown>>)
      .accessKeyDetails;
    if (key) Object.assign(key, { userType: 'AssumedRole', userName: 'Parry-Responder' });
    expect(isOwnPrincipal(finding, settings)).toBe(own);
  });

  it("does not take a caller's role of another account for parry's (remoteAccountDetails)", () => {
    const finding = sampleEvent('guardduty/iam-instance-credential-exfiltration-outside-aws.json');
    finding.detail.accountId = MEMBER;
    const detail = finding.detail as Record<string, Record<string, Record<string, unknown>>>;
    Object.assign(detail.resource?.accessKeyDetails ?? {}, {
      userType: 'AssumedRole',
      userName: 'parry-responder',
    });
    Object.assign(detail.service?.action ?? {}, {
      awsApiCallAction: { remoteAccountDetails: { accountId: SECURITY, affiliated: false } },
    });
    expect(isOwnPrincipal(finding, settings)).toBe(false);
  });
});

describe('exempt tags: one rule on every resource kind', () => {
  it.each([
    ['an EC2/IAM tag list', [{ Key: 'Parry:Exempt', Value: '' }], true],
    ['a map of tags (an instance or ENI as parry reads it)', { 'PARRY:EXEMPT': 'x' }, true],
    ['another tag', [{ Key: 'parry:exempted' }], false],
    ['no tags', undefined, false],
  ])('%s', (_name, tags, exempt) => {
    expect(isExempt(tags, 'parry:exempt')).toBe(exempt);
  });
});
