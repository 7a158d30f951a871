import type { Playbook } from '../playbook/index.js';
import { permissionLogicalId, ruleLogicalId, ruleName, type StackNaming } from './names.js';

export const FUNCTION_LOGICAL_ID = 'RespondLambdaFunction';
export const DLQ_LOGICAL_ID = 'ParryDeadLetterQueue';

export interface RuleOptions extends StackNaming {
  eventBus: string;
}

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] };

/**
 * One EventBridge rule per enabled playbook, whose pattern is exactly the
 * playbook's `match`, so the function runs only for events some playbook
 * wants. The target input names the playbook, so each invocation runs only
 * the playbook whose rule fired (never twice the same work).
 */
export function ruleResources(
  playbooks: readonly Playbook[],
  options: RuleOptions,
): Record<string, Resource> {
  const resources: Record<string, Resource> = {};
  const ruleIds: string[] = [];
  for (const p of playbooks.filter((pb) => pb.enabled)) {
    const id = ruleLogicalId(p.name);
    ruleIds.push(id);
    resources[id] = {
      Type: 'AWS::Events::Rule',
      Properties: {
        Name: ruleName(options, p.name),
        Description: `parry playbook ${p.name} (${p.file})`.slice(0, 512),
        EventBusName: options.eventBus,
        EventPattern: p.match.source,
        // EventBridge API reference, Rule.State: ENABLED matches every event "except for AWS
        // management events delivered through CloudTrail" that are read-only;
        // ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS matches those too
        // (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Rule.html).
        State: p.readOnlyEvents ? 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' : 'ENABLED',
        Targets: [
          {
            Id: 'respond',
            Arn: { 'Fn::GetAtt': [FUNCTION_LOGICAL_ID, 'Arn'] },
            InputTransformer: {
              InputTemplate: `{"playbook":"${p.name}","event":<aws.events.event.json>}`,
            },
            RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 3600 },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [DLQ_LOGICAL_ID, 'Arn'] } },
          },
        ],
      },
    };
    resources[permissionLogicalId(p.name)] = {
      Type: 'AWS::Lambda::Permission',
      Properties: {
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [FUNCTION_LOGICAL_ID, 'Arn'] },
        Principal: 'events.amazonaws.com',
        SourceArn: { 'Fn::GetAtt': [id, 'Arn'] },
      },
    };
  }
  resources.ParryDeadLetterQueuePolicy = {
    Type: 'AWS::SQS::QueuePolicy',
    Properties: {
      Queues: [{ Ref: DLQ_LOGICAL_ID }],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'EventBridgeRulesDeadLetters',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: { 'Fn::GetAtt': [DLQ_LOGICAL_ID, 'Arn'] },
            Condition: {
              ArnEquals: { 'aws:SourceArn': ruleIds.map((r) => ({ 'Fn::GetAtt': [r, 'Arn'] })) },
            },
          },
        ],
      },
    },
  };
  return resources;
}
