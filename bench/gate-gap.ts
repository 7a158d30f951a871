// 4d. The gate, then EC2: an enforced quarantine invoked cold against the stub AWS endpoint,
// with the bench's own bundle (bench/playbooks, built as scripts/build-lambda.mjs builds the
// Lambda). From the stub's log: how many DynamoDB rounds come before the first EC2 request, and
// the time from the gate's last DynamoDB answer to that request (what is left to load then).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Stub, StubCall } from './cold-start.bench.js';
import { ROOT } from './data.js';
import { median } from './harness.js';
import { cleanEnv, RESULT_MARK, resultOf, runNode } from './spawn.js';

const OUTDIR = join(ROOT, 'dist', 'bench-lambda');
const EVENT = join(ROOT, 'test/events/guardduty/backdoor-ec2-c-and-c-activity.json');

const CHILD = `
const m = await import(process.env.BENCH_MODULE);
const { readFileSync } = await import('node:fs');
const event = JSON.parse(readFileSync(process.env.BENCH_EVENT, 'utf8'));
const context = { awsRequestId: 'bench-' + process.pid, getRemainingTimeInMillis: () => 60000 };
let outcome;
try {
  const r = await m.handler(event, context);
  outcome = r.playbooks.map((p) => p.name + ' ' + p.status).join('; ');
} catch (e) { outcome = 'threw ' + e.name + ': ' + e.message; }
process.stdout.write('\\n${RESULT_MARK}' + JSON.stringify({ outcome }) + '\\n');
`;

export interface GapSample {
  /** Sequential DynamoDB rounds before the first EC2 request (calls that overlap are one round). */
  rounds: number;
  /** From the last DynamoDB answer before the first EC2 request to that request. */
  gapMs: number;
  outcome: string;
}

/** Builds the bench bundle (an enforce-mode quarantine playbook); returns its respond.mjs. */
export async function buildGapBundle(): Promise<string> {
  await promisify(execFile)(process.execPath, ['scripts/build-lambda.mjs'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PARRY_BUILD_PLAYBOOKS: join(ROOT, 'bench', 'playbooks'),
      PARRY_BUILD_OUTDIR: OUTDIR,
    },
  });
  return join(OUTDIR, 'respond.mjs');
}

function gapOf(calls: readonly StubCall[]): Omit<GapSample, 'outcome'> | undefined {
  const sorted = [...calls].sort((a, b) => a.t0 - b.t0);
  const ec2 = sorted.find((c) => !c.op.startsWith('DynamoDB') && !c.op.includes('Publish'));
  if (!ec2) return undefined;
  const gate = sorted.filter((c) => c.op.startsWith('DynamoDB') && c.t1 <= ec2.t0);
  const rounds: number[] = [];
  gate.forEach((call, i) => {
    const before = gate.slice(0, i).map((d, j) => (d.t1 <= call.t0 ? (rounds[j] ?? 0) : 0));
    rounds.push(1 + Math.max(0, ...before));
  });
  const answered = Math.max(...gate.map((c) => c.t1));
  return { rounds: Math.max(0, ...rounds), gapMs: gate.length > 0 ? ec2.t0 - answered : NaN };
}

/** Invokes the bundle cold `samples` times with DynamoDB answering after `delayMs`. */
export async function measureGap(
  bundle: string,
  stub: Stub,
  env: NodeJS.ProcessEnv,
  delayMs: number,
  samples: number,
): Promise<{ rounds: number; gapMs: number; outcome: string }> {
  const got: GapSample[] = [];
  stub.dynamoDelayMs = delayMs;
  try {
    for (let i = -1; i < samples; i += 1) {
      stub.calls.length = 0;
      const child = await runNode(
        ['--input-type=module', '-e', CHILD],
        cleanEnv({ ...env, BENCH_MODULE: pathToFileURL(bundle).href, BENCH_EVENT: EVENT }),
      );
      const { outcome } = resultOf<{ outcome: string }>(child, 'gate-gap child');
      const gap = gapOf(stub.calls);
      if (!gap) throw new Error(`bench: no EC2 request after the gate (${outcome})`);
      if (i >= 0) got.push({ ...gap, outcome });
    }
  } finally {
    stub.dynamoDelayMs = 0;
  }
  return {
    rounds: median(got.map((g) => g.rounds)),
    gapMs: median(got.map((g) => g.gapMs)),
    outcome: got[0]?.outcome ?? '',
  };
}
