// Runs a child node process and collects its output and wall time.
import { spawn } from 'node:child_process';

export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** From spawn() to the exit event, as the parent sees it. */
  wallMs: number;
}

/** The environment children get: the parent's, without AWS or parry settings that would change what they do. */
export function cleanEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(AWS_|PARRY_|POWERTOOLS_|NODE_OPTIONS$)/.test(key)) env[key] = value;
  }
  return { ...env, ...extra };
}

export function runNode(args: readonly string[], env: NodeJS.ProcessEnv): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        wallMs: performance.now() - started,
      });
    });
  });
}

export const RESULT_MARK = 'BENCH_RESULT ';

/** The JSON a child printed on its `BENCH_RESULT ` line (other output, such as logs, is ignored). */
export function resultOf<T>(child: ChildResult, what: string): T {
  const line = child.stdout
    .split('\n')
    .reverse()
    .find((l) => l.startsWith(RESULT_MARK));
  if (child.code !== 0 || !line) {
    throw new Error(
      `bench: ${what} failed (exit ${child.code}): ${child.stderr.trim().slice(-2000) || child.stdout.trim().slice(-2000)}`,
    );
  }
  return JSON.parse(line.slice(RESULT_MARK.length)) as T;
}
