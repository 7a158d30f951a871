import { describe, expect, it } from 'vitest';
import { IntakeError, wrapGuardDutyFinding } from '../../src/intake/index.js';
import { loadFixture, UUID } from './support.js';

const finding = (changes: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...loadFixture('guardduty-finding.json'),
  ...changes,
});

describe('wrapGuardDutyFinding', () => {
  it('wraps a raw finding as EventBridge delivers it', () => {
    const raw = finding();
    expect(wrapGuardDutyFinding(raw)).toEqual({
      version: '0',
      id: expect.stringMatching(UUID),
      'detail-type': 'GuardDuty Finding',
      source: 'aws.guardduty',
      account: '111122223333',
      time: '2024-05-06T07:30:15Z',
      region: 'eu-west-1',
      resources: [],
      detail: raw,
    });
    expect(wrapGuardDutyFinding(raw).detail).toBe(raw);
  });

  it('derives the id from the finding id and updatedAt', () => {
    const id = wrapGuardDutyFinding(finding()).id;
    expect(wrapGuardDutyFinding(finding()).id).toBe(id);
    expect(wrapGuardDutyFinding(finding({ updatedAt: '2024-05-07T00:00:00Z' })).id).not.toBe(id);
    expect(wrapGuardDutyFinding(finding({ id: 'other' })).id).not.toBe(id);
  });

  it('accepts updatedAt as epoch seconds', () => {
    expect(wrapGuardDutyFinding(finding({ updatedAt: 1714980615 })).time).toBe(
      '2024-05-06T07:30:15Z',
    );
  });

  it.each([
    ['missing updatedAt', { updatedAt: undefined }, 'missing updatedAt'],
    ['missing ids', { id: undefined, accountId: '' }, 'missing id, accountId'],
    ['a numeric account', { accountId: 111122223333 }, 'accountId must be a string, not number'],
    ['a bad updatedAt', { updatedAt: 'yesterday' }, 'updatedAt "yesterday" is not a timestamp'],
  ])('names what is wrong: %s', (_name, changes, message) => {
    expect(() => wrapGuardDutyFinding(finding(changes))).toThrow(IntakeError);
    expect(() => wrapGuardDutyFinding(finding(changes))).toThrow(message);
  });
});
