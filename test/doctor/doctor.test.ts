import {
  DescribeStackSetCommand,
  DescribeStacksCommand,
  ListStackInstancesCommand,
} from '@aws-sdk/client-cloudformation';
import { DescribeRuleCommand } from '@aws-sdk/client-eventbridge';
import { DescribeOrganizationConfigurationCommand } from '@aws-sdk/client-guardduty';
import { GetRolePolicyCommand } from '@aws-sdk/client-iam';
import { ListAccountsCommand } from '@aws-sdk/client-organizations';
import { ListSubscriptionsByTopicCommand } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { beforeEach, describe, expect, it } from 'vitest';
import { doctorCommand } from '../../src/cli/doctor.js';
import { createDoctorClients } from '../../src/doctor/index.js';
import {
  assumeStatement,
  completeDeployment,
  doctor,
  encodedPolicy,
  gaps,
  MANAGEMENT,
  MEMBERS,
  mocks,
  SECURITY,
  TOPIC,
  unknowns,
} from './support.js';

const serviceError = (name: string, message = name) => Object.assign(new Error(message), { name });

beforeEach(async () => {
  await completeDeployment();
});

describe('parry doctor on a complete deployment', () => {
  it('finds nothing missing and nothing it could not check', async () => {
    const findings = await doctor();
    expect([...gaps(findings), ...unknowns(findings)]).toEqual([]);
    expect(findings.map((f) => `${f.scope} ${f.check}`)).toEqual(
      expect.arrayContaining([
        'us-east-1 stack',
        'us-east-1 rules',
        'us-east-1 responder role',
        'us-east-1 notifications',
        'us-east-1 bus policy',
        'us-east-1 guardduty',
        'organization member role',
        'organization forwarder',
      ]),
    );
  });

  it('reads the StackSets as a delegated administrator, the management account as itself', async () => {
    await doctor();
    expect(mocks.cloudformation).toHaveReceivedCommandWith(DescribeStackSetCommand, {
      StackSetName: 'parry-prod-member-role',
      CallAs: 'DELEGATED_ADMIN',
    });
    mocks.sts
      .on(GetCallerIdentityCommand)
      .resolves({ Account: MANAGEMENT, Arn: 'arn:aws:iam::1:user/a' });
    mocks.cloudformation.resetHistory();
    await doctor();
    expect(mocks.cloudformation).toHaveReceivedCommandWith(DescribeStackSetCommand, {
      CallAs: 'SELF',
    });
  });
});

