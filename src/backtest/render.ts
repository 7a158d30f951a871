import type { Playbook } from '../playbook/index.js';
import { type Counts, cappedRuns, type Tally, top } from './summary.js';

const list = (counts: Counts, n: number): string =>
  top(counts, n)
    .map(([k, v]) => `${k} (${v})`)
    .join(', ') || '-';

const perDay = (counts: Counts): string => {
  const days = [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  if (days.length <= 7) return days.map(([d, n]) => `${d}: ${n}`).join(', ') || '-';
  const peak = top(counts, 1)[0];
  return `${days.length} days, ${days[0]?.[0]} … ${days[days.length - 1]?.[0]}; busiest ${peak?.[0]} (${peak?.[1]})`;
};

/**
 * The readable report: totals, then per playbook what it would have done.
 * `threads` says how the records were read, so that a user (and a test of the built CLI) sees
 * when a backtest ran on one core only.
 * @example renderSummary(tally, playbooks, 20, 2)
 */
export function renderSummary(
  tally: Tally,
  playbooks: readonly Playbook[],
  breakerLimit: number,
  threads: number,
): string {
  const capped = cappedRuns(tally.breaker);
  const lines = [
    '',
    `${tally.objects} object(s), ${tally.records} record(s): ${tally.outOfScope} out of scope, ` +
      `${tally.readOnly} read-only (not delivered to any playbook), ${tally.unusable} unusable`,
    threads > 0 ? `read on ${threads} worker thread(s)` : 'read in one thread',
  ];
  for (const p of playbooks) {
    const t = tally.playbooks.get(p.name);
    lines.push('', `${p.name} [${p.mode}${p.readOnlyEvents ? ', read-only events' : ''}]`);
    if (!t) {
      lines.push('  no match');
      continue;
    }
    const vetoed = [...t.vetoes.values()].reduce((a, b) => a + b, 0);
    const guarded = [...t.guards.values()].reduce((a, b) => a + b, 0);
    lines.push(
      `  matched ${t.matched}: ${t.runs} would act, ${vetoed} vetoed, ${guarded} stopped by guards` +
        (t.failed > 0 ? `, ${t.failed} failed to plan` : ''),
      `  per day: ${perDay(t.perDay)}`,
      `  actions: ${list(t.actions, 10)}`,
      `  top targets: ${list(t.targets, 5)}`,
      `  circuit breaker (${breakerLimit} runs per account per hour): ${capped.get(p.name) ?? 0} run(s) capped`,
    );
    if (vetoed > 0) lines.push(`  vetoes: ${list(t.vetoes, 5)}`);
    if (guarded > 0) lines.push(`  guards: ${list(t.guards, 5)}`);
  }
  if (tally.problems.length > 0) {
    lines.push(
      '',
      `unusable (first ${tally.problems.length}):`,
      ...tally.problems.map((p) => `  ${p}`),
    );
  }
  return `${lines.join('\n')}\n`;
}
