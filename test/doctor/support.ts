import { readFileSync } from 'node:fs';
import {
  CloudFormationClient,
  DescribeStackSetCommand,
  DescribeStacksCommand,
  ListStackInstancesCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import {
  DescribeEventBusCommand,
  DescribeRuleCommand,
  EventBridgeClient,
  ListTargetsByRuleCommand,
} from '@aws-sdk/client-eventbridge';
import {
  DescribeOrganizationConfigurationCommand,
  GetDetectorCommand,
  GuardDutyClient,
  ListDetectorsCommand,
} from '@aws-sdk/client-guardduty';
import { GetRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { createDoctorClients, type Finding, runDoctor } from '../../src/doctor/index.js';
import { loadPlaybooks } from '../../src/playbook/index.js';
import { ruleLogicalId, ruleName } from '../../src/stack/names.js';
import { actionsInUse } from '../../src/stack/policy.js';
import { organizationBusPolicy } from '../helpers/bus-policy.js';

export const SECURITY = '222233334444';
export const MANAGEMENT = '111122223333';
export const MEMBERS = ['444455556666', '777788889999'];
export const ORG = 'o-a1b2c3d4e5';
export const REGION = 'us-east-1';
export const RESPONDER = `arn:aws:iam::${SECURITY}:role/parry-prod-us-east-1-responder`;
export const TOPIC = `arn:aws:sns:us-east-1:${SECURITY}:parry-prod-notifications`;
const NAMING = { service: 'parry', stage: 'prod' };

export const mocks = {
  sts: mockClient(STSClient),
  organizations: mockClient(OrganizationsClient),
  cloudformation: mockClient(CloudFormationClient),
  events: mockClient(EventBridgeClient),
  iam: mockClient(IAMClient),
  sns: mockClient(SNSClient),
  guardduty: mockClient(GuardDutyClient),
};

/** The responder's inline policy as IAM returns it: URL-encoded JSON. */
export const encodedPolicy = (statements: unknown[]) =>
  encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: statements }));

export const assumeStatement = (org = ORG) => ({
  Sid: 'AssumeMemberRole',
  Effect: 'Allow',
  Action: ['sts:AssumeRole'],
  Resource: ['arn:aws:iam::*:role/parry-responder'],
  Condition: { StringEquals: { 'aws:ResourceOrgID': org } },
});

/**
 * A complete deployment of the shipped playbooks in us-east-1, as AWS would
 * answer for it; each test then breaks one thing.
 */
