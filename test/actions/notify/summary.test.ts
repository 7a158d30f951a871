import { describe, expect, it } from 'vitest';
import { summarize } from '../../../src/actions/notify/summary.js';
import type { EventBridgeEvent } from '../../../src/event/envelope.js';
import { sampleEvent } from '../../helpers/events.js';

describe('summarize', () => {
  it.each([
    [
      'guardduty/backdoor-ec2-c-and-c-activity.json',
      {
        title:
          'Command and Control server domain name queried by EC2 instance i-0a1b2c3d4e5f60718.',
        type: 'Backdoor:EC2/C&CActivity.B!DNS',
        severity: 'High',
        score: 8,
        account: '111122223333',
        region: 'us-east-1',
        resource: 'Instance i-0a1b2c3d4e5f60718 (payments-web-01)',
        remote: 'guarddutyc2activityb.com',
        id: '51ea40b07088b482c23174d06cde3e3a',
        time: '2026-03-14T09:02:41.912Z',
        link: 'https://us-east-1.console.aws.amazon.com/guardduty/home?region=us-east-1#/findings?macros=current&fId=51ea40b07088b482c23174d06cde3e3a',
      },
    ],
    [
      'guardduty/iam-malicious-ip-caller.json',
      {
        type: 'UnauthorizedAccess:IAMUser/MaliciousIPCaller',
        severity: 'Medium',
        score: 5,
        account: '444455556666',
        resource: 'AccessKey AKIA5QZX3RVBLEXAMPLE (IAMUser ci-deployer)',
        actor: 'IAMUser ci-deployer',
        remote: '203.0.113.45',
      },
    ],
    [
      'guardduty/recon-ec2-portprobe-unprotected-port.json',
      { severity: 'Low', score: 2, remote: '198.51.100.201' },
    ],
    ['guardduty/trojan-ec2-dns-data-exfiltration.json', { severity: 'High', region: 'eu-west-1' }],
    [
      'cloudtrail/stop-logging.json',
      {
        title:
          'cloudtrail:StopLogging by arn:aws:iam::111122223333:user/dev-jsmith from 192.0.2.199',
        type: 'cloudtrail:StopLogging',
        severity: 'none',
        account: '111122223333',
        region: 'us-east-1',
        resource: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit-trail',
        actor: 'arn:aws:iam::111122223333:user/dev-jsmith',
        remote: '192.0.2.199',
        id: 'e07576f1-9e8d-4918-922e-403b1102e33f',
        time: '2026-03-18T15:02:37Z',
        link: 'https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/e07576f1-9e8d-4918-922e-403b1102e33f',
      },
    ],
    [
      'cloudtrail/authorize-sg-ingress-open-ipv4.json',
      {
        type: 'ec2:AuthorizeSecurityGroupIngress',
        account: '444455556666',
        resource: 'sg-0a7b6c5d4e3f21098',
        remote: '198.51.100.92',
      },
    ],
    [
      'cloudtrail/delete-trail.json',
      {
        type: 'cloudtrail:DeleteTrail',
        account: '444455556666',
        region: 'eu-west-1',
        link: 'https://eu-west-1.console.aws.amazon.com/cloudtrailv2/home?region=eu-west-1#/events/6b4cb1d5-e1f9-4325-a68d-c3e885547d61',
      },
    ],
    [
      'cloudtrail/console-sign-in.json',
      {
        title:
          'signin:ConsoleLogin (Success, MFA No) by arn:aws:iam::111122223333:user/finance-reports from 198.51.100.24',
        type: 'signin:ConsoleLogin',
        severity: 'none',
      },
    ],
  ])('summarizes %s', (file, expected) => {
    expect(summarize(sampleEvent(file))).toMatchObject(expected);
  });

  it('keeps every field on one bounded line, whatever the event says', () => {
    const event = sampleEvent('guardduty/backdoor-ec2-c-and-c-activity.json');
    event.detail.title = `Line one\nSeverity:  Low\r\n${'x'.repeat(5000)}`;
    const summary = summarize(event);
    expect(summary.title.startsWith('Line one Severity:  Low xxx')).toBe(true);
    expect([...summary.title].length).toBe(512);
    expect(summary.title.endsWith('...')).toBe(true);
  });

  it('names the resource of a CloudTrail event from its envelope resources when it has them', () => {
    const event = sampleEvent('cloudtrail/stop-logging.json');
    event.resources = ['arn:aws:cloudtrail:us-east-1:111122223333:trail/a'];
    expect(summarize(event).resource).toBe('arn:aws:cloudtrail:us-east-1:111122223333:trail/a');
  });

  it('says when a CloudTrail call failed', () => {
    expect(summarize(sampleEvent('cloudtrail/stop-logging-access-denied.json')).title).toMatch(
      /\(failed: AccessDenied\)$/,
    );
  });

  it('summarizes an event that is neither GuardDuty nor CloudTrail by its envelope', () => {
    const event: EventBridgeEvent = {
      version: '0',
      id: 'run-1',
      'detail-type': 'Parry Playbook Run',
      source: 'parry',
      account: '111122223333',
      time: '2026-03-14T09:03:00Z',
      region: 'us-east-1',
      resources: [],
      detail: {},
    };
    expect(summarize(event)).toEqual({
      title: 'Parry Playbook Run from parry',
      type: 'parry:Parry Playbook Run',
      severity: 'none',
      account: '111122223333',
      region: 'us-east-1',
      resource: 'not named in the event',
      id: 'run-1',
      time: '2026-03-14T09:03:00Z',
    });
  });
});
