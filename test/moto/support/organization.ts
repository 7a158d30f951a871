import { readFile } from 'node:fs/promises';
import {
  CloudFormationClient,
  CreateStackCommand,
  CreateStackInstancesCommand,
  CreateStackSetCommand,
  DescribeStacksCommand,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import { EventBridgeClient, PutPermissionCommand } from '@aws-sdk/client-eventbridge';
import { CreateDetectorCommand, GuardDutyClient } from '@aws-sdk/client-guardduty';
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  ListRootsCommand,
  OrganizationsClient,
  RegisterDelegatedAdministratorCommand,
} from '@aws-sdk/client-organizations';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { organizationBusPolicy } from '../../helpers/bus-policy.js';
import type { Packaged, Template } from '../../helpers/package.js';
import { clientConfig, type Keys, keysOf } from './aws.js';
import type { Moto } from './moto.js';

/** The Organization id the stacks are packaged with; replaced by moto's real one on deploy. */
export const PACKAGED_ORG = 'o-placeholder00';
const MANAGEMENT = '999988887777';

export interface Organization {
  id: string;
  management: string;
  root: string;
  /** The security account: GuardDuty's delegated administrator, where parry runs. */
  security: string;
  securityKeys: Keys;
  members: string[];
}

const inRegion = (moto: Moto, keys: Keys, region: string) => ({
  ...clientConfig(moto, keys),
  region,
});

/**
 * An Organization of moto's: a management account, a security account
 * (GuardDuty's delegated administrator) and `count` member accounts.
 * moto's Organizations answers ListAccounts and ListDelegatedAdministrators in
 * the management account only, and does not know StackSets as a service for
 * delegated administrators; neither changes what is set up here.
 */
export async function createOrganization(moto: Moto, count: number): Promise<Organization> {
  const management = await keysOf(moto, MANAGEMENT);
  const orgs = new OrganizationsClient(clientConfig(moto, management));
  const { Organization: org } = await orgs.send(
    new CreateOrganizationCommand({ FeatureSet: 'ALL' }),
  );
  const create = async (name: string) => {
    const { CreateAccountStatus: s } = await orgs.send(
      new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }),
    );
    if (!s?.AccountId) throw new Error(`moto created no account ${name}`);
    return s.AccountId;
  };
  const security = await create('security');
  const members: string[] = [];
  for (let i = 1; i <= count; i++) members.push(await create(`workload-${i}`));
  await orgs.send(
    new RegisterDelegatedAdministratorCommand({
      AccountId: security,
      ServicePrincipal: 'guardduty.amazonaws.com',
    }),
  );
  const { Roots: roots } = await orgs.send(new ListRootsCommand({}));
  return {
    id: org?.Id ?? '',
    management: org?.MasterAccountId ?? MANAGEMENT,
    root: roots?.[0]?.Id ?? '',
    security,
    securityKeys: await keysOf(moto, security),
    members,
  };
}

export interface Deployment {
  keys: Keys;
  stage: string;
  /** Replaces PACKAGED_ORG in the template (the stack was packaged before the Organization existed). */
  organizationId?: string;
  /** Edits the template first: a stack deployed from older playbooks. */
  change?: (template: Template) => void;
}

/**
 * Deploys a packaged stack the way `osls deploy` does: the create template
 * (the deployment bucket), the artifact into it, then the update template.
 */
