import { describe, expect, it } from 'vitest';
import { addedIngress } from '../../../src/actions/revoke-security-group-ingress/added-rules.js';
import { isOpenCidr } from '../../../src/actions/revoke-security-group-ingress/cidr.js';
import { revokeSecurityGroupIngress } from '../../../src/actions/revoke-security-group-ingress/index.js';
import { ActionInputError } from '../../../src/actions/types.js';
import { sampleEvent } from '../../helpers/events.js';
import { planFor, remediationFixture } from './support.js';

describe('isOpenCidr', () => {
  it.each([
    ['0.0.0.0/0', true],
    ['::/0', true],
    ['203.0.113.7/0', true],
    ['10.0.0.0/8', false],
    ['0.0.0.0/16', false],
    ['0.0.0.0/1', false],
    ['2001:db8::/32', false],
    ['0.0.0.0', false],
    ['', false],
  ])('%s is open: %s', (cidr, open) => {
    expect(isOpenCidr(cidr)).toBe(open);
  });
});

describe('revoke-security-group-ingress plan', () => {
  it('skips a call that added only a private range', () => {
    const plan = planFor(
      revokeSecurityGroupIngress,
      sampleEvent('cloudtrail/authorize-sg-ingress-private-cidr.json'),
    );

    expect(plan).toEqual({
      target: 'sg-0e3f4a5b6c7d8e9f0',
      calls: [],
      skip: 'the call added no rule open to 0.0.0.0/0 or ::/0',
    });
  });

  it('reads the open rules of the older record by value, with numeric ports', () => {
    const added = addedIngress(remediationFixture('authorize-sg-ingress-without-rule-ids.json'));

    expect(added).toEqual({
      groupId: 'sg-0c2d3e4f5a6b7c8d9',
      byRuleId: false,
      open: [
        { protocol: 'tcp', fromPort: 8080, toPort: 8080, cidr: '0.0.0.0/0', family: 'ipv4' },
        { protocol: '-1', cidr: '::/0', family: 'ipv6' },
      ],
      keptCount: 1,
    });
  });

  it.each([
    {
      name: 'a failed call without responseElements',
      event: () => remediationFixture('authorize-sg-ingress-failed.json'),
      message:
        'the AuthorizeSecurityGroupIngress record has no responseElements (the call failed or the record is incomplete): no added rule to revoke',
    },
    {
      name: 'another event',
      event: () => sampleEvent('cloudtrail/stop-logging.json'),
      message:
        'revoke-security-group-ingress acts on AuthorizeSecurityGroupIngress calls, not StopLogging',
    },
  ])('refuses $name with an ActionInputError', ({ event, message }) => {
    const plan = () => planFor(revokeSecurityGroupIngress, event());

    expect(plan).toThrow(ActionInputError);
    expect(plan).toThrow(message);
  });

  it('refuses params: the event alone says what to revoke', () => {
    const parsed = revokeSecurityGroupIngress.params.safeParse({ 'group-id': 'sg-1' });

    expect(parsed.success).toBe(false);
  });
});
