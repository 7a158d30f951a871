import { describe, expect, it } from 'vitest';
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
    ['in a member account, named in another case', MEMBER, 'Parry-Responder', true],
    ["in parry's own account, where parry never uses it", SECURITY, 'parry-responder', false],
  ])('the GuardDuty guard, for a finding on the member role %s', (_name, account, role, own) => {
    const finding = sampleEvent('guardduty/iam-instance-credential-exfiltration-outside-aws.json');
    finding.detail.accountId = account;
    const key = (finding.detail.resource as Record<string, Record<string, unknown>>)
      .accessKeyDetails;
    if (key) Object.assign(key, { userType: 'AssumedRole', userName: role });
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
