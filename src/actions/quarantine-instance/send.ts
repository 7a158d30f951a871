import {
  DescribeAutoScalingInstancesCommand,
  EnterStandbyCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSnapshotsCommand,
  CreateTagsCommand,
  DescribeIamInstanceProfileAssociationsCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DisassociateIamInstanceProfileCommand,
  ModifyInstanceAttributeCommand,
  ModifyNetworkInterfaceAttributeCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import { GetInstanceProfileCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import type { Aws, SdkCommand } from '../../aws/session.js';
import type { PlannedCall } from '../types.js';

type CommandClass = new (input: never) => SdkCommand;

/** Every command quarantine sends, by `service:operation`: the same list as its permissions. */
export const COMMANDS: Readonly<Record<string, CommandClass>> = {
  'EC2:DescribeInstances': DescribeInstancesCommand,
  'EC2:DescribeSecurityGroups': DescribeSecurityGroupsCommand,
  'EC2:CreateSecurityGroup': CreateSecurityGroupCommand,
  'EC2:AuthorizeSecurityGroupIngress': AuthorizeSecurityGroupIngressCommand,
  'EC2:AuthorizeSecurityGroupEgress': AuthorizeSecurityGroupEgressCommand,
  'EC2:RevokeSecurityGroupIngress': RevokeSecurityGroupIngressCommand,
  'EC2:RevokeSecurityGroupEgress': RevokeSecurityGroupEgressCommand,
  'EC2:ModifyNetworkInterfaceAttribute': ModifyNetworkInterfaceAttributeCommand,
  'EC2:ModifyInstanceAttribute': ModifyInstanceAttributeCommand,
  'EC2:CreateTags': CreateTagsCommand,
  'EC2:DescribeIamInstanceProfileAssociations': DescribeIamInstanceProfileAssociationsCommand,
  'EC2:DisassociateIamInstanceProfile': DisassociateIamInstanceProfileCommand,
  'EC2:CreateSnapshots': CreateSnapshotsCommand,
  'EC2:StopInstances': StopInstancesCommand,
  'AutoScaling:DescribeAutoScalingInstances': DescribeAutoScalingInstancesCommand,
  'AutoScaling:EnterStandby': EnterStandbyCommand,
  'IAM:GetInstanceProfile': GetInstanceProfileCommand,
  'IAM:PutRolePolicy': PutRolePolicyCommand,
};

/**
 * Sends a call exactly as the plan's builders wrote it, so plan and execution
 * cannot drift apart.
 * @example const out = await sendCall<DescribeInstancesCommandOutput>(aws, describeInstanceCall('i-1'))
 */
export function sendCall<Output>(aws: Aws, call: PlannedCall): Promise<Output> {
  const Command = COMMANDS[`${call.service}:${call.operation}`];
  if (!Command) {
    return Promise.reject(new Error(`no command for ${call.service} ${call.operation}`));
  }
  // The builders produce each operation's documented input shape.
  return aws.send<Output>(call.service, new Command(call.input as never));
}

/** Records a call deliberately not made, with why (for the report). */
export const skipCall = (aws: Aws, call: PlannedCall, reason: string): void =>
  aws.skip(call.service, call.operation, call.input, reason);