describe('what moto cannot answer', () => {
  it('sees that this account is not GuardDuty’s delegated administrator in the Region', async () => {
    mocks.guardduty
      .on(DescribeOrganizationConfigurationCommand)
      .rejects(
        serviceError(
          'BadRequestException',
          'The request is rejected because the current account is not the delegated administrator',
        ),
      );
    expect(gaps(await doctor())).toEqual([
      {
        scope: 'us-east-1',
        check: 'guardduty',
        status: 'gap',
        detail: `${SECURITY} is not GuardDuty's delegated administrator in us-east-1: members' findings go elsewhere`,
        fix: `in the management account: aws guardduty enable-organization-admin-account --admin-account-id ${SECURITY} --region us-east-1`,
      },
    ]);
  });

  it('sees members that GuardDuty does not enable automatically', async () => {
    mocks.guardduty
      .on(DescribeOrganizationConfigurationCommand)
      .resolves({ AutoEnableOrganizationMembers: 'NONE', MemberAccountLimitReached: false });
    expect(gaps(await doctor())[0]?.fix).toBe(
      'aws guardduty update-organization-configuration --detector-id d1 --auto-enable-organization-members ALL --region us-east-1',
    );
  });

  it.each([
    [
      'a permission an enforce-mode playbook needs',
      [assumeStatement()],
      /lacks sns:Publish \(enforce-mode playbooks on disk need them\)/,
    ],
    [
      'a permission no playbook needs any more',
      [
        {
          Sid: 'ParryActions1',
          Effect: 'Allow',
          Action: ['sns:Publish', 'ec2:StopInstances'],
          Resource: '*',
        },
        assumeStatement(),
      ],
      /still grants ec2:StopInstances/,
    ],
    [
      'assuming member roles outside the Organization',
      [
        { Sid: 'ParryActions1', Effect: 'Allow', Action: ['sns:Publish'], Resource: '*' },
        assumeStatement('o-zzzzzzzzzz'),
      ],
      /assumes member roles outside o-a1b2c3d4e5 \(aws:ResourceOrgID is "o-zzzzzzzzzz"\)/,
    ],
  ])(
    'reads the live responder policy (URL-encoded, as IAM returns it): %s',
    async (_what, statements, detail) => {
      mocks.iam.on(GetRolePolicyCommand).resolves({
        RoleName: 'r',
        PolicyName: 'p',
        PolicyDocument: encodedPolicy(statements),
      });
      const [gap] = gaps(await doctor());
      expect(gap?.check).toBe('responder role');
      expect(gap?.detail).toMatch(detail);
    },
  );

  it('says a subscription waits for confirmation (moto confirms at once)', async () => {
    mocks.sns.on(ListSubscriptionsByTopicCommand).resolves({
      Subscriptions: [
        { SubscriptionArn: 'PendingConfirmation', Protocol: 'email', TopicArn: TOPIC },
      ],
    });
    expect(gaps(await doctor())[0]).toMatchObject({
      check: 'notifications',
      detail: `${TOPIC}: 1 subscription(s) waiting for confirmation`,
    });
  });

  it('says which StackSet instances failed, with the reason (moto reports all CURRENT)', async () => {
    mocks.cloudformation.on(ListStackInstancesCommand).resolves({
      Summaries: [
        {
          Account: MEMBERS[0],
          Region: 'us-east-1',
          Status: 'CURRENT',
          StackInstanceStatus: { DetailedStatus: 'SUCCEEDED' },
        },
        {
          Account: MEMBERS[1],
          Region: 'us-east-1',
          Status: 'INOPERABLE',
          StatusReason: 'Role parry-responder already exists',
          StackInstanceStatus: { DetailedStatus: 'FAILED' },
        },
      ],
    });
    const details = gaps(await doctor()).map((g) => g.detail);
    expect(details).toContain(
      `member role instances not current: ${MEMBERS[1]} us-east-1: INOPERABLE/FAILED (Role parry-responder already exists)`,
    );
  });

  it('sees a StackSet that does not deploy to new accounts (moto reports no AutoDeployment)', async () => {
    mocks.cloudformation
      .on(DescribeStackSetCommand, { StackSetName: 'parry-forward-cloudtrail' })
      .resolves({
        StackSet: {
          StackSetName: 'parry-forward-cloudtrail',
          Status: 'ACTIVE',
          PermissionModel: 'SERVICE_MANAGED',
          AutoDeployment: { Enabled: false },
          TemplateBody: 'AWSTemplateFormatVersion: 2010-09-09\nResources: {}\n',
          Parameters: [{ ParameterKey: 'SecurityAccountId', ParameterValue: SECURITY }],
        },
      });
    expect(gaps(await doctor())).toEqual([
      expect.objectContaining({
        check: 'forwarder',
        detail:
          'StackSet parry-forward-cloudtrail: new accounts get no instance (auto-deployment is off); its template is not infra/forward-cloudtrail.yml',
      }),
    ]);
  });

  it('lists the Organization’s accounts page by page, and says the management account is not covered', async () => {
    mocks.organizations
      .on(ListAccountsCommand)
      .resolvesOnce({
        Accounts: [
          { Id: MANAGEMENT, State: 'ACTIVE' },
          { Id: SECURITY, State: 'ACTIVE' },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        Accounts: [
          { Id: MEMBERS[0], State: 'ACTIVE' },
          { Id: MEMBERS[1], State: 'ACTIVE' },
          { Id: '999999999999', State: 'SUSPENDED' },
        ],
      });
    const findings = await doctor(null);
    expect(findings).toContainEqual(
      expect.objectContaining({
        check: 'accounts',
        status: 'ok',
        detail: '3 active member account(s)',
      }),
    );
    expect(gaps(findings)).toEqual([
      expect.objectContaining({
        check: 'management account',
        detail: `StackSets never deploy to the management account ${MANAGEMENT}: parry cannot act there`,
      }),
    ]);
  });
});

describe('what goes wrong in a stack', () => {
  it.each([
    ['UPDATE_ROLLBACK_COMPLETE', 'npm run package -- --stage prod --region us-east-1'],
    ['UPDATE_IN_PROGRESS', 'wait for it to finish, then run parry doctor again'],
  ])('a stack %s is a gap', async (status, fix) => {
    mocks.cloudformation.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'parry-prod',
          StackStatus: status as 'UPDATE_IN_PROGRESS',
          CreationTime: new Date(),
        },
      ],
    });
    const stack = gaps(await doctor()).find((g) => g.check === 'stack');
    expect(stack?.detail).toBe(`parry-prod is ${status}`);
    expect(stack?.fix).toContain(fix);
  });

  it('a rule whose pattern is not the playbook’s is a gap naming the file', async () => {
    mocks.events
      .on(DescribeRuleCommand, { Name: 'parry-prod-notify-on-findings' })
      .resolves({ State: 'ENABLED', EventPattern: '{"source":["aws.guardduty"]}' });
    expect(gaps(await doctor())[0]?.detail).toBe(
      "parry-prod-notify-on-findings (playbooks/notify-on-findings.yml): its pattern is not the playbook's match",
    );
  });

  it('a call the caller may not make is "not checked", with the permission it needs, and the rest goes on', async () => {
    mocks.cloudformation
      .on(DescribeStacksCommand)
      .rejects(
        serviceError('AccessDenied', 'not authorized to perform: cloudformation:DescribeStacks'),
      );
    const findings = await doctor();
    expect(unknowns(findings)).toEqual([
      {
        scope: 'us-east-1',
        check: 'stack',
        status: 'unknown',
        detail:
          'could not check: AccessDenied: not authorized to perform: cloudformation:DescribeStacks',
        fix: 'allow the caller cloudformation:DescribeStacks and cloudformation:ListStackResources',
      },
    ]);
    expect(findings.find((f) => f.check === 'guardduty')?.status).toBe('ok');
  });
});

