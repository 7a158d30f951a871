// The two ways benchmark 7 runs a quarantine against moto: the CLI (`parry replay --execute`,
// dist/cli.js) and the bundled Lambda with its DynamoDB ledger, each in a fresh process.
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventBridgeEvent } from '../src/event/envelope.js';
import { ruleInput } from '../test/moto/support/access-keys.js';
import { motoEnv } from '../test/moto/support/aws.js';
import { buildLambdaBundle, type LambdaBundle } from '../test/moto/support/bundle.global.js';
import { type ItemLockProxy, startItemLockProxy } from '../test/moto/support/item-lock.js';
import {
  createLedgerTable,
  invoke,
  lambdaEnv,
  RESPONDER_ROLE_ARN,
} from '../test/moto/support/lambda.js';
import { type Moto, SECURITY_ACCOUNT } from '../test/moto/support/moto.js';
import { ROOT } from './data.js';
import { cleanEnv, runNode } from './spawn.js';

/** The benchmark's playbooks: the shipped quarantine's action in enforce mode, for a finding and for a launch. */
// Its own folder: bench/playbooks holds the cold-start benchmark's playbook, which would
// quarantine the same instance at the same time.
export const BENCH_PLAYBOOKS = join(ROOT, 'bench', 'containment-playbooks');
export const PLAYBOOK_OF: Record<string, string> = {
  'aws.guardduty': 'bench-quarantine-finding',
  'aws.ec2': 'bench-quarantine-launch',
};

/** One path: what it needs before a scenario's world is made, and one run of an event. */
export interface Path {
  key: 'cli' | 'lambda';
  name: string;
  /** After moto's reset: what the path needs in moto (the ledger table). */
  prepare(): Promise<void>;
  /** Runs parry on the event in a fresh process; gives when it was spawned (epoch seconds). */
  run(event: EventBridgeEvent): Promise<number>;
  close(): Promise<void>;
}

interface ActionOutcome {
  status?: string;
  error?: string;
  reason?: string;
  calls?: { operation?: string; status?: string; error?: unknown }[];
}

/** What went wrong, call by call: the report itself is too long to read in an error. */
const failuresOf = (actions: readonly ActionOutcome[]): string =>
  actions
    .filter((a) => a.status !== 'succeeded')
    .map((a) => {
      const calls = (a.calls ?? [])
        .filter((c) => c.status !== 'ok')
        .map((c) => `${c.operation} ${c.status}: ${JSON.stringify(c.error)}`);
      return `${a.status} (${a.reason ?? a.error ?? ''}) ${calls.join('; ')}`;
    })
    .join(' | ');

/** Throws unless the run's actions all succeeded: a benchmark of a failed quarantine means nothing. */
function succeededAll(what: string, actions: readonly ActionOutcome[], report: unknown): void {
  if (actions.length > 0 && actions.every((a) => a.status === 'succeeded')) return;
  throw new Error(
    `bench: ${what} did not succeed: ${failuresOf(actions) || JSON.stringify(report).slice(0, 2000)}`,
  );
}

interface ReplayReport {
  events?: { playbooks?: { actions?: ActionOutcome[] }[] }[];
}

/**
 * Whether dist/cli.js is older than a file of src/: `npm run bench` builds only what is
 * missing, and the Lambda is bundled afresh, so a stale CLI would measure other code.
 */
export function cliIsStale(): boolean {
  const built = statSync(join(ROOT, 'dist', 'cli.js')).mtimeMs;
  const src = join(ROOT, 'src');
  return readdirSync(src, { recursive: true, encoding: 'utf8' }).some(
    (file) => statSync(join(src, file)).mtimeMs > built,
  );
}

/** `node bin/parry.js replay <event> --execute --json --playbooks bench/containment-playbooks`, pointed at moto. */
export function cliPath(moto: Moto): Path {
  const dir = mkdtempSync(join(tmpdir(), 'parry-bench-containment-'));
  const env = cleanEnv(
    motoEnv(moto, {
      PARRY_ACCOUNT_ID: SECURITY_ACCOUNT,
      PARRY_RESPONDER_ROLE_ARN: RESPONDER_ROLE_ARN,
    }),
  );
  return {
    key: 'cli',
    name: 'CLI (parry replay --execute)',
    prepare: async () => {},
    async run(event) {
      const file = join(dir, 'event.json');
      writeFileSync(file, JSON.stringify(event));
      const args = ['replay', file, '--execute', '--json', '--playbooks', BENCH_PLAYBOOKS];
      const spawnedAt = Date.now() / 1000;
      const child = await runNode([join(ROOT, 'bin', 'parry.js'), ...args], env);
      let report: ReplayReport = {};
      try {
        report = JSON.parse(child.stdout) as ReplayReport;
      } catch {
        throw new Error(`bench: parry replay (exit ${child.code}): ${child.stderr.slice(-2000)}`);
      }
      const actions = report.events?.[0]?.playbooks?.flatMap((p) => p.actions ?? []) ?? [];
      succeededAll('parry replay', actions, report.events?.[0]?.playbooks);
      return spawnedAt;
    },
    close: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * The real Lambda bundle (scripts/build-lambda.mjs) with the benchmark's playbooks, invoked in
 * a fresh process per event (a cold start), its ledger in moto behind the e2e item-lock proxy.
 */
export async function lambdaPath(moto: Moto): Promise<Path> {
  const bundle: LambdaBundle = await buildLambdaBundle(BENCH_PLAYBOOKS);
  const dynamo: ItemLockProxy = await startItemLockProxy(moto.endpoint);
  // No notify action: the topic is never published to.
  const topic = `arn:aws:sns:us-east-1:${SECURITY_ACCOUNT}:parry-bench-notifications`;
  const env = lambdaEnv(moto, topic, { AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint });
  return {
    key: 'lambda',
    name: 'Lambda (bundled, with its ledger)',
    prepare: () => createLedgerTable(moto),
    async run(event) {
      const playbook = PLAYBOOK_OF[event.source] ?? '';
      const spawnedAt = Date.now() / 1000;
      const invocation = await invoke(ruleInput(playbook, event), env, { bundle: bundle.respond });
      if (!invocation.ok) {
        throw new Error(
          `bench: the Lambda failed: ${invocation.error.name}: ${invocation.error.message}`,
        );
      }
      const { playbooks } = invocation.result;
      succeededAll(
        'the Lambda',
        playbooks.flatMap((p) => p.actions),
        playbooks,
      );
      return spawnedAt;
    },
    async close() {
      await dynamo.close();
      bundle.dispose();
    },
  };
}
