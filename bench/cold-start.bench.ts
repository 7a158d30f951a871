// 4. Lambda cold start: import() of dist/lambda/respond.mjs in fresh child
// processes against importing an empty module (node's own start-up), the
// bundle's size, and which chunks an invocation loads (via a loader hook).
import { readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './data.js';
import { buildEagerSdk } from './eager-sdk.js';
import { buildGapBundle, measureGap } from './gate-gap.js';
import {
  type Finding,
  fmtBytes,
  fmtMs,
  fmtPct,
  fmtRatio,
  median,
  noisePct,
  note,
  printTable,
} from './harness.js';
import { type ChildResult, cleanEnv, RESULT_MARK, resultOf, runNode } from './spawn.js';
import { measureZip } from './zip-size.js';

export const RESPOND = join(ROOT, 'dist', 'lambda', 'respond.mjs');
const HOOK = join(ROOT, 'bench', 'chunk-hook.mjs');
const EMPTY_MODULE = 'data:text/javascript,export const handler = undefined;';
const NOTIFY_ONLY_EVENT = join(
  ROOT,
  'test/events/guardduty/unauthorized-access-ec2-ssh-brute-force.json',
);
const QUARANTINE_EVENT = join(ROOT, 'test/events/guardduty/backdoor-ec2-c-and-c-activity.json');

// The child: import the module, optionally invoke the handler once, print the times.
const CHILD_SCRIPT = `
const t0 = performance.now();
const m = await import(process.env.BENCH_MODULE);
const t1 = performance.now();
let invokeMs = null;
let outcome = 'not invoked';
if (process.env.BENCH_EVENT) {
  const { readFileSync } = await import('node:fs');
  const event = JSON.parse(readFileSync(process.env.BENCH_EVENT, 'utf8'));
  const context = {
    functionName: 'parry-bench', functionVersion: '$LATEST', memoryLimitInMB: '512',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:parry-bench',
    awsRequestId: 'bench', logGroupName: '/aws/lambda/parry-bench', logStreamName: 'bench',
    callbackWaitsForEmptyEventLoop: false, getRemainingTimeInMillis: () => 60000,
  };
  try {
    const r = await m.handler(event, context);
    outcome = r.playbooks.map((p) => p.name + ' ' + p.status + ' [' + p.actions.map((a) => a.type + ':' + a.status).join(', ') + ']').join('; ');
  } catch (e) {
    outcome = 'threw ' + e.name + ': ' + e.message;
  }
  invokeMs = performance.now() - t1;
}
process.stdout.write('\\n${RESULT_MARK}' + JSON.stringify({ importMs: t1 - t0, invokeMs, outcome }) + '\\n');
`;

interface ChildTimes {
  importMs: number;
  invokeMs: number | null;
  outcome: string;
}

/** As deployed: a ledger table and a region, no credentials needed to start. */
const DEPLOYED_ENV = {
  PARRY_TABLE_NAME: 'parry-bench-runs',
  AWS_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
};

const runChild = (module: string, env: NodeJS.ProcessEnv, hook = false): Promise<ChildResult> =>
  runNode(
    [
      ...(hook ? ['--import', pathToFileURL(HOOK).href] : []),
      '--input-type=module',
      '-e',
      CHILD_SCRIPT,
    ],
    cleanEnv({ ...env, BENCH_MODULE: module }),
  );

// ---- the module graph, read from the bundle's import statements ----

// Quotes or backticks: rolldown (scripts/lambda-merge.mjs) writes `import(`./x.mjs`)`.
const IMPORT = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s*)["'`](\.\.?\/[^"'`]+?\.mjs)["'`]/g;

interface Graph {
  /** What import() of respond.mjs loads: its static imports, transitively. */
  static: Set<string>;
  /** Everything reachable, dynamic import() included. */
  all: Set<string>;
}

function edgesOf(file: string): { static: string[]; dynamic: string[] } {
  const text = readFileSync(file, 'utf8');
  const edges = { static: [] as string[], dynamic: [] as string[] };
  for (const m of text.matchAll(IMPORT)) {
    const target = resolve(dirname(file), m[2] ?? '');
    (m[1]?.includes('(') ? edges.dynamic : edges.static).push(target);
  }
  return edges;
}

function closure(start: string, followDynamic: boolean): Set<string> {
  const seen = new Set<string>();
  const todo = [start];
  while (todo.length > 0) {
    const file = todo.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const edges = edgesOf(file);
    todo.push(...edges.static, ...(followDynamic ? edges.dynamic : []));
  }
  return seen;
}

/** The chunk a lazy loader imports to get `name`: `(await import("./x.mjs")).EC2Client`. */
function loaderTarget(files: Iterable<string>, name: string): string | undefined {
  const lazy = new RegExp(
    `import\\(\\s*["'\`](\\.\\.?/[^"'\`]+?\\.mjs)["'\`]\\s*\\)\\s*\\)\\s*\\.${name}\\b`,
  );
  for (const file of files) {
    const found = lazy.exec(readFileSync(file, 'utf8'))?.[1];
    if (found) return resolve(dirname(file), found);
  }
  return undefined;
}

/** What loading `client` adds to a cold start: its lazy chunk and that chunk's static imports not already loaded. */
function clientChunks(graph: Graph, client: string): Set<string> {
  const target = loaderTarget(graph.all, client);
  if (!target) return new Set();
  return new Set([...closure(target, false)].filter((f) => !graph.static.has(f)));
}

const graphOf = (entry: string): Graph => ({
  static: closure(entry, false),
  all: closure(entry, true),
});

const bytesOf = (files: Iterable<string>): number =>
  [...files].reduce((n, f) => n + statSync(f).size, 0);

// ---- a stand-in AWS endpoint for the execute scenarios ----

/** One request the stub answered: when it arrived and when its answer was sent (the parent's clock). */
export interface StubCall {
  op: string;
  t0: number;
  t1: number;
}

export interface Stub {
  server: Server;
  url: string;
  calls: StubCall[];
  /** Milliseconds DynamoDB's answers wait (0: at once), a stand-in for the gate's round trip. */
  dynamoDelayMs: number;
}

function answer(
  req: IncomingMessage,
  res: ServerResponse,
  stub: Stub,
  body: string,
  t0: number,
): void {
  const target = req.headers['x-amz-target'];
  const action = /Action=([A-Za-z]+)/.exec(body)?.[1];
  const json = String(req.headers['content-type'] ?? '').includes('json') || target !== undefined;
  const op = String(target ?? action ?? `${req.method} ${req.url}`);
  const send = () => {
    if (json) {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      res.end('{"MessageId":"bench-message"}');
    } else {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>bench-message</MessageId></PublishResult><ResponseMetadata><RequestId>bench</RequestId></ResponseMetadata></PublishResponse>',
      );
    }
    stub.calls.push({ op, t0, t1: performance.now() });
  };
  if (op.startsWith('DynamoDB') && stub.dynamoDelayMs > 0) setTimeout(send, stub.dynamoDelayMs);
  else send();
}

