// 6. Backtest of a CloudTrail archive (bench/archive.ts builds it): the real
// `parry backtest <archive>` (dist/cli.js, worker threads on every core) against one thread
// that only gunzips and JSON.parses the same files. Each run is a fresh child process: wall
// time from spawn to exit, CPU time of the whole process (every thread), peak RSS.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { type Archive, archiveOf } from './archive.js';
import { BENCH_ENV, corpusPresent, PLAYBOOK_DIR } from './data.js';
import {
  type Finding,
  fmtBytes,
  fmtMs,
  fmtRatio,
  median,
  medianOfPairs,
  note,
  printTable,
} from './harness.js';
import { CLI } from './replay.bench.js';
import { cleanEnv, RESULT_MARK, resultOf, runNode } from './spawn.js';

const REPORT = `
const report = (extra) => process.stderr.write('\\n${RESULT_MARK}' + JSON.stringify({
  cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
  peakRss: process.resourceUsage().maxRSS * 1024, ...extra }) + '\\n');
`;

/** The baseline: one thread, gunzip and JSON.parse of every file of the archive, in order. */
const FLOOR = `
const { readdirSync, readFileSync, statSync } = await import('node:fs');
const { join } = await import('node:path');
const { gunzipSync } = await import('node:zlib');
${REPORT}
const files = (d) => readdirSync(d).sort().flatMap((n) => { const p = join(d, n);
  return statSync(p).isDirectory() ? files(p) : n.endsWith('.json.gz') ? [p] : []; });
let records = 0;
for (const f of files(process.env.BENCH_ARCHIVE)) records += JSON.parse(gunzipSync(readFileSync(f)).toString('utf8')).Records.length;
report({ records });
`;

const PARRY = `
const { main } = await import(process.env.BENCH_CLI);
${REPORT}
let out = '';
const io = { out: (t) => { out += t; }, err: (t) => process.stderr.write(t), stdin: process.stdin, env: process.env };
const code = await main(['backtest', process.env.BENCH_ARCHIVE, '--playbooks', process.env.BENCH_PLAYBOOKS], io);
report({ code, summary: out.split('\\n').find((l) => l.includes('record(s)')) ?? '' });
`;

interface Run {
  wallMs: number;
  cpuMs: number;
  peakRss: number;
  summary?: string;
}

async function runChild(script: string, archive: Archive): Promise<Run> {
  const env = cleanEnv({
    ...BENCH_ENV,
    BENCH_ARCHIVE: archive.root,
    BENCH_CLI: pathToFileURL(CLI).href,
    BENCH_PLAYBOOKS: PLAYBOOK_DIR,
  });
  const child = await runNode(['--input-type=module', '-e', script], env);
  const result = resultOf<Omit<Run, 'wallMs'>>(
    { ...child, stdout: child.stderr, stderr: child.stdout.slice(-2000) },
    'backtest child',
  );
  return { ...result, wallMs: child.wallMs };
}

/**
 * The median over iterations of one figure's ratio: each iteration runs the baseline and parry
 * one after the other, so a machine that is slower for a while slows both, and the ratio holds.
 */
const ratioOf = (
  runs: readonly Run[],
  baselines: readonly Run[],
  figure: 'wallMs' | 'cpuMs' | 'peakRss',
): number =>
  medianOfPairs(
    runs.map((r) => r[figure]),
    baselines.map((r) => r[figure]),
  ) ?? Number.NaN;

const medianRun = (runs: readonly Run[]): Run => ({
  wallMs: median(runs.map((r) => r.wallMs)),
  cpuMs: median(runs.map((r) => r.cpuMs)),
  peakRss: median(runs.map((r) => r.peakRss)),
  summary: runs[0]?.summary,
});

export async function benchBacktest(
  sizes: readonly [number, number],
  repeats: number,
): Promise<Finding[]> {
  if (!corpusPresent() || !existsSync(CLI)) {
    note('\n6. Backtest: SKIPPED, it needs the corpus and dist/cli.js');
    return [];
  }
  const [small, large] = sizes.map((n) => archiveOf(n)) as [Archive, Archive];
  const runs = { floor: [] as Run[], parry: [] as Run[], small: [] as Run[] };
  for (let i = 0; i < repeats; i++) {
    runs.floor.push(await runChild(FLOOR, large));
    runs.parry.push(await runChild(PARRY, large));
    runs.small.push(await runChild(PARRY, small));
  }
  const floor = medianRun(runs.floor);
  const parry = medianRun(runs.parry);
  const smallRun = medianRun(runs.small);
  const ratios = (r: readonly Run[]) => ({
    wall: ratioOf(r, runs.floor, 'wallMs'),
    cpu: ratioOf(r, runs.floor, 'cpuMs'),
  });
  const row = (name: string, r: Run, ratio: { wall: number; cpu: number }, records: number) => [
    name,
    String(records),
    fmtMs(r.wallMs),
    fmtRatio(ratio.wall),
    fmtMs(r.cpuMs),
    fmtRatio(ratio.cpu),
    fmtBytes(r.peakRss),
  ];
  const parryRatio = ratios(runs.parry);
  const rssRatio = ratioOf(runs.parry, runs.small, 'peakRss');
  printTable(
    `6. Backtest: ${large.files} gzipped CloudTrail files of 5,000 records (${fmtBytes(large.bytes)}), ${availableParallelism()} cores, medians of ${repeats} (ratios: the median of each iteration's)`,
    ['pass', 'records', 'wall', 'ratio', 'CPU', 'ratio', 'peak RSS'],
    [
      row('gunzip + JSON.parse, one thread', floor, { wall: 1, cpu: 1 }, large.records),
      row('parry backtest (dist/cli.js)', parry, parryRatio, large.records),
      row('parry backtest, smaller archive', smallRun, ratios(runs.small), small.records),
    ],
  );
  note(`   parry: ${parry.summary}`);
  note(
    `   peak RSS at ${large.records} records / at ${small.records}: ${fmtRatio(rssRatio)}; records/s: ${Math.round(large.records / (parry.wallMs / 1000))}`,
  );
  return [
    {
      bench: 'backtest',
      text: `backtesting ${large.records} records takes ${fmtRatio(parryRatio.wall)} the wall time and ${fmtRatio(parryRatio.cpu)} the CPU time of gunzip+JSON.parse on one thread (${fmtMs(parry.wallMs)} vs ${fmtMs(floor.wallMs)}), and its peak RSS is ${fmtRatio(rssRatio)} that at ${small.records} records (${fmtBytes(parry.peakRss)} vs ${fmtBytes(smallRun.peakRss)})`,
    },
  ];
}
