/**
 * The resources each IAM action can be limited to, per the IAM Service
 * Authorization Reference. `*` where the action supports no resource-level
 * permission (Describe*, List*). Written with CloudFormation `${AWS::...}`
 * pseudo parameters: the role only ever reaches its own account.
 */
const ec2 = (type: string) => `arn:\${AWS::Partition}:ec2:*:\${AWS::AccountId}:${type}/*`;
const iam = (type: string) => `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:${type}/*`;

export const RESOURCE_SCOPES: Readonly<Record<string, readonly string[]>> = {
  'ec2:DescribeInstances': ['*'],
  'ec2:DescribeSecurityGroups': ['*'],
  'ec2:DescribeSecurityGroupRules': ['*'],
  'ec2:DescribeIamInstanceProfileAssociations': ['*'],
  'ec2:DescribeTags': ['*'],
  'ec2:CreateSecurityGroup': [ec2('security-group'), ec2('vpc')],
  'ec2:AuthorizeSecurityGroupIngress': [ec2('security-group'), ec2('security-group-rule')],
  'ec2:AuthorizeSecurityGroupEgress': [ec2('security-group'), ec2('security-group-rule')],
  'ec2:RevokeSecurityGroupIngress': [ec2('security-group'), ec2('security-group-rule')],
  'ec2:RevokeSecurityGroupEgress': [ec2('security-group'), ec2('security-group-rule')],
  'ec2:ModifyNetworkInterfaceAttribute': [
    ec2('network-interface'),
    ec2('security-group'),
    ec2('instance'),
  ],
  'ec2:ModifyInstanceAttribute': [ec2('instance'), ec2('security-group'), ec2('volume')],
  'ec2:CreateTags': [
    ec2('instance'),
    ec2('security-group'),
    ec2('snapshot'),
    ec2('volume'),
    ec2('network-interface'),
  ],
  'ec2:DisassociateIamInstanceProfile': [ec2('instance')],
  'ec2:CreateSnapshots': [
    ec2('instance'),
    ec2('volume'),
    `arn:\${AWS::Partition}:ec2:*::snapshot/*`,
  ],
  'ec2:CreateSnapshot': [ec2('volume'), `arn:\${AWS::Partition}:ec2:*::snapshot/*`],
  'ec2:StopInstances': [ec2('instance')],
  'autoscaling:EnterStandby': [
    `arn:\${AWS::Partition}:autoscaling:*:\${AWS::AccountId}:autoScalingGroup:*:autoScalingGroupName/*`,
  ],
  'autoscaling:DescribeAutoScalingInstances': ['*'],
  'iam:GetInstanceProfile': [iam('instance-profile')],
  'iam:GetRole': [iam('role')],
  'iam:ListRoleTags': [iam('role')],
  'iam:PutRolePolicy': [iam('role')],
  'iam:ListAccessKeys': [iam('user')],
  'iam:UpdateAccessKey': [iam('user')],
  'iam:ListUserTags': [iam('user')],
  'iam:GetUser': [iam('user')],
  'iam:PutUserPolicy': [iam('user')],
  'iam:GetUserPolicy': [iam('user')],
  'iam:DeleteLoginProfile': [iam('user')],
  'iam:GetLoginProfile': [iam('user')],
  'sns:Publish': [`arn:\${AWS::Partition}:sns:*:\${AWS::AccountId}:*`],
  'events:PutEvents': [`arn:\${AWS::Partition}:events:*:\${AWS::AccountId}:event-bus/*`],
  'cloudtrail:GetTrailStatus': [`arn:\${AWS::Partition}:cloudtrail:*:\${AWS::AccountId}:trail/*`],
  'cloudtrail:StartLogging': [`arn:\${AWS::Partition}:cloudtrail:*:\${AWS::AccountId}:trail/*`],
  'cloudtrail:ListTags': [`arn:\${AWS::Partition}:cloudtrail:*:\${AWS::AccountId}:trail/*`],
  'cloudtrail:GetTrail': [`arn:\${AWS::Partition}:cloudtrail:*:\${AWS::AccountId}:trail/*`],
  'cloudtrail:DescribeTrails': ['*'],
  's3:PutBucketPublicAccessBlock': [`arn:\${AWS::Partition}:s3:::*`],
  's3:GetBucketPublicAccessBlock': [`arn:\${AWS::Partition}:s3:::*`],
  's3:GetBucketTagging': [`arn:\${AWS::Partition}:s3:::*`],
};