export async function startStub(): Promise<Stub> {
  const server = createServer((req, res) => {
    const t0 = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => answer(req, res, stub, Buffer.concat(chunks).toString('utf8'), t0));
  });
  const stub: Stub = { server, url: '', calls: [], dynamoDelayMs: 0 };
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return stub;
}

// ---- scenarios ----

interface Scenario {
  name: string;
  event?: string;
  env: NodeJS.ProcessEnv;
  execute: boolean;
}

interface ScenarioResult {
  name: string;
  loaded: Set<string>;
  outcome: string;
  invokeMs: number | null;
  calls: string[];
}

async function runScenario(s: Scenario, stub: Stub, index: number): Promise<ScenarioResult> {
  const log = join(tmpdir(), `parry-bench-chunks-${process.pid}-${index}.log`);
  rmSync(log, { force: true });
  stub.calls.length = 0;
  const child = await runChild(
    pathToFileURL(RESPOND).href,
    { ...s.env, PARRY_BENCH_CHUNK_LOG: log, ...(s.event ? { BENCH_EVENT: s.event } : {}) },
    true,
  );
  const times = resultOf<ChildTimes>(child, `cold-start child (${s.name})`);
  let urls: string[] = [];
  try {
    urls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  } finally {
    rmSync(log, { force: true });
  }
  const loaded = new Set(urls.map((u) => new URL(u).pathname));
  return {
    name: s.name,
    loaded,
    outcome: times.outcome,
    invokeMs: times.invokeMs,
    calls: [...stub.calls].sort((a, b) => a.t0 - b.t0).map((c) => c.op),
  };
}

function scenarios(stubUrl: string): Scenario[] {
  const planOnly = { ...DEPLOYED_ENV, PARRY_PLAN_ONLY: 'true' };
  const execute = {
    ...DEPLOYED_ENV,
    AWS_ENDPOINT_URL: stubUrl,
    AWS_ACCESS_KEY_ID: 'AKIDBENCHEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'bench-secret',
    PARRY_ACCOUNT_ID: '111122223333',
    PARRY_NOTIFY_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:parry-notifications',
  };
  return [
    { name: 'import only', env: DEPLOYED_ENV, execute: false },
    {
      name: 'plan-only, notify-only finding',
      event: NOTIFY_ONLY_EVENT,
      env: planOnly,
      execute: false,
    },
    {
      name: 'plan-only, quarantine finding',
      event: QUARANTINE_EVENT,
      env: planOnly,
      execute: false,
    },
    {
      name: 'execute (stub AWS), notify-only',
      event: NOTIFY_ONLY_EVENT,
      env: execute,
      execute: true,
    },
    {
      name: 'execute (stub AWS), quarantine',
      event: QUARANTINE_EVENT,
      env: execute,
      execute: true,
    },
  ];
}

