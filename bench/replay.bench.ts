// 3. Replay of the whole corpus through intake + engine (what
// `parry replay ../shared/corpus --json` does), against reading the same files
// with fs.readFile + JSON.parse only. Each run is a fresh child process, so
// its peak RSS is its own.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { replayCommand } from '../src/cli/replay.js';
import { BENCH_ENV, CORPUS_DIR, corpusPresent, PLAYBOOK_DIR } from './data.js';
import { type Finding, fmtBytes, fmtMs, fmtRatio, median, note, printTable } from './harness.js';
import { cleanEnv, RESULT_MARK, resultOf, runNode, SELF } from './spawn.js';

interface ReplayChild {
  mode: 'parse' | 'replay';
  ms: number;
  /** RSS when the work starts (modules loaded) and the process's high-water mark. */
  startRss: number;
  peakRss: number;
  documents: number;
  detail: string;
}

// The files intake reads in a directory: not hidden, .json/.jsonl/.gz, sorted.
async function inputFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) files.push(...(await inputFiles(path)));
    else if (/\.(json|jsonl|gz)$/i.test(e.name)) files.push(path);
  }
  return files;
}

function parseText(text: string, lines: boolean): number {
  const docs = lines ? text.split('\n').filter((l) => l.trim() !== '') : [text];
  let parsed = 0;
  for (const doc of docs) {
    try {
      JSON.parse(doc);
      parsed += 1;
    } catch {
      // quirks/ holds documents that are not JSON: intake reports them, the floor skips them.
    }
  }
  return parsed;
}

/** The floor: every byte read and parsed, nothing else. */
async function parseOnly(dir: string): Promise<{ documents: number; detail: string }> {
  const files = await inputFiles(dir);
  let documents = 0;
  for (const file of files) {
    const raw = await readFile(file);
    const bytes = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
    documents += parseText(bytes.toString('utf8'), /\.jsonl(\.gz)?$/i.test(file));
  }
  return { documents, detail: `${files.length} files` };
}

/** `parry replay <dir> --json`, its output collected instead of written. */
async function replayAll(dir: string): Promise<{ output: string[]; code: number }> {
  const output: string[] = [];
  const code = await replayCommand(
    [dir],
    { playbooks: PLAYBOOK_DIR, json: true },
    { out: (t) => output.push(t), err: () => {}, stdin: Readable.from([]), env: BENCH_ENV },
  );
  return { output, code };
}

/** Runs in the child: `dist/bench.mjs --child replay <mode>`. */
export async function replayChild(mode: string): Promise<void> {
  if (mode !== 'parse' && mode !== 'replay') throw new Error(`bench: unknown replay mode ${mode}`);
  const startRss = process.memoryUsage().rss;
  const started = performance.now();
  let documents = 0;
  let detail: string;
  if (mode === 'parse') {
    ({ documents, detail } = await parseOnly(CORPUS_DIR));
  } else {
    const { output, code } = await replayAll(CORPUS_DIR);
    const ms = performance.now() - started;
    const peakRss = process.resourceUsage().maxRSS * 1024;
    const { summary } = JSON.parse(output.join('')) as { summary: Record<string, number> };
    documents = (summary.events ?? 0) + (summary.unusable ?? 0) + (summary.skippedReadOnly ?? 0);
    detail = `exit ${code}; ${summary.events} events, ${summary.matched} matched, ${summary.planned} planned, ${summary.skipped} skipped, ${summary.skippedReadOnly} read-only, ${summary.unusable} unusable; ${fmtBytes(output.join('').length)} of JSON`;
    const result: ReplayChild = { mode, ms, startRss, peakRss, documents, detail };
    process.stdout.write(`${RESULT_MARK}${JSON.stringify(result)}\n`);
    return;
  }
  const ms = performance.now() - started;
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const result: ReplayChild = { mode, ms, startRss, peakRss, documents, detail };
  process.stdout.write(`${RESULT_MARK}${JSON.stringify(result)}\n`);
}

interface Summary {
  ms: number;
  startRss: number;
  peakRss: number;
  growth: number;
  documents: number;
  detail: string;
}

function summarize(runs: readonly ReplayChild[]): Summary {
  const first = runs[0];
  return {
    ms: median(runs.map((r) => r.ms)),
    startRss: median(runs.map((r) => r.startRss)),
    peakRss: median(runs.map((r) => r.peakRss)),
    growth: median(runs.map((r) => r.peakRss - r.startRss)),
    documents: first?.documents ?? 0,
    detail: first?.detail ?? '',
  };
}

export async function benchReplay(repeats: number): Promise<Finding[]> {
  if (!corpusPresent()) {
    note(`\n3. Replay: SKIPPED, no corpus at ${CORPUS_DIR} (set PARRY_BENCH_CORPUS)`);
    return [{ bench: 'replay', text: 'replay: skipped (no corpus)' }];
  }
  const runs: Record<'parse' | 'replay', ReplayChild[]> = { parse: [], replay: [] };
  for (let i = 0; i < repeats; i += 1) {
    for (const mode of ['parse', 'replay'] as const) {
      const child = await runNode([SELF, '--child', 'replay', mode], cleanEnv({}));
      runs[mode].push(resultOf<ReplayChild>(child, `replay child (${mode})`));
    }
  }
  const parse = summarize(runs.parse);
  const replay = summarize(runs.replay);
  const row = (name: string, s: Summary, base: Summary): string[] => [
    name,
    fmtMs(s.ms),
    fmtRatio(s.ms / base.ms),
    fmtBytes(s.peakRss),
    fmtRatio(s.peakRss / base.peakRss),
    fmtBytes(s.growth),
    fmtRatio(s.growth / base.growth),
  ];
  printTable(
    `3. Replay of ${CORPUS_DIR} (fresh process each, median of ${repeats})`,
    ['pass', 'wall', 'ratio', 'peak RSS', 'ratio', 'RSS growth', 'ratio'],
    [
      row('readFile + JSON.parse only', parse, parse),
      row('parry replay --json (intake + engine)', replay, parse),
    ],
  );
  note(`   floor: ${parse.documents} documents parsed from ${parse.detail}`);
  note(`   replay: ${replay.detail}`);
  note(
    `   RSS at start of work (modules loaded): ${fmtBytes(parse.startRss)} / ${fmtBytes(replay.startRss)}; growth = peak - start.`,
  );
  return [
    {
      bench: 'replay',
      text: `replaying the corpus takes ${fmtRatio(replay.ms / parse.ms)} the time of just parsing it (${fmtMs(replay.ms)} vs ${fmtMs(parse.ms)}), peak RSS ${fmtRatio(replay.peakRss / parse.peakRss)} (${fmtBytes(replay.peakRss)} vs ${fmtBytes(parse.peakRss)}; growth ${fmtBytes(replay.growth)} vs ${fmtBytes(parse.growth)})`,
    },
  ];
}
