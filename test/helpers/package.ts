import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ENV = { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' };

export interface Template {
  Resources: Record<
    string,
    { Type: string; Properties: Record<string, unknown>; Condition?: string }
  >;
  Outputs: Record<string, { Value: unknown; Condition?: string }>;
}

export interface Packaged {
  dir: string;
  /** cloudformation-template-update-stack.json: the stack osls deploys. */
  template: Template;
  /** cloudformation-template-create-stack.json: the deployment bucket only. */
  createTemplate: Template;
  zip: string;
}

const LOCK = join(
  tmpdir(),
  `parry-dist-lock-${createHash('sha1').update(process.cwd()).digest('hex').slice(0, 12)}`,
);
const STALE_MS = 10 * 60_000;

/**
 * Runs `use` while no other test process builds or reads dist/: test files
 * run in parallel processes, and a build rewrites dist/ under the feet of an
 * `osls package` or `osls invoke local` of another file. A lock left by a
 * killed run goes stale after ten minutes.
 */
export async function withDist<T>(use: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      await mkdir(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const since = await stat(LOCK).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (since > STALE_MS) await rm(LOCK, { recursive: true, force: true });
      await sleep(250);
    }
  }
  try {
    return await use();
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
}

let built = false;

/** The CLI and the Lambda bundle, built once per test file; call it inside withDist. */
async function buildOnce(): Promise<void> {
  if (built) return;
  await run('node', ['scripts/build-cli.mjs'], { env: ENV });
  await run('node', ['scripts/build-lambda.mjs'], { env: ENV });
  built = true;
}

const paramArgs = (params: Record<string, string>) =>
  Object.entries(params).map(([k, v]) => `--param=${k}=${v}`);

/** `osls package` of one stage and Region into a folder of its own (offline). */
export async function packageStack(
  stage: string,
  region: string,
  params: Record<string, string> = {},
): Promise<Packaged> {
  const dir = await mkdtemp(join(tmpdir(), `parry-package-${region}-`));
  const args = ['package', '--package', dir, '--stage', stage, '--region', region];
  await withDist(async () => {
    await buildOnce();
    await run('node', ['node_modules/osls/bin/serverless.js', ...args, ...paramArgs(params)], {
      env: ENV,
      timeout: 120_000,
    });
  });
  const read = async (f: string) => JSON.parse(await readFile(join(dir, f), 'utf8')) as Template;
  return {
    dir,
    template: await read('cloudformation-template-update-stack.json'),
    createTemplate: await read('cloudformation-template-create-stack.json'),
    zip: join(dir, 'parry.zip'),
  };
}

export interface ScriptRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end, whatever its exit code. */
export async function runToEnd(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ScriptRun> {
  try {
    const { stdout, stderr } = await run(command, args, {
      env: { ...ENV, ...options.env },
      cwd: options.cwd,
      timeout: 180_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof e.code === 'number' ? e.code : 1,
      stdout: e.stdout ?? '',
      stderr: e.stderr ?? '',
    };
  }
}

/** osls package with these params, to see how it fails. */
export const packageWith = (params: Record<string, string>, extra: string[] = []) =>
  withDist(async () => {
    await buildOnce();
    const out = join(tmpdir(), `parry-package-bad-${process.pid}`);
    const args = ['package', '--package', out, ...extra, ...paramArgs(params)];
    return runToEnd('node', ['node_modules/osls/bin/serverless.js', ...args]);
  });