interface ImportTimes {
  /** In-child `import()` times, and spawn-to-exit wall times, per module. */
  importMs: Record<'empty' | 'respond' | 'eager', number[]>;
  wallMs: Record<'empty' | 'respond' | 'eager', number[]>;
}

/** The three children in turn, `samples` times, so that a busy spell of the CPU hits them alike. */
async function timeImports(samples: number, eager: string): Promise<ImportTimes> {
  const modules = {
    empty: EMPTY_MODULE,
    respond: pathToFileURL(RESPOND).href,
    eager: pathToFileURL(eager).href,
  } as const;
  const out: ImportTimes = {
    importMs: { empty: [], respond: [], eager: [] },
    wallMs: { empty: [], respond: [], eager: [] },
  };
  // One untimed run of each first: the file system cache, not the code, would dominate.
  for (let i = -1; i < samples; i += 1) {
    for (const [name, module] of Object.entries(modules) as [keyof typeof modules, string][]) {
      const child = await runChild(module, DEPLOYED_ENV);
      const times = resultOf<ChildTimes>(child, `${name} child`);
      if (i < 0) continue;
      out.importMs[name].push(times.importMs);
      out.wallMs[name].push(child.wallMs);
    }
  }
  return out;
}

const rel = (f: string) => relative(ROOT, f);

function printSizes(graph: Graph, ec2: Set<string>, sns: Set<string>): void {
  const chunks = (s: Set<string>) => [...s].filter((f) => f !== RESPOND);
  printTable(
    '4b. Bundle size (JavaScript only, from the import graph of respond.mjs)',
    ['part', 'files', 'bytes', 'share'],
    [
      [
        'respond.mjs',
        '1',
        fmtBytes(bytesOf([RESPOND])),
        fmtPct(bytesOf([RESPOND]) / bytesOf(graph.all)),
      ],
      [
        'loaded by import() (static graph)',
        String(graph.static.size),
        fmtBytes(bytesOf(graph.static)),
        fmtPct(bytesOf(graph.static) / bytesOf(graph.all)),
      ],
      [
        'all chunks reachable (dynamic too)',
        String(chunks(graph.all).length),
        fmtBytes(bytesOf(chunks(graph.all))),
        fmtPct(bytesOf(chunks(graph.all)) / bytesOf(graph.all)),
      ],
      [
        '  of which EC2 client',
        String(ec2.size),
        fmtBytes(bytesOf(ec2)),
        fmtPct(bytesOf(ec2) / bytesOf(graph.all)),
      ],
      [
        '  of which SNS client',
        String(sns.size),
        fmtBytes(bytesOf(sns)),
        fmtPct(bytesOf(sns) / bytesOf(graph.all)),
      ],
    ],
  );
}

function printImports(t: ImportTimes, samples: number): { ratio: number; importMs: number } {
  const med = (name: keyof ImportTimes['importMs']) => ({
    importMs: median(t.importMs[name]),
    wallMs: median(t.wallMs[name]),
  });
  const empty = med('empty');
  const respond = med('respond');
  const eager = med('eager');
  const row = (label: string, m: typeof empty, name: keyof ImportTimes['importMs']) => [
    label,
    fmtMs(m.wallMs),
    fmtMs(m.importMs),
    fmtRatio(m.importMs / eager.importMs),
    `${noisePct(t.importMs[name]).toFixed(0)}%`,
  ];
  printTable(
    `4a. Lambda cold start: fresh \`node -e "await import(...)"\`, median of ${samples}`,
    ['child process', 'wall (spawn to exit)', 'import() alone', 'import() ÷ eager SDK', 'noise'],
    [
      row('import an empty module (node start-up)', empty, 'empty'),
      row('import the eager bundle of 5 SDK clients (baseline)', eager, 'eager'),
      row('import dist/lambda/respond.mjs', respond, 'respond'),
    ],
  );
  note(
    "   baseline: EC2, IAM, SNS, EventBridge and STS clients imported and constructed, built with the Lambda build's esbuild options (scripts/lambda-esbuild.mjs).",
  );
  return { ratio: respond.importMs / eager.importMs, importMs: respond.importMs };
}

/** DynamoDB's answers: at once, and after a delay like a real round trip from a cold Lambda. */
const GATE_DELAYS_MS = [0, 100] as const;

