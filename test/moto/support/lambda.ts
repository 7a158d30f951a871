import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { CreateTableCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import type { ResponseSummary } from '../../../src/lambda/respond.js';
import { clientConfig, motoEnv } from './aws.js';
import { topicInbox } from './inbox.js';
import { type ItemLockProxy, startItemLockProxy } from './item-lock.js';
import { type Moto, SECURITY_ACCOUNT } from './moto.js';

export const TABLE = 'parry-e2e-runs';
export const RESPONDER_ROLE_ARN = `arn:aws:iam::${SECURITY_ACCOUNT}:role/parry-e2e-responder`;
export const MEMBER_ROLE = 'parry-responder';

const RUNNER = resolve('test/moto/support/invoke-bundle.mjs');

/** The bundled handler, built once per run by `bundle.global.ts`. */
export const lambdaBundle = (): string => {
  const bundle = inject('lambdaBundle');
  if (!bundle) throw new Error('no Lambda bundle: the suite is skipped');
  return bundle;
};

/** The stack's settings for the function, pointed at moto (serverless.yml's `environment`). */
export const lambdaEnv = (
  moto: Moto,
  topicArn: string,
  extra: Record<string, string> = {},
): Record<string, string> =>
  motoEnv(moto, {
    PARRY_TABLE_NAME: TABLE,
    PARRY_NOTIFY_TOPIC_ARN: topicArn,
    PARRY_MEMBER_ROLE_NAME: MEMBER_ROLE,
    PARRY_RESPONDER_ROLE_ARN: RESPONDER_ROLE_ARN,
    PARRY_ACCOUNT_ID: SECURITY_ACCOUNT,
    PARRY_MAX_ACTIONS_PER_HOUR: '20',
    PARRY_DEDUPE_WINDOW_HOURS: '168',
    PARRY_LEASE_SECONDS: '70',
    POWERTOOLS_SERVICE_NAME: 'parry',
    POWERTOOLS_METRICS_NAMESPACE: 'Parry',
    POWERTOOLS_LOG_LEVEL: 'WARN',
    POWERTOOLS_METRICS_DISABLED: 'true',
    ...extra,
  });

export type Invocation =
  | { ok: true; result: ResponseSummary }
  | { ok: false; error: { name: string; message: string } };

export interface InvokeOptions {
  /** The bundle's `respond.mjs` (default: the suite's, `lambdaBundle()`). */
  bundle?: string;
  /** The context's awsRequestId: a Lambda retry of an invocation keeps it (default: one per process). */
  requestId?: string;
  /** Moves the handler's clock, e.g. to the next hour (see `halfPastNextHour`). */
  clockOffsetMs?: number;
}

/**
 * One invocation of the bundled handler in a fresh process (a cold Lambda
 * instance), with a fake context, as EventBridge's rule input delivers it.
 * @example const first = await invoke(ruleInput('e2e-disable-key', event), env)
 */
export function invoke(
  input: unknown,
  env: Record<string, string>,
  options: InvokeOptions = {},
): Promise<Invocation> {
  const dir = mkdtempSync(join(tmpdir(), 'parry-e2e-invoke-'));
  const out = join(dir, 'result.json');
  const child = spawn(process.execPath, [RUNNER, options.bundle ?? lambdaBundle(), out], {
    env: {
      PATH: process.env.PATH ?? '',
      ...env,
      ...(options.requestId ? { PARRY_E2E_REQUEST_ID: options.requestId } : {}),
      ...(options.clockOffsetMs
        ? { PARRY_E2E_CLOCK_OFFSET_MS: String(options.clockOffsetMs) }
        : {}),
    },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + String(chunk)).slice(-4000);
  });
  child.stdin.end(JSON.stringify(input));
  return new Promise((done, fail) => {
    child.once('error', fail);
    child.once('exit', (code) => {
      try {
        const parsed = JSON.parse(readFileSync(out, 'utf8')) as
          | { result: ResponseSummary }
          | { error: { name: string; message: string } };
        done('result' in parsed ? { ok: true, result: parsed.result } : { ok: false, ...parsed });
      } catch {
        fail(new Error(`the bundled handler crashed (exit ${code}): ${stderr}`));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

export const HOUR_MS = 3_600_000;

/**
 * A clock offset that puts the handler at half past the next hour, so that
 * a test of the hourly circuit breaker never straddles a real hour boundary;
 * add HOUR_MS for the hour after.
 * @example const hour = halfPastNextHour(); await invoke(input, env, { clockOffsetMs: hour + HOUR_MS })
 */
export const halfPastNextHour = (now = Date.now()): number =>
  Math.ceil(now / HOUR_MS) * HOUR_MS + HOUR_MS / 2 - now;

const dynamo = (moto: Moto) => new DynamoDBClient(clientConfig(moto));

/** The ledger table of serverless.yml (`ParryRunsTable`), in the security account. */
export async function createLedgerTable(moto: Moto): Promise<void> {
  await dynamo(moto).send(
    new CreateTableCommand({
      TableName: TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }),
  );
}

/** Every ledger and breaker item, by key. */
export async function ledgerItems(
  moto: Moto,
): Promise<Map<string, Record<string, AttributeValue>>> {
  const { Items } = await dynamo(moto).send(new ScanCommand({ TableName: TABLE }));
  return new Map((Items ?? []).map((item) => [item.pk?.S ?? '', item]));
}

/** What a test of the bundled handler works with: the stack's topic, and its environment. */
export interface LambdaStack {
  /** What the stack's notification topic published, as its SQS subscriber received it. */
  messages: Awaited<ReturnType<typeof topicInbox>>['messages'];
  /** The function's environment (serverless.yml's), with `extra` settings. */
  env(extra?: Record<string, string>): Record<string, string>;
}

/**
 * The stack's ledger table and notification topic, made afresh in moto
 * before each test of the calling `describeMoto`. The function reaches
 * DynamoDB through a proxy that makes each item's writes atomic, as
 * DynamoDB's are and moto's are not (see item-lock.ts).
 * @example const stack = useLambdaStack(moto); await invoke(input, stack.env()); await stack.messages()
 */
export function useLambdaStack(moto: () => Moto): LambdaStack {
  let topic: Awaited<ReturnType<typeof topicInbox>> | undefined;
  let dynamo: ItemLockProxy | undefined;
  beforeAll(async () => {
    dynamo = await startItemLockProxy(moto().endpoint);
  });
  afterAll(async () => {
    await dynamo?.close();
  });
  beforeEach(async () => {
    await createLedgerTable(moto());
    topic = await topicInbox(moto(), 'parry-e2e-notifications');
  });
  const current = () => {
    if (!topic || !dynamo) throw new Error('useLambdaStack: used outside a test');
    return { topic, dynamo };
  };
  return {
    messages: () => current().topic.messages(),
    env: (extra = {}) =>
      lambdaEnv(moto(), current().topic.topicArn, {
        AWS_ENDPOINT_URL_DYNAMODB: current().dynamo.endpoint,
        ...extra,
      }),
  };
}
