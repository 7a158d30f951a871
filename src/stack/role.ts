import type { Playbook } from '../playbook/index.js';
import {
  actionsInUse,
  neverChangeParry,
  type PolicyStatement,
  permissionStatements,
} from './policy.js';

export interface RoleOptions {
  memberRoleName: string;
  /** The responder roles of every Region of the stage, as an IAM ARN pattern (`parry-prod-*-responder`). */
  responderRolePattern: string;
  /** The Organization the member roles must belong to; without one, parry acts in its own account only. */
  organizationId: string | undefined;
  tableLogicalId: string;
  topicLogicalId: string;
  keyLogicalId: string;
  dlqLogicalId: string;
}

type Statement = Omit<PolicyStatement, 'Resource'> & { Resource: unknown; Condition?: unknown };

/**
 * Assuming the member role only in accounts of the Organization: STS
 * evaluates `aws:ResourceOrgID` against the account of the role being
 * assumed (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceorgid;
 * AWS's data-perimeter guidance lists sts:AssumeRole among the actions a
 * resource perimeter covers without exception:
 * https://github.com/aws-samples/data-perimeter-policy-examples/blob/main/service_specific_guidance/sts-specific-guidance.md).
 * Even a forged event naming an outside account cannot make parry reach it.
 */
const assumeMemberRole = (resource: unknown, organizationId: string): Statement => ({
  Sid: 'AssumeMemberRole',
  Effect: 'Allow',
  Action: ['sts:AssumeRole'],
  Resource: [resource],
  Condition: { StringEquals: { 'aws:ResourceOrgID': organizationId } },
});

/**
 * The responder role: the actions enabled playbooks use (scoped), assuming
 * only the member role inside its Organization, its own table, topic, key
 * and queue; and an explicit deny on changing parry's own roles (every
 * Region's responder and the member roles), so no playbook can lock parry out.
 */
export function roleStatements(playbooks: readonly Playbook[], options: RoleOptions): Statement[] {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub placeholder
  const iamRole = (name: string, account = '${AWS::AccountId}') => ({
    'Fn::Sub': `arn:\${AWS::Partition}:iam::${account}:role/${name}`,
  });
  return [
    ...permissionStatements(actionsInUse(playbooks)),
    ...(options.organizationId
      ? [assumeMemberRole(iamRole(options.memberRoleName, '*'), options.organizationId)]
      : []),
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
    neverChangeParry([iamRole(options.responderRolePattern), iamRole(options.memberRoleName, '*')]),
  ];
}
