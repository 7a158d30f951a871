import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPlaybooks, type Playbook } from '../../src/playbook/index.js';
import { actionsInUse } from '../../src/stack/policy.js';
import {
  packageStack,
  packageWith,
  runToEnd,
  type Template,
  withDist,
} from '../helpers/package.js';

const run = promisify(execFile);
const ORG = 'o-a1b2c3d4e5';

interface Resource {
  Type: string;
  Properties: Record<string, unknown> & {
    Policies?: { PolicyDocument: { Statement: Statement[] } }[];
  };
  Condition?: string;
}
interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

let resources: Record<string, Resource>;
let east: Template;
let west: Template;
let playbooks: Playbook[];
let zip: string;

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

beforeAll(async () => {
  const packaged = await packageStack('prod', 'us-east-1', { organizationId: ORG });
  east = packaged.template;
  zip = packaged.zip;
  west = (await packageStack('prod', 'eu-west-1', { organizationId: ORG })).template;
  resources = east.Resources as Record<string, Resource>;
  const loaded = await loadPlaybooks(['playbooks']);
  playbooks = loaded.playbooks;
}, 240_000);

describe('the bundled handler (npm run invoke)', () => {
  it('runs the real bundle with a fake context, planning only, and reports its summary', async () => {
    const event = 'test/events/guardduty/backdoor-ec2-c-and-c-activity.json';
    const { stdout, stderr } = await withDist(() =>
      run('node', ['scripts/invoke.mjs', event], {
        env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT' },
      }),
    );
    const summary = JSON.parse(stdout.slice(stdout.indexOf('{\n')));
    expect(
      summary.playbooks.map((p: { name: string; status: string }) => `${p.name}:${p.status}`),
    ).toEqual(['notify-on-findings:planned', 'quarantine-compromised-instance:planned']);
    expect(stderr).toMatch(/planned only; cold module load \d+ ms/);
  });

  it('fails the invocation of a non-EventBridge input, as Lambda would see it', async () => {
    const error = await withDist(() =>
      run('node', ['scripts/invoke.mjs', 'test/fixtures/patterns/high-severity.json']),
    ).catch((e: { code: number; stderr: string }) => e);
    expect(error).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('InvalidEventError: not an EventBridge event'),
    });
  });
});

/** The names IAM and EventBridge require to be unique, each with the scope it must be unique in. */
function uniqueNames(template: Template, region: string): string[] {
  const names: string[] = [];
  for (const r of Object.values(template.Resources)) {
    const p = r.Properties;
    // IAM role names are unique per account, in every Region at once.
    if (r.Type === 'AWS::IAM::Role') names.push(`iam role ${String(p.RoleName)}`);
    if (r.Type === 'AWS::IAM::ManagedPolicy')
      names.push(`iam policy ${String(p.ManagedPolicyName)}`);
    // Rule names and bus policy statements are unique per event bus, which belongs to one Region.
    if (r.Type === 'AWS::Events::Rule')
      names.push(`rule ${region}/${String(p.EventBusName)}/${String(p.Name)}`);
    if (r.Type === 'AWS::Events::EventBusPolicy')
      names.push(`bus statement ${region}/${String(p.EventBusName)}/${String(p.StatementId)}`);
    if (r.Type === 'AWS::Events::EventBus') names.push(`bus ${region}/${String(p.Name)}`);
  }
  return names;
}

describe('one stack per Region, in one account', () => {
  it('shares no name that IAM or EventBridge requires to be unique', () => {
    const a = uniqueNames(east, 'us-east-1');
    const b = uniqueNames(west, 'eu-west-1');
    expect(a).toContain('iam role parry-prod-us-east-1-responder');
    expect(b).toContain('iam role parry-prod-eu-west-1-responder');
    expect(a.filter((n) => b.includes(n))).toEqual([]);
  });

  it('shares none with another stage in the same Region either', async () => {
    const dev = (await packageStack('dev', 'us-east-1', { organizationId: ORG })).template;
    const a = uniqueNames(east, 'us-east-1');
    expect(uniqueNames(dev, 'us-east-1').filter((n) => a.includes(n))).toEqual([]);
  }, 120_000);

  it('lets each responder assume the member role only inside its Organization', () => {
    for (const t of [east, west]) {
      const role = t.Resources.IamRoleLambdaExecution as unknown as Resource;
      const statements = role.Properties.Policies?.[0]?.PolicyDocument.Statement ?? [];
      expect(statements.find((s) => s.Sid === 'AssumeMemberRole')).toEqual({
        Sid: 'AssumeMemberRole',
        Effect: 'Allow',
        Action: ['sts:AssumeRole'],
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub placeholder
        Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::*:role/parry-responder' }],
        Condition: { StringEquals: { 'aws:ResourceOrgID': ORG } },
      });
    }
  });

  it('without an Organization, gives the responder no way into other accounts', async () => {
    const single = (await packageStack('solo', 'us-east-1')).template;
    const role = single.Resources.IamRoleLambdaExecution as unknown as Resource;
    const statements = role.Properties.Policies?.[0]?.PolicyDocument.Statement ?? [];
    expect(statements.flatMap(actionsOf)).not.toContain('sts:AssumeRole');
  }, 120_000);

  it('gives osls invoke local only values it can resolve: strings and Refs to the stack', () => {
    const fn = resources.RespondLambdaFunction?.Properties as {
      Environment: { Variables: Record<string, unknown> };
    };
    for (const [name, value] of Object.entries(fn.Environment.Variables)) {
      if (typeof value === 'object' && value !== null)
        expect(Object.keys(value), name).toEqual(['Ref']);
    }
    expect(fn.Environment.Variables.PARRY_RESPONDER_ROLE_NAME).toBe(
      'parry-prod-us-east-1-responder',
    );
  });
});

