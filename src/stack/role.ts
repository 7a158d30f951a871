import type { Playbook } from '../playbook/index.js';
import {
  actionsInUse,
  neverChangeParry,
  type PolicyStatement,
  permissionStatements,
} from './policy.js';

export interface RoleOptions {
  memberRoleName: string;
  responderRoleName: string;
  tableLogicalId: string;
  topicLogicalId: string;
  keyLogicalId: string;
  dlqLogicalId: string;
}

type Statement = Omit<PolicyStatement, 'Resource'> & { Resource: unknown };

/**
 * The responder role: the actions enabled playbooks use (scoped), assuming
 * only the member role, its own table, topic, key and queue; and an explicit
 * deny on changing parry's own roles, so no playbook can lock parry out.
 */
export function roleStatements(playbooks: readonly Playbook[], options: RoleOptions): Statement[] {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub placeholder
  const iamRole = (name: string, account = '${AWS::AccountId}') => ({
    'Fn::Sub': `arn:\${AWS::Partition}:iam::${account}:role/${name}`,
  });
  return [
    ...permissionStatements(actionsInUse(playbooks)),
    {
      Sid: 'AssumeMemberRole',
      Effect: 'Allow',
      Action: ['sts:AssumeRole'],
      Resource: [iamRole(options.memberRoleName, '*')],
    },
    {
      Sid: 'RunLedger',
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      Resource: [{ 'Fn::GetAtt': [options.tableLogicalId, 'Arn'] }],
    },
    {
      Sid: 'NotifyTopic',
      Effect: 'Allow',
      Action: ['sns:Publish'],
      Resource: [{ Ref: options.topicLogicalId }],
    },
    {
      Sid: 'NotifyTopicKey',
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: [{ 'Fn::GetAtt': [options.keyLogicalId, 'Arn'] }],
    },
    {
      Sid: 'OnFailureDestination',
      Effect: 'Allow',
      Action: ['sqs:SendMessage'],
      Resource: [{ 'Fn::GetAtt': [options.dlqLogicalId, 'Arn'] }],
    },
    neverChangeParry([iamRole(options.responderRoleName), iamRole(options.memberRoleName, '*')]),
  ];
}