async function gateGaps(stub: Stub, samples: number) {
  const bundle = await buildGapBundle();
  const env = scenarios(stub.url).find((s) => s.execute)?.env ?? {};
  const rows = [];
  for (const delay of GATE_DELAYS_MS) {
    rows.push({ delay, ...(await measureGap(bundle, stub, env, delay, samples)) });
  }
  printTable(
    `4d. The gate, then EC2: an enforced quarantine (bench/playbooks), cold, stub AWS, median of ${samples}`,
    ['DynamoDB answers after', 'DynamoDB rounds before EC2', 'last gate answer -> 1st EC2 request'],
    rows.map((r) => [fmtMs(r.delay), String(r.rounds), fmtMs(r.gapMs)]),
  );
  note(
    `   outcome: ${rows[0]?.outcome ?? '-'} (the stub's answers are not EC2's: the quarantine fails after its first calls)`,
  );
  return rows;
}

export async function benchColdStart(samples: number): Promise<Finding[]> {
  const graph = graphOf(RESPOND);
  const ec2 = clientChunks(graph, 'EC2Client');
  const sns = clientChunks(graph, 'SNSClient');
  const eager = await buildEagerSdk();
  const imports = printImports(await timeImports(samples, eager), samples);
  const zip = await measureZip();
  note(
    `   deployment zip (osls package, as npm run package): ${fmtBytes(zip.zipBytes)}; source maps left beside it in dist/lambda: ${fmtBytes(zip.mapBytes)}`,
  );
  printSizes(graph, ec2, sns);
  const stub = await startStub();
  const results: ScenarioResult[] = [];
  let gaps: Awaited<ReturnType<typeof gateGaps>>;
  try {
    for (const [i, s] of scenarios(stub.url).entries()) results.push(await runScenario(s, stub, i));
    gaps = await gateGaps(stub, samples);
  } finally {
    stub.server.close();
  }
  const has = (loaded: Set<string>, set: Set<string>) =>
    set.size === 0 ? 'n/a' : `${[...set].filter((f) => loaded.has(f)).length}/${set.size}`;
  printTable(
    '4c. Chunks loaded per invocation (recorded by the bench/chunk-loader.mjs hook)',
    [
      'scenario',
      '1st invoke',
      'modules',
      'bytes',
      'of reachable',
      'EC2 client (chunks)',
      'SNS client (chunks)',
      'AWS calls (stub)',
    ],
    results.map((r) => [
      r.name,
      r.invokeMs === null ? '-' : fmtMs(r.invokeMs),
      String(r.loaded.size),
      fmtBytes(bytesOf(r.loaded)),
      fmtPct(bytesOf(r.loaded) / bytesOf(graph.all)),
      has(r.loaded, ec2),
      has(r.loaded, sns),
      r.calls.length === 0
        ? '-'
        : r.calls.map((c) => c.replace(/^DynamoDB_\d+\./, 'DynamoDB.')).join(' '),
    ]),
  );
  for (const r of results) note(`   ${r.name}: ${r.outcome}`);
  const importOnly = results[0];
  if (importOnly && importOnly.loaded.size !== graph.static.size) {
    note(
      `   NOTE: the hook saw ${importOnly.loaded.size} modules on import, the static graph has ${graph.static.size}.`,
    );
  }
  note(
    `   EC2 client chunks (its lazy import and what that adds to the static graph): ${[...ec2].map(rel).join(', ')}`,
  );
  note(`   SNS client chunks: ${[...sns].map(rel).join(', ') || 'none'}`);
  // A client counts as loaded when the chunk its lazy loader imports did: the chunks it shares
  // with other clients (the Query protocol, say) load with any of them.
  const loadedIn = (client: string) => {
    const target = loaderTarget(graph.all, client);
    return results.filter((r) => target !== undefined && r.loaded.has(target)).map((r) => r.name);
  };
  const snsLoaded = loadedIn('SNSClient').length > 0;
  const ec2Loaded = loadedIn('EC2Client');
  const [instant, slow] = gaps;
  return [
    {
      bench: 'cold start',
      text: `a cold import() of respond.mjs takes ${fmtRatio(imports.ratio)} that of an eager bundle of 5 SDK clients (${fmtMs(imports.importMs)}); the zip is ${fmtBytes(zip.zipBytes)}; ${instant?.rounds ?? '?'} DynamoDB round(s) before EC2, then ${fmtMs(instant?.gapMs ?? Number.NaN)} to the EC2 request (${fmtMs(slow?.gapMs ?? Number.NaN)} with a ${GATE_DELAYS_MS[1]} ms gate); it loads ${fmtPct(bytesOf(graph.static) / bytesOf(graph.all))} of the ${fmtBytes(bytesOf(graph.all))} reachable; the EC2 client (${fmtBytes(bytesOf(ec2))} with the chunks it shares) loaded in ${ec2Loaded.length === 0 ? `none of the ${results.length} scenarios${snsLoaded ? " (the SNS client's did, when notify executed)" : ''}` : ec2Loaded.join(', ')}`,
    },
  ];
}