export async function deployPackaged(
  moto: Moto,
  region: string,
  packaged: Packaged,
  deployment: Deployment,
): Promise<void> {
  const cfg = inRegion(moto, deployment.keys, region);
  const cfn = new CloudFormationClient(cfg);
  const StackName = `parry-${deployment.stage}`;
  await cfn.send(
    new CreateStackCommand({ StackName, TemplateBody: JSON.stringify(packaged.createTemplate) }),
  );
  const { Stacks: stacks } = await cfn.send(new DescribeStacksCommand({ StackName }));
  const bucket = stacks?.[0]?.Outputs?.find(
    (o) => o.OutputKey === 'ServerlessDeploymentBucketName',
  )?.OutputValue;
  const text = JSON.stringify(packaged.template);
  const template = JSON.parse(
    deployment.organizationId ? text.replaceAll(PACKAGED_ORG, deployment.organizationId) : text,
  ) as Template;
  deployment.change?.(template);
  const code = template.Resources.RespondLambdaFunction?.Properties.Code as { S3Key: string };
  await new S3Client({ ...cfg, forcePathStyle: true }).send(
    new PutObjectCommand({ Bucket: bucket, Key: code.S3Key, Body: await readFile(packaged.zip) }),
  );
  await cfn.send(
    new UpdateStackCommand({
      StackName,
      TemplateBody: JSON.stringify(template),
      Capabilities: ['CAPABILITY_NAMED_IAM'],
    }),
  );
}

/** The stage prod stack of the security account, packaged for PACKAGED_ORG. */
export const deployStack = (
  moto: Moto,
  org: Organization,
  region: string,
  packaged: Packaged,
  change?: (template: Template) => void,
) =>
  deployPackaged(moto, region, packaged, {
    keys: org.securityKeys,
    stage: 'prod',
    organizationId: org.id,
    change,
  });

/**
 * The bus statement the stack's AWS::Events::EventBusPolicy puts: moto's
 * CloudFormation does not create that resource type, so the suite puts it.
 */
export async function putOrganizationBusPolicy(
  moto: Moto,
  org: Organization,
  region: string,
): Promise<void> {
  const events = new EventBridgeClient(inRegion(moto, org.securityKeys, region));
  const policy = organizationBusPolicy(org.security, region, org.id);
  await events.send(
    new PutPermissionCommand({ EventBusName: 'default', Policy: JSON.stringify(policy) }),
  );
}

/** An email subscription to the stack's topic (moto confirms subscriptions at once). */
export async function subscribeEmail(
  moto: Moto,
  org: Organization,
  region: string,
  topicArn: string,
): Promise<void> {
  await new SNSClient(inRegion(moto, org.securityKeys, region)).send(
    new SubscribeCommand({ TopicArn: topicArn, Protocol: 'email', Endpoint: 'secops@example.com' }),
  );
}

export async function enableGuardDuty(
  moto: Moto,
  org: Organization,
  region: string,
): Promise<void> {
  await new GuardDutyClient(inRegion(moto, org.securityKeys, region)).send(
    new CreateDetectorCommand({ Enable: true }),
  );
}

export interface StackSetSpec {
  name: string;
  templateFile: string;
  parameters: Record<string, string>;
  accounts: string[];
  regions: string[];
}

/**
 * A service-managed StackSet of the security account (as delegated
 * administrator), deployed to the Organization's root. moto ignores CallAs
 * and resolves OUs only in the management account, so the accounts are
 * also named (real StackSets would take them from the OU).
 */
export async function createStackSet(
  moto: Moto,
  org: Organization,
  spec: StackSetSpec,
): Promise<void> {
  const cfn = new CloudFormationClient(inRegion(moto, org.securityKeys, 'us-east-1'));
  await cfn.send(
    new CreateStackSetCommand({
      StackSetName: spec.name,
      TemplateBody: await readFile(spec.templateFile, 'utf8'),
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      Parameters: Object.entries(spec.parameters).map(([ParameterKey, ParameterValue]) => ({
        ParameterKey,
        ParameterValue,
      })),
      CallAs: 'DELEGATED_ADMIN',
    }),
  );
  await cfn.send(
    new CreateStackInstancesCommand({
      StackSetName: spec.name,
      DeploymentTargets: { OrganizationalUnitIds: [org.root] },
      Accounts: spec.accounts,
      Regions: spec.regions,
      CallAs: 'DELEGATED_ADMIN',
    }),
  );
}

export const responderArn = (org: Organization, region: string) =>
  `arn:aws:iam::${org.security}:role/parry-prod-${region}-responder`;
