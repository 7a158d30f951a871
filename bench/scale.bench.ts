// 5. A thousand playbooks at the cost of one: the corpus events, as JSON text, parsed and
// matched by the combined machine against 10, 100 and 1000 generated patterns, against
// JSON.parse alone; and the per-pattern matches() the machine replaces.
import { compileMachine, compilePattern } from '../src/match/index.js';
import { corpusEvents, corpusPresent } from './data.js';
import {
  type CompareOptions,
  compare,
  type Finding,
  fmtMs,
  fmtRatio,
  note,
  pairedRatio,
  printTable,
  timingOf,
} from './harness.js';
import { patternSet } from './patterns.js';

const SIZES = [10, 100, 1000] as const;
let sink = 0;

export async function benchScale(options: CompareOptions): Promise<Finding[]> {
  if (!corpusPresent()) {
    note('\n5. Matcher scale: SKIPPED, no corpus');
    return [];
  }
  const events = await corpusEvents();
  const texts = events.map((e) => JSON.stringify(e));
  const sets = SIZES.map((n) => patternSet(n, events).map((p) => compilePattern(p)));
  const machines = sets.map((patterns) => compileMachine(patterns));
  // The machine must agree with matches() before it is timed.
  sets.forEach((patterns, i) => {
    for (const event of events) {
      const alone = patterns.flatMap((p, k) => (p.matches(event) ? [k] : []));
      if (JSON.stringify(machines[i]?.matching(event)) !== JSON.stringify(alone)) {
        throw new Error(`bench: machine and matches() disagree at ${SIZES[i]} patterns`);
      }
    }
  });
  const hits = machines.map((m) => events.reduce((n, e) => n + m.matching(e).length, 0));
  const passes: Record<string, () => void> = {
    parse: () => {
      for (const t of texts) sink += Object.keys(JSON.parse(t)).length;
    },
  };
  machines.forEach((m, i) => {
    passes[`machine${SIZES[i]}`] = () => {
      for (const t of texts) sink += m.matching(JSON.parse(t)).length;
    };
  });
  // The per-pattern evaluator at 10 and 100 (1000 would take minutes per round).
  sets.slice(0, 2).forEach((patterns, i) => {
    passes[`each${SIZES[i]}`] = () => {
      for (const t of texts) {
        const event = JSON.parse(t);
        for (const p of patterns) if (p.matches(event)) sink += 1;
      }
    };
  });
  const timings = await compare(passes, { ...options, clock: 'cpu' });
  const parse = timingOf(timings, 'parse');
  const at = (n: number) => timingOf(timings, `machine${n}`);
  const rows = SIZES.map((n, i) => {
    const each = timings.get(`each${n}`);
    return [
      String(n),
      `${hits[i]}`,
      fmtMs(at(n).msPerPass / events.length),
      fmtRatio(pairedRatio(at(n), parse)),
      fmtRatio(pairedRatio(at(n), at(10))),
      each ? fmtRatio(pairedRatio(each, parse)) : '-',
      `${Math.max(at(n).spreadPct, parse.spreadPct).toFixed(0)}%`,
    ];
  });
  printTable(
    `5. Matcher scale: ${events.length} corpus events as JSON text, parsed and matched against N generated patterns (CPU time)`,
    [
      'patterns',
      'hits',
      'per event',
      'parse+match/parse',
      'vs 10',
      'matches() each/parse',
      'noise',
    ],
    rows,
  );
  note(
    `   parse alone: ${fmtMs(parse.msPerPass / events.length)} per event. Ratios: the median of each round's.`,
  );
  if (sink === Number.MIN_SAFE_INTEGER) note('');
  const ratio = (n: number) => pairedRatio(at(n), parse);
  return [
    {
      bench: 'scale',
      text: `parse+match is ${fmtRatio(ratio(100))} parse alone at 100 patterns and ${fmtRatio(ratio(1000))} at 1000; 1000 patterns take ${fmtRatio(pairedRatio(at(1000), at(10)))} the time of 10 (parse+match)`,
    },
  ];
}
