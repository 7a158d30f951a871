import { describe, expect, it } from 'vitest';
import { isExempt } from '../../src/actions/exempt.js';
import { ownRoleOf } from '../../src/actions/own-role.js';
import { testSettings } from '../helpers/execute.js';

const SECURITY = '111122223333';
const MEMBER = '444455556666';
const settings = testSettings({
  responderRoleArn: `arn:aws:iam::${SECURITY}:role/parry-prod-responder`,
});

describe("parry's own roles, the one rule", () => {
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
