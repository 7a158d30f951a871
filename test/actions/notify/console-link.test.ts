import { describe, expect, it } from 'vitest';
import { cloudTrailLink, guardDutyLink } from '../../../src/actions/notify/console-link.js';

describe('console links from event text', () => {
  it('survive a lone surrogate (URI malformed before) and keep to the console host', () => {
    expect(cloudTrailLink('\ud800', 'e1')).toBe(
      'https://console.aws.amazon.com/cloudtrailv2/home?region=%EF%BF%BD#/events/e1',
    );
    expect(guardDutyLink('us-east-1', 'a\udc00b')).toBe(
      'https://us-east-1.console.aws.amazon.com/guardduty/home?region=us-east-1#/findings?macros=current&fId=a%EF%BF%BDb',
    );
  });

  it('never put a value that is not a region name into the host', () => {
    expect(cloudTrailLink('evil.example/x', 'e1')).toMatch(
      /^https:\/\/console\.aws\.amazon\.com\//,
    );
  });

  it('keep surrogate pairs whole', () => {
    expect(guardDutyLink('eu-west-1', '😀')).toContain('fId=%F0%9F%98%80');
  });
});
