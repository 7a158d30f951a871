// Timing and printing helpers shared by the benchmarks. No dependencies: a
// subject and its baseline are timed in interleaved rounds within one run, so
// the ratio between them is what matters, not the absolute figures.

/** One pass of work: sync or async. */
export type Pass = () => unknown;

export interface Timing {
  name: string;
  /** Median milliseconds per pass over the rounds. */
  msPerPass: number;
  /** Median absolute deviation of the per-round figures over their median, in percent: the noise. */
  spreadPct: number;
  passes: number;
  /** Milliseconds per pass in each timed round, in order. */
  rounds: readonly number[];
}

export interface CompareOptions {
  /** Timed rounds (after one warm-up round); each subject runs once per round, in turn. */
  rounds: number;
  /** Minimum wall time of one subject within one round. */
  minMs: number;
  /**
   * `cpu` times this process's CPU (user + system) instead of the wall clock: on a shared
   * machine, time spent waiting for a core is not the subject's.
   */
  clock?: 'wall' | 'cpu';
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? Number.NaN;
  if (sorted.length % 2 === 1) return upper;
  return ((sorted[mid - 1] ?? upper) + upper) / 2;
};

export { median };

/** Median absolute deviation over the median, in percent: how much rounds disagree. */
export function noisePct(values: readonly number[]): number {
  const mid = median(values);
  if (values.length < 2 || !(mid > 0)) return 0;
  return (median(values.map((v) => Math.abs(v - mid))) / mid) * 100;
}

const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function runFor(
  pass: Pass,
  minMs: number,
  clock: 'wall' | 'cpu' = 'wall',
): Promise<{ ms: number; passes: number }> {
  const now = clock === 'cpu' ? cpuMs : () => performance.now();
  let passes = 0;
  const start = now();
  let elapsed = 0;
  do {
    const result = pass();
    if (result instanceof Promise) await result;
    passes += 1;
    elapsed = now() - start;
  } while (elapsed < minMs);
  return { ms: elapsed, passes };
}

function summarize(name: string, figures: readonly number[], passes: number): Timing {
  return {
    name,
    msPerPass: median(figures),
    spreadPct: noisePct(figures),
    passes,
    rounds: figures,
  };
}

/**
 * The median over the rounds of `a`'s time over `b`'s in the same round. The machine's speed
 * drifts from round to round; two subjects timed seconds apart in one round drift alike, so
 * this ratio holds better than a ratio of medians.
 */
export function pairedRatio(a: Timing, b: Timing): number {
  return medianOfPairs(a.rounds, b.rounds) ?? a.msPerPass / b.msPerPass;
}

/**
 * The median of `a[i] / b[i]` over the pairs measured one after the other (rounds of one run,
 * iterations of the backtest), or undefined when no pair has a baseline above zero.
 */
export function medianOfPairs(a: readonly number[], b: readonly number[]): number | undefined {
  const ratios = a.flatMap((x, i) => {
    const base = b[i];
    return base !== undefined && base > 0 ? [x / base] : [];
  });
  return ratios.length > 0 ? median(ratios) : undefined;
}

/**
 * Times each pass in interleaved rounds (A B C, A B C, ...) so that drift in
 * the machine's speed hits them all alike; the first round only warms up.
 */
export async function compare(
  passes: Readonly<Record<string, Pass>>,
  options: CompareOptions,
): Promise<Map<string, Timing>> {
  const entries = Object.entries(passes);
  const figures = entries.map((): number[] => []);
  const counts = entries.map(() => 0);
  for (let round = 0; round <= options.rounds; round += 1) {
    for (const [i, [, pass]] of entries.entries()) {
      const { ms, passes: done } = await runFor(pass, options.minMs, options.clock);
      if (round === 0) continue;
      figures[i]?.push(ms / done);
      counts[i] = (counts[i] ?? 0) + done;
    }
  }
  return new Map(
    entries.map(([name], i) => [name, summarize(name, figures[i] ?? [], counts[i] ?? 0)]),
  );
}

/** The timing of `name`, which compare() was given. */
export function timingOf(timings: Map<string, Timing>, name: string): Timing {
  const timing = timings.get(name);
  if (!timing) throw new Error(`bench: no timing named ${name}`);
  return timing;
}

export const fmtRatio = (ratio: number): string =>
  ratio >= 100
    ? `${ratio.toFixed(0)}x`
    : ratio >= 10
      ? `${ratio.toFixed(1)}x`
      : `${ratio.toFixed(2)}x`;

export function fmtRate(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)} M/s`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)} k/s`;
  return `${perSecond.toFixed(1)} /s`;
}

export function fmtMs(ms: number): string {
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 1) return `${ms.toFixed(1)} ms`;
  return `${(ms * 1000).toFixed(1)} µs`;
}

export const fmtPct = (share: number): string => `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;

export function fmtBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(0)} KiB`;
  return `${bytes} B`;
}

/** Prints a plain aligned table (the first column left-aligned, the others right-aligned). */
export function printTable(
  title: string,
  header: readonly string[],
  rows: readonly string[][],
): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ');
  const out = [
    '',
    title,
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

export function note(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Where one benchmark's headline ratios are collected for the closing summary. */
export interface Finding {
  bench: string;
  text: string;
}
