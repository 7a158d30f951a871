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
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  DisassociateIamInstanceProfileCommand,
  ModifyInstanceAttributeCommand,
  ModifyNetworkInterfaceAttributeCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  GetInstanceProfileCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import type { Aws, SdkCommand } from '../../aws/session.js';
import type { PlannedCall } from '../types.js';

type CommandClass = new (input: never) => SdkCommand;

/** Every command quarantine sends, by `service:operation`: the same list as its permissions. */
export const COMMANDS: Readonly<Record<string, CommandClass>> = {
  'EC2:DescribeInstances': DescribeInstancesCommand,
  'EC2:DescribeNetworkInterfaces': DescribeNetworkInterfacesCommand,
  'EC2:DescribeInstanceAttribute': DescribeInstanceAttributeCommand,
  'EC2:DescribeSnapshots': DescribeSnapshotsCommand,
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
  'IAM:GetRole': GetRoleCommand,
  'IAM:GetRolePolicy': GetRolePolicyCommand,
  'IAM:PutRolePolicy': PutRolePolicyCommand,
};

/** Calls that name a security group parry may have just created. */
const USES_GROUP = new Set([
  'AuthorizeSecurityGroupIngress',
  'AuthorizeSecurityGroupEgress',
  'RevokeSecurityGroupIngress',
  'RevokeSecurityGroupEgress',
  'ModifyNetworkInterfaceAttribute',
  'DescribeSecurityGroups',
]);

/**
 * EC2 is eventually consistent: a group created a moment ago can still be
 * `InvalidGroup.NotFound` (EC2 API reference, "Eventual consistency"). These
 * waits are short: containment must not stall, and a group that really is
 * gone fails after about 1.5 s.
 */
export const NOT_YET_VISIBLE_DELAYS_MS: readonly number[] = [200, 400, 800];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const isNotYetVisible = (error: unknown): boolean =>
  (error as { code?: string } | undefined)?.code === 'InvalidGroup.NotFound';

/**
 * Sends a call exactly as the plan's builders wrote it, so plan and execution
 * cannot drift apart. A call naming a group retries a few times while EC2
 * does not see a new group yet; each early attempt shows as tolerated.
 * @example const out = await sendCall<DescribeInstancesCommandOutput>(aws, describeInstanceCall('i-1'))
 */
export async function sendCall<Output>(
  aws: Aws,
  call: PlannedCall,
  delays: readonly number[] = NOT_YET_VISIBLE_DELAYS_MS,
): Promise<Output> {
  const Command = COMMANDS[`${call.service}:${call.operation}`];
  if (!Command) throw new Error(`no command for ${call.service} ${call.operation}`);
  const waits = USES_GROUP.has(call.operation) ? delays : [];
  for (const wait of waits) {
    try {
      // The builders produce each operation's documented input shape.
      return await aws.send<Output>(call.service, new Command(call.input as never));
    } catch (error) {
      if (!isNotYetVisible(error)) throw error;
      aws.tolerate(
        error,
        `the group is not visible yet (EC2 eventual consistency): retried after ${wait} ms`,
      );
      await sleep(wait);
    }
  }
  return aws.send<Output>(call.service, new Command(call.input as never));
}

/** Records a call deliberately not made, with why (for the report). */
export const skipCall = (aws: Aws, call: PlannedCall, reason: string): void =>
  aws.skip(call.service, call.operation, call.input, reason);
