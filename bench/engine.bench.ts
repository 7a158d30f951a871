// 2. Engine: runEvent planning over all sample events with the shipped
// playbooks, against the matcher-only pass that runEvent cannot avoid.
import { runEvent } from '../src/engine/index.js';
import { benchSettings, FIXED_NOW, sampleEvents, shippedPlaybooks } from './data.js';
import {
  type CompareOptions,
  compare,
  type Finding,
  fmtMs,
  fmtRate,
  fmtRatio,
  note,
  printTable,
  timingOf,
} from './harness.js';

let sink = 0;

export async function benchEngine(options: CompareOptions): Promise<Finding[]> {
  const playbooks = await shippedPlaybooks();
  const events = await sampleEvents();
  const settings = benchSettings();
  const runOptions = { settings, now: FIXED_NOW };
  let planned = 0;
  let actions = 0;
  for (const event of events) {
    const result = await runEvent(event, 'bench', playbooks, runOptions);
    planned += result.playbooks.length;
    actions += result.playbooks.reduce((n, p) => n + p.actions.length, 0);
  }
  const timings = await compare(
    {
      matchOnly: () => {
        for (const event of events)
          for (const p of playbooks) if (p.match.matches(event)) sink += 1;
      },
      runEvent: async () => {
        for (const event of events) {
          sink += (await runEvent(event, 'bench', playbooks, runOptions)).playbooks.length;
        }
      },
    },
    options,
  );
  const match = timingOf(timings, 'matchOnly');
  const run = timingOf(timings, 'runEvent');
  const ratio = run.msPerPass / match.msPerPass;
  printTable(
    `2. Engine: runEvent (plan only) over ${events.length} sample events x ${playbooks.length} playbooks (${planned} playbook results, ${actions} actions)`,
    ['pass', 'per pass', 'events/s', 'per event', 'ratio', 'noise'],
    [
      [
        'match only (playbook.match.matches)',
        fmtMs(match.msPerPass),
        fmtRate((events.length / match.msPerPass) * 1000),
        fmtMs(match.msPerPass / events.length),
        '1.00x',
        `${match.spreadPct.toFixed(0)}%`,
      ],
      [
        'runEvent (match + unless + guards + plan)',
        fmtMs(run.msPerPass),
        fmtRate((events.length / run.msPerPass) * 1000),
        fmtMs(run.msPerPass / events.length),
        fmtRatio(ratio),
        `${run.spreadPct.toFixed(0)}%`,
      ],
    ],
  );
  note('   ratio: runEvent over the match-only pass; (ratio - 1) is what planning adds.');
  if (sink === Number.MIN_SAFE_INTEGER) note('');
  return [
    {
      bench: 'engine',
      text: `runEvent plans at ${fmtRate((events.length / run.msPerPass) * 1000)} events, ${fmtRatio(ratio)} the match-only pass (${fmtMs(run.msPerPass / events.length)} vs ${fmtMs(match.msPerPass / events.length)} per event)`,
    },
  ];
}
