import { describe, expect, it } from 'vitest';
import { allActions } from '../../src/actions/registry.js';
import { permissionStatements } from '../../src/stack/policy.js';
import { RESOURCE_SCOPES } from '../../src/stack/resource-scopes.js';

/**
 * The ARN of each resource type parry's scopes name, as the Service
 * Authorization Reference writes it ("Resource types defined by ..."):
 * list_amazonec2.html, list_amazonec2autoscaling.html,
 * list_awsidentityandaccessmanagementiam.html, list_amazonsns.html,
 * list_amazoneventbridge.html, list_awscloudtrail.html, list_amazons3.html
 * under https://docs.aws.amazon.com/service-authorization/latest/reference/,
 * with the reference's `${Name}` placeholders written `{Name}`.
 */
const REFERENCE_ARNS = [
  'arn:{Partition}:ec2:{Region}:{Account}:instance/{InstanceId}',
  'arn:{Partition}:ec2:{Region}:{Account}:network-interface/{NetworkInterfaceId}',
  'arn:{Partition}:ec2:{Region}:{Account}:security-group/{SecurityGroupId}',
  'arn:{Partition}:ec2:{Region}:{Account}:security-group-rule/{SecurityGroupRuleId}',
  'arn:{Partition}:ec2:{Region}:{Account}:volume/{VolumeId}',
  'arn:{Partition}:ec2:{Region}:{Account}:vpc/{VpcId}',
  'arn:{Partition}:ec2:{Region}:{Account}:subnet/{SubnetId}',
  'arn:{Partition}:ec2:{Region}::snapshot/{SnapshotId}',
  'arn:{Partition}:ec2:{Region}::image/{ImageId}',
  'arn:{Partition}:autoscaling:{Region}:{Account}:autoScalingGroup:{GroupId}:autoScalingGroupName/{GroupFriendlyName}',
  'arn:{Partition}:iam::{Account}:role/{RoleNameWithPath}',
  'arn:{Partition}:iam::{Account}:user/{UserNameWithPath}',
  'arn:{Partition}:iam::{Account}:instance-profile/{InstanceProfileNameWithPath}',
  'arn:{Partition}:sns:{Region}:{Account}:{TopicName}',
  'arn:{Partition}:events:{Region}:{Account}:event-bus/{EventBusName}',
  'arn:{Partition}:cloudtrail:{Region}:{Account}:trail/{TrailName}',
  'arn:{Partition}:s3:::{BucketName}',
];

const $ = '$';
const escapeRegex = (text: string) =>
  text.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/[{}]/g, '\\$&');

/** A scope is an instance of a reference ARN: each `${Placeholder}` kept (the stack's own) or `*`. */
function instanceOf(scope: string, template: string): boolean {
  const ours = scope
    .replace(`${$}{AWS::Partition}`, '{Partition}')
    .replace(`${$}{AWS::AccountId}`, '{Account}');
  const pattern = template
    .split(/(\{[A-Za-z]+\})/)
    .map((part) => (part.startsWith('{') ? `(?:${escapeRegex(part)}|\\*)` : escapeRegex(part)))
    .join('');
  return new RegExp(`^${pattern}$`).test(ours);
}

const permissions = new Set(allActions().flatMap((a) => a.permissions));

describe('the resource scopes of the generated policy', () => {
  it('scopes every permission an action declares (nothing is granted on * by accident)', () => {
    expect(() => permissionStatements(allActions())).not.toThrow();
    expect([...permissions].filter((p) => !RESOURCE_SCOPES[p])).toEqual([]);
  });

  it('lists no permission that no action uses', () => {
    expect(Object.keys(RESOURCE_SCOPES).filter((p) => !permissions.has(p))).toEqual([]);
  });

  it.each(Object.entries(RESOURCE_SCOPES))('writes %s in the ARN forms AWS uses', (_p, scopes) => {
    for (const scope of scopes) {
      if (scope === '*') continue;
      expect(
        REFERENCE_ARNS.some((arn) => instanceOf(scope, arn)),
        scope,
      ).toBe(true);
    }
  });

  it('grants CreateTags on snapshots and AMIs, whose ARNs carry no account', () => {
    expect(RESOURCE_SCOPES['ec2:CreateTags']).toEqual(
      expect.arrayContaining([
        `arn:${$}{AWS::Partition}:ec2:*::snapshot/*`,
        `arn:${$}{AWS::Partition}:ec2:*::image/*`,
      ]),
    );
    // The form the role had: a snapshot ARN with an account matches no snapshot.
    const withAccount = `arn:${$}{AWS::Partition}:ec2:*:${$}{AWS::AccountId}:snapshot/*`;
    expect(REFERENCE_ARNS.some((arn) => instanceOf(withAccount, arn))).toBe(false);
  });
});