describe('bad stage params fail the packaging with one line', () => {
  it("npm run package prints only parry's line", async () => {
    const { code, stderr } = await withDist(() =>
      runToEnd('node', ['scripts/package.mjs', '--param=mode=dryrun']),
    );
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      'package: stage param "mode": "dryrun" is not one of dry-run, enforce',
    );
  }, 120_000);

  it.each([
    [
      { notifyEmail: 'secops@example.com' },
      'parry: unknown stage param "notifyEmail" (known: eventBus,',
    ],
    [
      { maxActionsPerHour: 'many' },
      'parry: stage param "maxActionsPerHour": "many" is not a whole number',
    ],
    [
      { organizationId: '123456789012' },
      'parry: stage param "organizationId": "123456789012" is not an Organization id',
    ],
  ])(
    'osls package (and so osls deploy) refuses %j',
    async (params, line) => {
      const { code, stdout, stderr } = await packageWith(params);
      expect(code).toBe(1);
      expect(`${stdout}${stderr}`).toContain(line);
    },
    60_000,
  );
});

describe('the packaged stack (osls package, offline)', () => {
  it('has one EventBridge rule per enabled playbook, with exactly its pattern', () => {
    const rules = ofType('AWS::Events::Rule').map(([, r]) => r.Properties);
    const enabled = playbooks.filter((p) => p.enabled);
    expect(rules).toHaveLength(enabled.length);
    for (const p of enabled) {
      const rule = rules.find((r) => String(r.Name).endsWith(p.name));
      expect(rule?.EventPattern).toEqual(p.match.source);
      expect(rule?.Targets).toEqual([
        expect.objectContaining({
          InputTransformer: {
            InputTemplate: `{"playbook":"${p.name}","event":<aws.events.event.json>}`,
          },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['ParryDeadLetterQueue', 'Arn'] } },
        }),
      ]);
    }
    expect(ofType('AWS::Lambda::Permission')).toHaveLength(enabled.length);
  });

  it('grants exactly the IAM actions of the enabled enforce-mode playbooks, never a wildcard action', () => {
    const role = resources.IamRoleLambdaExecution;
    const statements = role?.Properties.Policies?.[0]?.PolicyDocument.Statement ?? [];
    const granted = statements.filter((s) => s.Sid?.startsWith('ParryActions')).flatMap(actionsOf);
    const needed = [...new Set(actionsInUse(playbooks).flatMap((a) => a.permissions))];
    expect(granted.sort()).toEqual(needed.sort());
    for (const action of statements.flatMap(actionsOf)) expect(action).not.toMatch(/\*/);
    expect(statements.find((s) => s.Sid === 'NeverChangeParryItself')?.Effect).toBe('Deny');
  });

  it('runs on nodejs22.x arm64 with reserved concurrency and PARRY_* settings, without source-map support', () => {
    const fn = resources.RespondLambdaFunction?.Properties as Record<string, unknown> & {
      Environment: { Variables: Record<string, unknown> };
    };
    expect(fn).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      ReservedConcurrentExecutions: 10,
    });
    expect(Object.keys(fn.Environment.Variables)).toEqual(
      expect.arrayContaining([
        'PARRY_TABLE_NAME',
        'PARRY_NOTIFY_TOPIC_ARN',
        'PARRY_MEMBER_ROLE_NAME',
        'PARRY_RESPONDER_ROLE_NAME',
        'PARRY_MODE',
        'PARRY_MAX_ACTIONS_PER_HOUR',
      ]),
    );
    expect(fn.Environment.Variables.NODE_OPTIONS).toBeUndefined();
  });

  it('ships the bundle and every chunk it imports, and no source map', async () => {
    const { stdout } = await run('unzip', ['-Z1', zip]);
    const files = stdout.split('\n').filter(Boolean);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files).toEqual(
      expect.arrayContaining(['dist/lambda/respond.mjs', 'dist/lambda/respond.cjs']),
    );
    const { stdout: listing } = await run('unzip', ['-p', zip, 'dist/lambda/respond.mjs']);
    const imported = [...listing.matchAll(/["'`]\.\/(chunks\/[^"'`]+\.mjs)["'`]/g)].map(
      (m) => `dist/lambda/${m[1]}`,
    );
    expect(imported.length).toBeGreaterThan(0);
    expect(files).toEqual(expect.arrayContaining(imported));
  });

  it('sends failed invocations to the dead-letter queue', () => {
    expect(resources.RespondLambdaEvConf?.Properties).toMatchObject({
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': ['ParryDeadLetterQueue', 'Arn'] } },
      },
      MaximumRetryAttempts: 2,
    });
    expect(resources.ParryDeadLetterQueue?.Type).toBe('AWS::SQS::Queue');
  });

  it('keeps the run ledger in a table with TTL, and notifies through a KMS-encrypted topic', () => {
    expect(resources.ParryRunsTable?.Properties).toMatchObject({
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    });
    expect(resources.ParryNotificationsTopic?.Properties).toMatchObject({
      KmsMasterKeyId: { Ref: 'ParryNotificationsKey' },
    });
  });

  it('alarms on function errors, failed runs, dead letters and circuit-breaker trips, to the topic', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    expect(alarms.map((a) => a.MetricName).sort()).toEqual([
      'ApproximateNumberOfMessagesVisible',
      'CircuitBreakerTrips',
      'Errors',
      'Failed',
    ]);
    for (const a of alarms) expect(a.AlarmActions).toEqual([{ Ref: 'ParryNotificationsTopic' }]);
  });
});
