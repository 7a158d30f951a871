// 3. Replay of the whole corpus through intake + engine: the real
// `parry replay <corpus> --json` (dist/cli.js), against reading the same files
// with fs.readFile + JSON.parse only. Each run is a fresh child process, so
// its peak RSS (the kernel's high-water mark, process.resourceUsage().maxRSS)
// is its own: no sampling, nothing missed between samples.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BENCH_ENV, CORPUS_DIR, corpusPresent, PLAYBOOK_DIR, ROOT } from './data.js';
import { type Finding, fmtBytes, fmtMs, fmtRatio, median, note, printTable } from './harness.js';
import { cleanEnv, RESULT_MARK, resultOf, runNode } from './spawn.js';

export const CLI = join(ROOT, 'dist', 'cli.js');

// Shared by both children: times and memory, printed on stderr (stdout carries parry's JSON).
const REPORT = `
const report = (extra) => process.stderr.write('\\n${RESULT_MARK}' + JSON.stringify({
  loadMs: loaded - t0, workMs: performance.now() - loaded, loadRss: rssLoaded - rss0,
  workStartRss: rssLoaded, peakRss: process.resourceUsage().maxRSS * 1024, ...extra }) + '\\n');
`;

/** The floor: every file intake would read (not hidden, .json/.jsonl/.gz, sorted), read and parsed. */
const FLOOR_SCRIPT = `
const t0 = performance.now(); const rss0 = process.memoryUsage().rss;
const { readdir, readFile } = await import('node:fs/promises');
const { join } = await import('node:path');
const { gunzipSync } = await import('node:zlib');
const loaded = performance.now(); const rssLoaded = process.memoryUsage().rss;
${REPORT}
async function files(dir) {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await files(path)));
    else if (/\\.(json|jsonl|gz)$/i.test(e.name)) out.push(path);
  }
  return out;
}
let documents = 0; let invalid = 0;
const list = await files(process.env.BENCH_CORPUS);
for (const file of list) {
  const raw = await readFile(file);
  const text = (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8');
  const docs = /\\.jsonl(\\.gz)?$/i.test(file) ? text.split('\\n').filter((l) => l.trim() !== '') : [text];
  for (const doc of docs) {
    try { JSON.parse(doc); documents += 1; } catch { invalid += 1; }
  }
}
report({ detail: list.length + ' files: ' + documents + ' JSON documents, ' + invalid + ' not JSON' });
`;

/** parry itself: the bundled CLI's main(), exactly as bin/parry.js calls it. */
const PARRY_SCRIPT = `
const t0 = performance.now(); const rss0 = process.memoryUsage().rss;
const { main } = await import(process.env.BENCH_CLI);
const loaded = performance.now(); const rssLoaded = process.memoryUsage().rss;
${REPORT}
const code = await main(['replay', process.env.BENCH_CORPUS, '--json', '--playbooks', process.env.BENCH_PLAYBOOKS]);
report({ detail: 'exit ' + code });
`;

interface ReplayChild {
  loadMs: number;
  workMs: number;
  loadRss: number;
  workStartRss: number;
  peakRss: number;
  detail: string;
  /** From spawn to exit, as the parent sees it (added here). */
  wallMs: number;
  summary?: Record<string, number>;
}

type Mode = 'floor' | 'parry';

async function runChild(mode: Mode): Promise<ReplayChild> {
  const env = cleanEnv({
    ...BENCH_ENV,
    BENCH_CORPUS: CORPUS_DIR,
    BENCH_CLI: pathToFileURL(CLI).href,
    BENCH_PLAYBOOKS: PLAYBOOK_DIR,
  });
  const script = mode === 'floor' ? FLOOR_SCRIPT : PARRY_SCRIPT;
  const child = await runNode(['--input-type=module', '-e', script], env);
  // The result line is on stderr: swap so resultOf finds it.
  const result = resultOf<ReplayChild>(
    { ...child, stdout: child.stderr, stderr: child.stdout.slice(-2000) },
    `replay child (${mode})`,
  );
  result.wallMs = child.wallMs;
  if (mode === 'parry') {
    const { summary } = JSON.parse(child.stdout) as { summary: Record<string, number> };
    result.summary = summary;
    result.detail += `; ${fmtBytes(child.stdout.length)} of JSON`;
  }
  return result;
}

