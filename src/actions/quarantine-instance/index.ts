import type { ActionDefinition } from '../types.js';
import { quarantineInstanceBehaviour } from './behaviour.js';
import { QUARANTINE_NOTES } from './notes.js';
import { quarantineParams } from './params.js';

/**
 * Isolates an EC2 instance the way incident-response runbooks do, keeping the
 * evidence: untrack then isolate every ENI, protect it from termination, take
 * it out of its Auto Scaling group, revoke and detach its role, snapshot and tag.
 *
 * @example
 * actions:
 *   - type: quarantine-instance
 *     stop: false
 */
export const quarantineInstance: ActionDefinition<typeof quarantineParams> = {
  ...quarantineInstanceBehaviour,
  summary: 'Isolate an EC2 instance on the network, preserve evidence, cut its credentials',
  notes: QUARANTINE_NOTES,
  params: quarantineParams,
  permissions: [
    'ec2:DescribeInstances',
    'ec2:DescribeNetworkInterfaces',
    'ec2:DescribeInstanceAttribute',
    'ec2:DescribeSnapshots',
    'ec2:DescribeSecurityGroups',
    'ec2:CreateSecurityGroup',
    'ec2:AuthorizeSecurityGroupIngress',
    'ec2:AuthorizeSecurityGroupEgress',
    'ec2:RevokeSecurityGroupIngress',
    'ec2:RevokeSecurityGroupEgress',
    'ec2:ModifyNetworkInterfaceAttribute',
    'ec2:ModifyInstanceAttribute',
    'ec2:CreateTags',
    'ec2:DescribeIamInstanceProfileAssociations',
    'ec2:DisassociateIamInstanceProfile',
    'ec2:CreateSnapshots',
    'ec2:StopInstances',
    'autoscaling:DescribeAutoScalingInstances',
    'autoscaling:EnterStandby',
    'iam:GetInstanceProfile',
    'iam:GetRole',
    'iam:GetRolePolicy',
    'iam:PutRolePolicy',
  ],
  targets: {
    guardduty: 'detail.resource.instanceDetails.instanceId (with its networkInterfaces)',
    cloudtrail: 'detail.responseElements.instancesSet.items[*].instanceId',
  },
};
