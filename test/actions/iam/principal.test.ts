import { describe, expect, it } from 'vitest';
import { principalOf, rolePathOf } from '../../../src/actions/revoke-sessions/principal.js';
import { sampleEvent } from '../../helpers/events.js';
import { iamFixture } from './support.js';

describe('principalOf', () => {
  it.each([
    [
      'GuardDuty AssumedRole: userName is the role',
      sampleEvent('guardduty/iam-instance-credential-exfiltration-outside-aws.json'),
      { kind: 'role', name: 'web-app-role' },
    ],
    [
      'GuardDuty IAMUser',
      sampleEvent('guardduty/iam-tor-ip-caller.json'),
      { kind: 'user', name: 'dev-jsmith' },
    ],
    ['GuardDuty Root', sampleEvent('guardduty/root-credential-usage.json'), { kind: 'root' }],
    [
      'CloudTrail AssumedRole: the session issuer, with path and account',
      sampleEvent('cloudtrail/delete-trail.json'),
      {
        kind: 'role',
        name: 'AWSReservedSSO_AdministratorAccess_3f2a1b4c5d6e7f80',
        path: '/aws-reserved/sso.amazonaws.com/eu-west-1/',
        account: '444455556666',
      },
    ],
    [
      'CloudTrail AssumedRole with a path',
      iamFixture('role-with-path.json'),
      { kind: 'role', name: 'etl-runner', path: '/data/', account: '111122223333' },
    ],
    [
      'CloudTrail IAMUser',
      sampleEvent('cloudtrail/stop-logging.json'),
      { kind: 'user', name: 'dev-jsmith', account: '111122223333' },
    ],
    [
      'CloudTrail FederatedUser: the IAM user that issued it',
      iamFixture('federated-user.json'),
      { kind: 'user', name: 'build-bot', account: '111122223333', via: 'FederatedUser' },
    ],
    ['CloudTrail Root', iamFixture('root-access-key.json'), { kind: 'root' }],
  ])('%s', (_name, event, expected) => {
    expect(principalOf(event)).toEqual(expected);
  });

  it('names the role from the session ARN when the issuer is missing', () => {
    const event = sampleEvent('cloudtrail/authorize-sg-ingress-private-cidr.json');
    event.detail.userIdentity = {
      type: 'AssumedRole',
      arn: 'arn:aws:sts::111122223333:assumed-role/terraform-ci/gha-1',
    };

    expect(principalOf(event)).toEqual({
      kind: 'role',
      name: 'terraform-ci',
      account: '111122223333',
    });
  });

  it.each([
    [
      'an AWS service',
      { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' },
      { kind: 'unsupported', type: 'AWSService' },
    ],
    ['no type', {}, { kind: 'none' }],
    ['an IAMUser without a name', { type: 'IAMUser' }, { kind: 'none' }],
  ])('reports %s as unusable', (_name, userIdentity, expected) => {
    const event = sampleEvent('cloudtrail/stop-logging.json');
    event.detail.userIdentity = userIdentity;

    expect(principalOf(event)).toEqual(expected);
  });
});

describe('rolePathOf', () => {
  it.each([
    ['arn:aws:iam::111122223333:role/web-app-role', '/'],
    ['arn:aws:iam::111122223333:role/data/etl-runner', '/data/'],
    [
      'arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling',
      '/aws-service-role/autoscaling.amazonaws.com/',
    ],
    ['arn:aws:sts::111122223333:assumed-role/web-app-role/i-0a1b', undefined],
    [undefined, undefined],
  ])('%s has path %s', (arn, path) => {
    expect(rolePathOf(arn)).toBe(path);
  });
});
