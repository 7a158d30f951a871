// Entry of the benchmark bundle (dist/bench.mjs, built by bench/run.mjs).
//   node dist/bench.mjs [matcher] [engine] [replay] [cold-start] [scale] [backtest] [containment] [--quick]
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { benchBacktest } from './backtest.bench.js';
import { benchColdStart, RESPOND } from './cold-start.bench.js';
import { benchContainment } from './containment.bench.js';
import { CORPUS_DIR, corpusPresent } from './data.js';
import { benchEngine } from './engine.bench.js';
import { type CompareOptions, type Finding, note } from './harness.js';
import { benchMatcher } from './matcher.bench.js';
import { benchReplay } from './replay.bench.js';
import { benchScale } from './scale.bench.js';

const BENCHES = [
  'matcher',
  'engine',
  'replay',
  'cold-start',
  'scale',
  'backtest',
  'containment',
] as const;

/** A bad command line: said in one line, without a stack trace. */
class UsageError extends Error {
  override readonly name = 'UsageError';
}
type BenchName = (typeof BENCHES)[number];

interface Plan {
  only: Set<BenchName>;
  timing: CompareOptions;
  replayRepeats: number;
  backtestRepeats: number;
  coldSamples: number;
  /** Records of the smaller and the larger backtest archive. */
  archives: [number, number];
}

function planOf(args: readonly string[]): Plan {
  const quick = args.includes('--quick');
  const named = args.filter((a) => !a.startsWith('--'));
  for (const n of named) {
    if (!(BENCHES as readonly string[]).includes(n)) {
      throw new UsageError(`bench: unknown benchmark "${n}" (known: ${BENCHES.join(', ')})`);
    }
  }
  return {
    only: new Set((named.length > 0 ? named : BENCHES) as BenchName[]),
    timing: quick ? { rounds: 3, minMs: 60 } : { rounds: 9, minMs: 200 },
    replayRepeats: quick ? 1 : 3,
    backtestRepeats: quick ? 1 : 5,
    coldSamples: quick ? 3 : 9,
    archives: quick ? [20_000, 100_000] : [100_000, 1_000_000],
  };
}

async function runBenches(plan: Plan): Promise<Finding[]> {
  const findings: Finding[] = [];
  if (plan.only.has('matcher')) findings.push(...(await benchMatcher(plan.timing)));
  if (plan.only.has('engine')) findings.push(...(await benchEngine(plan.timing)));
  if (plan.only.has('replay')) findings.push(...(await benchReplay(plan.replayRepeats)));
  if (plan.only.has('cold-start')) {
    if (existsSync(RESPOND)) findings.push(...(await benchColdStart(plan.coldSamples)));
    else note(`\n4. Cold start: SKIPPED, ${RESPOND} is missing (npm run build)`);
  }
  if (plan.only.has('scale')) findings.push(...(await benchScale(plan.timing)));
  if (plan.only.has('backtest')) {
    findings.push(...(await benchBacktest(plan.archives, plan.backtestRepeats)));
  }
  if (plan.only.has('containment')) findings.push(...(await benchContainment()));
  return findings;
}

async function main(args: readonly string[]): Promise<void> {
  const plan = planOf(args);
  const started = performance.now();
  note(
    `parry benchmarks: node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}); ratios are against a baseline measured in this same run.`,
  );
  if (!corpusPresent()) note(`corpus: not found at ${CORPUS_DIR}; corpus benchmarks are skipped.`);
  const findings = await runBenches(plan);
  note(`\nSummary (${((performance.now() - started) / 1000).toFixed(1)} s):`);
  note(findings.map((f) => `${f.text.charAt(0).toUpperCase()}${f.text.slice(1)}.`).join(' '));
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(
    `${error instanceof UsageError ? error.message : String((error as Error).stack ?? error)}\n`,
  );
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