describe('the doctor command', () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return {
      out,
      err,
      io: {
        out: (t: string) => out.push(t),
        err: (t: string) => err.push(t),
        stdin: process.stdin,
        env: {},
      },
    };
  };
  const options = {
    stage: 'prod',
    region: 'us-east-1',
    playbooks: 'playbooks',
    stacksetRegion: 'us-east-1',
    json: false,
  };
  const clients = () =>
    createDoctorClients({ credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } });

  it('prints each gap with its fix, and exits 1', async () => {
    mocks.sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [] });
    const { out, io: ports } = io();
    const code = await doctorCommand({ ...options, accounts: MEMBERS.join(',') }, ports, clients);
    const text = out.join('');
    expect(code).toBe(1);
    expect(text).toContain(
      `  GAP  notifications: nobody is subscribed to ${TOPIC}\n       fix: npm run package -- --stage prod --region us-east-1 --param=organizationId=o-a1b2c3d4e5 && npx osls deploy --stage prod --region us-east-1 --param=organizationId=o-a1b2c3d4e5 --param=alarmEmail=<address> (repeat your other --param values), or aws sns subscribe`,
    );
    expect(text).toContain('  ok   stack: parry-prod UPDATE_COMPLETE\n');
    expect(text).toMatch(
      /\n1 gap\(s\), 0 not checked: apply the fixes, then run parry doctor again\n$/,
    );
  });

  it('exits 0 when nothing is missing', async () => {
    const { out, io: ports } = io();
    expect(await doctorCommand({ ...options, accounts: MEMBERS.join(',') }, ports, clients)).toBe(
      0,
    );
    expect(out.join('')).toMatch(/no gaps: parry is deployed as the playbooks on disk call for\n$/);
  });

  it.each([
    [
      { region: undefined },
      'doctor: give --region (the Regions the stage runs in, comma-separated)',
    ],
    [{ region: 'us-east-1,narnia' }, 'doctor: region "narnia": not an AWS Region'],
    [{ stage: 'prod_1' }, 'doctor: stage "prod_1": use letters, digits and "-" only'],
    [{ accounts: '1234' }, 'doctor: --accounts: "1234" is not a 12-digit account id'],
  ])('refuses %j with one line', async (change, message) => {
    const { io: ports } = io();
    await expect(doctorCommand({ ...options, ...change }, ports, clients)).rejects.toThrow(message);
  });

  it('says in one line when the caller’s credentials do not work', async () => {
    mocks.sts
      .on(GetCallerIdentityCommand)
      .rejects(
        serviceError('ExpiredToken', 'The security token included in the request is expired'),
      );
    const { io: ports } = io();
    await expect(doctorCommand(options, ports, clients)).rejects.toThrow(
      'doctor: cannot identify the caller: ExpiredToken: The security token included in the request is expired',
    );
  });
});