type Medians = Omit<ReplayChild, 'summary'> & { growth: number; summary?: Record<string, number> };

function medians(runs: readonly ReplayChild[]): Medians {
  const m = (f: (r: ReplayChild) => number) => median(runs.map(f));
  return {
    loadMs: m((r) => r.loadMs),
    workMs: m((r) => r.workMs),
    loadRss: m((r) => r.loadRss),
    workStartRss: m((r) => r.workStartRss),
    peakRss: m((r) => r.peakRss),
    growth: m((r) => r.peakRss - r.workStartRss),
    wallMs: m((r) => r.wallMs),
    detail: runs[0]?.detail ?? '',
    summary: runs[0]?.summary,
  };
}

const describe = (s: Record<string, number> | undefined): string =>
  s
    ? `${s.events} events, ${s.matched} matched, ${s.planned} planned, ${s.skipped} skipped, ${s.skippedReadOnly} read-only held back, ${s.unusable} unusable`
    : '';

function print(floor: Medians, parry: Medians, repeats: number): void {
  const row = (name: string, s: Medians): string[] => [
    name,
    fmtMs(s.wallMs),
    fmtRatio(s.wallMs / floor.wallMs),
    fmtMs(s.workMs),
    fmtRatio(s.workMs / floor.workMs),
    fmtBytes(s.peakRss),
    fmtRatio(s.peakRss / floor.peakRss),
    fmtBytes(s.growth),
    fmtRatio(s.growth / floor.growth),
  ];
  printTable(
    `3. Replay of ${CORPUS_DIR} (fresh process each, median of ${repeats})`,
    ['pass', 'wall', 'ratio', 'work', 'ratio', 'peak RSS', 'ratio', 'RSS growth', 'ratio'],
    [row('readFile + JSON.parse only', floor), row('parry replay --json (dist/cli.js)', parry)],
  );
  note('   wall: spawn to exit (node start-up included); work: after the modules are loaded;');
  note('   RSS growth: peak RSS minus RSS once the modules are loaded, i.e. what the data costs.');
  note(`   floor: ${floor.detail}`);
  note(`   parry: ${parry.detail}; ${describe(parry.summary)}`);
  note(
    `   loading dist/cli.js itself: ${fmtMs(parry.loadMs)} and +${fmtBytes(parry.loadRss)} RSS before any event is read.`,
  );
}

export async function benchReplay(repeats: number): Promise<Finding[]> {
  if (!corpusPresent()) {
    note(`\n3. Replay: SKIPPED, no corpus at ${CORPUS_DIR} (set PARRY_BENCH_CORPUS)`);
    return [{ bench: 'replay', text: 'replay: skipped (no corpus)' }];
  }
  if (!existsSync(CLI)) {
    note(`\n3. Replay: SKIPPED, ${CLI} is missing (npm run build)`);
    return [{ bench: 'replay', text: 'replay: skipped (no dist/cli.js)' }];
  }
  const runs: Record<Mode, ReplayChild[]> = { floor: [], parry: [] };
  for (let i = 0; i < repeats; i += 1) {
    for (const mode of ['floor', 'parry'] as const) runs[mode].push(await runChild(mode));
  }
  const floor = medians(runs.floor);
  const parry = medians(runs.parry);
  print(floor, parry, repeats);
  return [
    {
      bench: 'replay',
      text: `replaying the corpus with dist/cli.js takes ${fmtRatio(parry.wallMs / floor.wallMs)} the wall time of reading and parsing it (${fmtMs(parry.wallMs)} vs ${fmtMs(floor.wallMs)}; ${fmtRatio(parry.workMs / floor.workMs)} once loaded, ${fmtMs(parry.workMs)} vs ${fmtMs(floor.workMs)}), with ${fmtRatio(parry.peakRss / floor.peakRss)} the peak RSS (${fmtBytes(parry.peakRss)} vs ${fmtBytes(floor.peakRss)}; the data itself ${fmtRatio(parry.growth / floor.growth)}, ${fmtBytes(parry.growth)} vs ${fmtBytes(floor.growth)}); loading the CLI alone costs ${fmtMs(parry.loadMs)} and ${fmtBytes(parry.loadRss)}`,
    },
  ];
}