export async function completeDeployment(): Promise<void> {
  for (const mock of Object.values(mocks)) mock.reset();
  const { playbooks } = await loadPlaybooks(['playbooks']);
  const enabled = playbooks.filter((p) => p.enabled);
  const byRule = new Map(enabled.map((p) => [ruleName(NAMING, p.name), p]));
  const permissions = [...new Set(actionsInUse(playbooks).flatMap((a) => a.permissions))];
  mocks.sts.on(GetCallerIdentityCommand).resolves({
    Account: SECURITY,
    Arn: `arn:aws:sts::${SECURITY}:assumed-role/SecurityAdmin/alice`,
  });
  mocks.organizations
    .on(DescribeOrganizationCommand)
    .resolves({ Organization: { Id: ORG, MasterAccountId: MANAGEMENT } });
  mocks.cloudformation.on(DescribeStacksCommand).resolves({
    Stacks: [
      {
        StackName: 'parry-prod',
        StackStatus: 'UPDATE_COMPLETE',
        CreationTime: new Date(),
        Outputs: [
          { OutputKey: 'ResponderRoleArn', OutputValue: RESPONDER },
          { OutputKey: 'NotificationsTopicArn', OutputValue: TOPIC },
          { OutputKey: 'EventBusName', OutputValue: 'default' },
          { OutputKey: 'MemberRoleName', OutputValue: 'parry-responder' },
          { OutputKey: 'OrganizationId', OutputValue: ORG },
        ],
      },
    ],
  });
  mocks.cloudformation.on(ListStackResourcesCommand).resolves({
    StackResourceSummaries: [
      ['RespondLambdaFunction', 'parry-prod-respond'],
      ['IamRoleLambdaExecution', 'parry-prod-us-east-1-responder'],
      ...enabled.map((p) => [ruleLogicalId(p.name), ruleName(NAMING, p.name)]),
    ].map(([LogicalResourceId, PhysicalResourceId]) => ({
      LogicalResourceId,
      PhysicalResourceId,
      ResourceType: 'x',
      ResourceStatus: 'UPDATE_COMPLETE',
      LastUpdatedTimestamp: new Date(),
    })),
  });
  mocks.events.on(DescribeRuleCommand).callsFake((input: { Name: string }) => ({
    Name: input.Name,
    State: 'ENABLED',
    EventPattern: JSON.stringify(byRule.get(input.Name)?.match.source),
  }));
  mocks.events.on(ListTargetsByRuleCommand).callsFake((input: { Rule: string }) => ({
    Targets: [
      {
        Id: 'respond',
        Arn: `arn:aws:lambda:us-east-1:${SECURITY}:function:parry-prod-respond`,
        InputTransformer: {
          InputTemplate: `{"playbook":"${byRule.get(input.Rule)?.name}","event":<aws.events.event.json>}`,
        },
      },
    ],
  }));
  mocks.events.on(DescribeEventBusCommand).resolves({
    Name: 'default',
    Policy: JSON.stringify(organizationBusPolicy(SECURITY, 'us-east-1', ORG)),
  });
  mocks.iam.on(GetRolePolicyCommand).resolves({
    RoleName: 'parry-prod-us-east-1-responder',
    PolicyName: 'parry-prod-lambda',
    PolicyDocument: encodedPolicy([
      { Sid: 'ParryActions1', Effect: 'Allow', Action: permissions, Resource: '*' },
      assumeStatement(),
    ]),
  });
  mocks.sns.on(ListSubscriptionsByTopicCommand).resolves({
    Subscriptions: [{ SubscriptionArn: `${TOPIC}:5f1d`, Protocol: 'email', TopicArn: TOPIC }],
  });
  mocks.guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: ['d1'] });
  mocks.guardduty.on(GetDetectorCommand).resolves({ Status: 'ENABLED', ServiceRole: 'r' });
  mocks.guardduty
    .on(DescribeOrganizationConfigurationCommand)
    .resolves({ AutoEnableOrganizationMembers: 'ALL', MemberAccountLimitReached: false });
  const stackSet = (name: string, file: string, parameters: Record<string, string>) => ({
    StackSet: {
      StackSetName: name,
      Status: 'ACTIVE' as const,
      PermissionModel: 'SERVICE_MANAGED' as const,
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      TemplateBody: readFileSync(file, 'utf8'),
      Parameters: Object.entries(parameters).map(([ParameterKey, ParameterValue]) => ({
        ParameterKey,
        ParameterValue,
      })),
    },
  });
  mocks.cloudformation
    .on(DescribeStackSetCommand, { StackSetName: 'parry-prod-member-role' })
    .resolves(
      stackSet('parry-prod-member-role', 'infra/member-role.yml', {
        SecurityAccountId: SECURITY,
        ResponderRoleArns: RESPONDER,
        OrganizationId: ORG,
      }),
    )
    .on(DescribeStackSetCommand, { StackSetName: 'parry-forward-cloudtrail' })
    .resolves(
      stackSet('parry-forward-cloudtrail', 'infra/forward-cloudtrail.yml', {
        SecurityAccountId: SECURITY,
      }),
    );
  mocks.cloudformation.on(ListStackInstancesCommand).resolves({
    Summaries: MEMBERS.map((Account) => ({
      Account,
      Region: REGION,
      Status: 'CURRENT' as const,
      StackInstanceStatus: { DetailedStatus: 'SUCCEEDED' as const },
    })),
  });
}

/** The doctor over the mocks, for the Region of the mocked stack; `null`: ask Organizations. */
export async function doctor(accounts: string[] | null = MEMBERS): Promise<Finding[]> {
  const report = await runDoctor(
    createDoctorClients({ credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } }),
    {
      naming: NAMING,
      regions: [REGION],
      accounts: accounts ?? undefined,
      playbooksDir: 'playbooks',
      infraDir: 'infra',
      stackSetRegion: REGION,
    },
  );
  return report.findings;
}

export const gaps = (findings: Finding[]) => findings.filter((f) => f.status === 'gap');
export const unknowns = (findings: Finding[]) => findings.filter((f) => f.status === 'unknown');
