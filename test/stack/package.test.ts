import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPlaybooks, type Playbook } from '../../src/playbook/index.js';
import { actionsInUse } from '../../src/stack/policy.js';

const run = promisify(execFile);

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
}

let resources: Record<string, Resource>;
let playbooks: Playbook[];

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

beforeAll(async () => {
  const out = await mkdtemp(join(tmpdir(), 'parry-package-'));
  const env = { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' };
  await run('node', ['scripts/build-cli.mjs'], { env });
  await run('node', ['scripts/build-lambda.mjs'], { env });
  await run('node', ['node_modules/osls/bin/serverless.js', 'package', '--package', out], {
    env,
    timeout: 120_000,
  });
  const template = JSON.parse(
    await readFile(join(out, 'cloudformation-template-update-stack.json'), 'utf8'),
  );
  resources = template.Resources;
  const loaded = await loadPlaybooks(['playbooks']);
  playbooks = loaded.playbooks;
}, 180_000);

describe('the bundled handler (npm run invoke)', () => {
  it('runs the real bundle with a fake context, planning only, and reports its summary', async () => {
    const event = 'test/events/guardduty/backdoor-ec2-c-and-c-activity.json';
    const { stdout, stderr } = await run('node', ['scripts/invoke.mjs', event], {
      env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT' },
    });
    const summary = JSON.parse(stdout.slice(stdout.indexOf('{\n')));
    expect(
      summary.playbooks.map((p: { name: string; status: string }) => `${p.name}:${p.status}`),
    ).toEqual(['notify-on-findings:planned', 'quarantine-compromised-instance:planned']);
    expect(stderr).toMatch(/planned only; cold module load \d+ ms/);
  });

  it('fails the invocation of a non-EventBridge input, as Lambda would see it', async () => {
    const error = await run('node', [
      'scripts/invoke.mjs',
      'test/fixtures/patterns/high-severity.json',
    ]).catch((e: { code: number; stderr: string }) => e);
    expect(error).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('InvalidEventError: not an EventBridge event'),
    });
  });
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
    expect(statements.find((s) => s.Sid === 'AssumeMemberRole')).toMatchObject({
      Action: ['sts:AssumeRole'],
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub placeholder
      Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::*:role/parry-responder' }],
    });
    expect(statements.find((s) => s.Sid === 'NeverChangeParryItself')?.Effect).toBe('Deny');
  });

  it('runs on nodejs22.x arm64 with source maps, reserved concurrency and PARRY_* settings', () => {
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
        'NODE_OPTIONS',
        'PARRY_TABLE_NAME',
        'PARRY_NOTIFY_TOPIC_ARN',
        'PARRY_MEMBER_ROLE_NAME',
        'PARRY_RESPONDER_ROLE_ARN',
        'PARRY_MODE',
        'PARRY_MAX_ACTIONS_PER_HOUR',
      ]),
    );
    expect(fn.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
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
