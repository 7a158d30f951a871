import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** `../shared/moto` beside the project: moto's source and `serve.py` (see its README). */
export const MOTO_DIR = resolve(process.cwd(), '../shared/moto');
const SERVE = join(MOTO_DIR, 'serve.py');
const PYTHON = process.env.PARRY_E2E_PYTHON ?? '/usr/bin/python3';

/** moto's default account, and the one the suite's fixed keys act in. */
export const SECURITY_ACCOUNT = '123456789012';
export const TEST_KEYS = { accessKeyId: 'testing', secretAccessKey: 'testing' } as const;

/** One AWS request as `serve.py --log` writes it. */
export interface LoggedCall {
  n: number;
  t0: number;
  t1: number;
  /** The access key id that signed the request: which credentials, so which account. */
  akid: string;
  svc: string;
  region: string;
  op: string;
  status: string;
  err: string;
}

export interface Fault {
  count: number;
  status?: number;
  code?: string;
}

export interface MotoOptions {
  /** Seconds moto sleeps before each answer (to count sequential round trips). */
  delay?: number;
}

/**
 * Why the end-to-end suite cannot run here, or undefined when it can: either
 * `PARRY_E2E_ENDPOINT` names a running moto, or `../shared/moto` is present
 * with the Python packages it needs.
 */
export function motoUnavailable(): string | undefined {
  if (process.env.PARRY_E2E_ENDPOINT) return undefined;
  if (!existsSync(SERVE)) return `no moto at ${MOTO_DIR} (set PARRY_E2E_ENDPOINT to a moto server)`;
  const check = spawnSync(PYTHON, ['-c', 'import werkzeug, flask, boto3, xmltodict, responses'], {
    encoding: 'utf8',
  });
  if (check.status !== 0)
    return `moto needs Python packages (${PYTHON}): ${check.stderr.trim().split('\n').pop()}`;
  return undefined;
}

const freePort = (): Promise<number> =>
  new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A moto server of the suite's own, on 127.0.0.1: started by `startMoto`, with
 * a request log, a faults file and moto's reset and IAM-enforcement switches.
 */
export class Moto {
  private constructor(
    readonly endpoint: string,
    private readonly process: ChildProcess | undefined,
    private readonly dir: string,
  ) {}

  static async start(options: MotoOptions = {}): Promise<Moto> {
    const dir = mkdtempSync(join(tmpdir(), 'parry-moto-'));
    const external = process.env.PARRY_E2E_ENDPOINT;
    if (external) return new Moto(external.replace(/\/$/, ''), undefined, dir);
    const port = await freePort();
    const args = [SERVE, '--port', String(port), '--log', join(dir, 'calls.jsonl')];
    args.push('--faults', join(dir, 'faults.json'));
    if (options.delay) args.push('--delay', String(options.delay));
    // support/python: stand-ins for modules moto imports that Debian does not package (its README).
    const standIns = resolve(process.cwd(), 'test/moto/support/python');
    const pythonPath = [standIns, process.env.PYTHONPATH].filter(Boolean).join(':');
    const env = { ...process.env, PYTHONPATH: pythonPath };
    const child = spawn(PYTHON, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr = (stderr + String(chunk)).slice(-4000);
    });
    const moto = new Moto(`http://127.0.0.1:${port}`, child, dir);
    await moto.waitUntilUp(() => stderr, child);
    return moto;
  }

  private async waitUntilUp(stderr: () => string, child: ChildProcess): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`moto exited: ${stderr()}`);
      try {
        if ((await fetch(`${this.endpoint}/moto-api/`)).ok) return;
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    throw new Error(`moto did not start within 60 s: ${stderr()}`);
  }

  /** Clears every account's state, the log and the faults. */
  async reset(): Promise<void> {
    await this.post('/moto-api/reset', '');
    await this.post('/moto-api/reset-auth', 'inf');
    this.clearLog();
    this.setFaults({});
  }

  /** IAM policy enforcement: AccessDenied for what the caller's policies do not allow. */
  enforceIam(on: boolean): Promise<void> {
    return this.post('/moto-api/reset-auth', on ? '0' : 'inf');
  }

  /** Faults by operation (`CreateSnapshots`, `DynamoDB_20120810.PutItem`); counts go down as served. */
  setFaults(faults: Record<string, Fault>): void {
    writeFileSync(join(this.dir, 'faults.json'), JSON.stringify(faults));
  }

  /** The faults not served yet. */
  remainingFaults(): Record<string, Fault> {
    const file = join(this.dir, 'faults.json');
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  }

  /** Every AWS request since the last reset, in order. */
  calls(): LoggedCall[] {
    const file = join(this.dir, 'calls.jsonl');
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LoggedCall);
  }

  clearLog(): void {
    writeFileSync(join(this.dir, 'calls.jsonl'), '');
  }

  async stop(): Promise<void> {
    if (this.process && this.process.exitCode === null) {
      const exited = new Promise((r) => this.process?.once('exit', r));
      this.process.kill('SIGTERM');
      await Promise.race([exited, sleep(3000)]);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async post(path: string, body: string): Promise<void> {
    const response = await fetch(`${this.endpoint}${path}`, { method: 'POST', body });
    if (!response.ok) throw new Error(`moto ${path}: HTTP ${response.status}`);
  }
}

/**
 * The round of each call: 1 + the highest round among the calls answered
 * before it started (calls whose time spans overlap are concurrent). With a
 * fixed `delay`, this counts the sequential round trips up to each call.
 * @example Math.max(...roundsOf(moto.calls()).map((c) => c.round)) // 4
 */
export function roundsOf(calls: readonly LoggedCall[]): (LoggedCall & { round: number })[] {
  const sorted = [...calls].sort((a, b) => a.t0 - b.t0);
  const done: (LoggedCall & { round: number })[] = [];
  for (const call of sorted) {
    const before = done.filter((d) => d.t1 <= call.t0).map((d) => d.round);
    done.push({ ...call, round: 1 + Math.max(0, ...before) });
  }
  return done;
}

/**
 * The calls of one operation that AWS answered with success: the effects
 * that happened (a throttled or injected attempt is not one).
 * @example succeeded(moto.calls(), 'UpdateAccessKey').length // 1
 */
export const succeeded = (calls: readonly LoggedCall[], op: string): LoggedCall[] =>
  calls.filter((c) => c.op === op && c.status.startsWith('200'));
