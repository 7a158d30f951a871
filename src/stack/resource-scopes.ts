/**
 * The resources each IAM action parry uses can be limited to, in the ARN
 * forms of the Service Authorization Reference ("Resource types defined by
 * ..." of each service):
 * - EC2: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html
 *   (`instance/${InstanceId}` and the other types carry the account; a
 *   snapshot, `arn:${Partition}:ec2:${Region}::snapshot/${SnapshotId}`, and
 *   an AMI, `...::image/${ImageId}`, carry none: they can be shared)
 * - EC2 Auto Scaling: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2autoscaling.html
 * - IAM: https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
 *   (`role/${RoleNameWithPath}`: `role/*` covers every path)
 * - SNS: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsns.html
 * - EventBridge: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoneventbridge.html
 * - CloudTrail: https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudtrail.html
 * - S3: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
 *
 * Each action lists the resource types its row of the reference names:
 * required ones, and the optional ones a call of parry's may involve (an
 * ENI's subnet and instance for ModifyNetworkInterfaceAttribute). `*` where
 * the action supports no resource-level permission (most Describe actions),
 * or only an optional one on a filtered list (DescribeIamInstanceProfileAssociations). Written with CloudFormation `${AWS::...}` pseudo parameters, so
 * the role only ever reaches its own account. Exactly the permissions the
 * actions declare are listed: a test fails on an entry no action uses.
 */
const ec2 = (type: string) => `arn:\${AWS::Partition}:ec2:*:\${AWS::AccountId}:${type}/*`;
/** Snapshots and AMIs: no account in their ARN. */
const ec2Shared = (type: 'snapshot' | 'image') => `arn:\${AWS::Partition}:ec2:*::${type}/*`;
const iam = (type: string) => `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:${type}/*`;
const trail = `arn:\${AWS::Partition}:cloudtrail:*:\${AWS::AccountId}:trail/*`;
const bucket = `arn:\${AWS::Partition}:s3:::*`;

export const RESOURCE_SCOPES: Readonly<Record<string, readonly string[]>> = {
  'ec2:DescribeInstances': ['*'],
  // Unlike the other Describe actions, it requires the instance (`instance*`).
  'ec2:DescribeInstanceAttribute': [ec2('instance')],
  'ec2:DescribeNetworkInterfaces': ['*'],
  'ec2:DescribeSecurityGroups': ['*'],
  'ec2:DescribeSecurityGroupRules': ['*'],
  'ec2:DescribeSnapshots': ['*'],
  'ec2:DescribeIamInstanceProfileAssociations': ['*'],
  'ec2:DescribeTags': ['*'],
  'ec2:CreateSecurityGroup': [ec2('security-group'), ec2('vpc')],
  'ec2:AuthorizeSecurityGroupIngress': [ec2('security-group'), ec2('security-group-rule')],
  'ec2:AuthorizeSecurityGroupEgress': [ec2('security-group'), ec2('security-group-rule')],
  // Revoking names the group only (security-group-rule is a type of the Authorize calls).
  'ec2:RevokeSecurityGroupIngress': [ec2('security-group')],
  'ec2:RevokeSecurityGroupEgress': [ec2('security-group')],
  'ec2:ModifyNetworkInterfaceAttribute': [
    ec2('network-interface'),
    ec2('security-group'),
    ec2('instance'),
    ec2('subnet'),
  ],
  'ec2:ModifyInstanceAttribute': [ec2('instance'), ec2('security-group'), ec2('volume')],
  // What quarantine tags (the instance; the groups and snapshots it creates,
  // which needs CreateTags on them) and every kind `tag` may tag.
  'ec2:CreateTags': [
    ec2('instance'),
    ec2('security-group'),
    ec2('volume'),
    ec2('network-interface'),
    ec2Shared('snapshot'),
    ec2Shared('image'),
  ],
  'ec2:DisassociateIamInstanceProfile': [ec2('instance')],
  'ec2:CreateSnapshots': [ec2('instance'), ec2('volume'), ec2Shared('snapshot')],
  'ec2:StopInstances': [ec2('instance')],
  'autoscaling:EnterStandby': [
    `arn:\${AWS::Partition}:autoscaling:*:\${AWS::AccountId}:autoScalingGroup:*:autoScalingGroupName/*`,
  ],
  'autoscaling:DescribeAutoScalingInstances': ['*'],
  'iam:GetInstanceProfile': [iam('instance-profile')],
  'iam:GetRole': [iam('role')],
  'iam:GetRolePolicy': [iam('role')],
  'iam:PutRolePolicy': [iam('role')],
  'iam:ListAccessKeys': [iam('user')],
  'iam:UpdateAccessKey': [iam('user')],
  'iam:ListUserTags': [iam('user')],
  'iam:GetUserPolicy': [iam('user')],
  'iam:PutUserPolicy': [iam('user')],
  'iam:DeleteLoginProfile': [iam('user')],
  'sns:Publish': [`arn:\${AWS::Partition}:sns:*:\${AWS::AccountId}:*`],
  'events:PutEvents': [`arn:\${AWS::Partition}:events:*:\${AWS::AccountId}:event-bus/*`],
  'cloudtrail:GetTrailStatus': [trail],
  'cloudtrail:StartLogging': [trail],
  'cloudtrail:ListTags': [trail],
  's3:PutBucketPublicAccessBlock': [bucket],
  's3:GetBucketPublicAccessBlock': [bucket],
  's3:GetBucketTagging': [bucket],
};
