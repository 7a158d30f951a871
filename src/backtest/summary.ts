import type { PlaybookResult } from '../engine/result.js';

/** Top-N counts kept within a bound: past it, only names already counted keep counting. */
const MAX_DISTINCT = 10_000;

/** Maps, not objects: names come from events, and `__proto__` is a name like any other. */
export type Counts = Map<string, number>;

const bump = (counts: Counts, key: string, by = 1): void => {
  const n = counts.get(key);
  if (n !== undefined) counts.set(key, n + by);
  else if (counts.size < MAX_DISTINCT) counts.set(key, by);
  else counts.set('(others)', (counts.get('(others)') ?? 0) + by);
};

/** What one playbook would have done over the records, mergeable across workers. */
export interface PlaybookTally {
  /** Records the `match` matched (and EventBridge would have delivered). */
  matched: number;
  /** Runs that would have acted (planned actions, not vetoed or guarded). */
  runs: number;
  failed: number;
  perDay: Counts;
  targets: Counts;
  /** Planned actions by type. */
  actions: Counts;
  vetoes: Counts;
  guards: Counts;
}

/** Runs that reach the circuit breaker, by target account and clock hour. */
export interface BreakerTally {
  /** `account#yyyy-mm-ddThh` → the earliest run times there (at most the limit), each with its playbook. */
  earliest: Map<string, [string, string][]>;
  /** Same key → runs per playbook. */
  runs: Map<string, Counts>;
}

export interface Tally {
  objects: number;
  records: number;
  /** Records outside --since/--until/--accounts/--regions. */
  outOfScope: number;
  /** Read-only management records no playbook's rule receives. */
  readOnly: number;
  unusable: number;
  playbooks: Map<string, PlaybookTally>;
  breaker: BreakerTally;
  /** The first problems met, for the report (the count is `unusable`). */
  problems: string[];
}

const MAX_PROBLEMS = 20;

export const emptyTally = (): Tally => ({
  objects: 0,
  records: 0,
  outOfScope: 0,
  readOnly: 0,
  unusable: 0,
  playbooks: new Map(),
  breaker: { earliest: new Map(), runs: new Map() },
  problems: [],
});

const emptyPlaybook = (): PlaybookTally => ({
  matched: 0,
  runs: 0,
  failed: 0,
  perDay: new Map(),
  targets: new Map(),
  actions: new Map(),
  vetoes: new Map(),
  guards: new Map(),
});

const playbookOf = (tally: Tally, name: string): PlaybookTally => {
  let p = tally.playbooks.get(name);
  if (p === undefined) {
    p = emptyPlaybook();
    tally.playbooks.set(name, p);
  }
  return p;
};

export function noteProblem(tally: Tally, problem: string): void {
  tally.unusable += 1;
  if (tally.problems.length < MAX_PROBLEMS) tally.problems.push(problem);
}

export interface RunFacts {
  time: string;
  /** The account the actions would act in (the breaker counts per account). */
  account: string;
}

/**
 * Counts one playbook result. A run that would act is also offered to the breaker model,
 * which keeps, per account and hour, only the `limit` earliest runs.
 */
export function countResult(
  tally: Tally,
  result: PlaybookResult,
  facts: RunFacts,
  limit: number,
): void {
  const p = playbookOf(tally, result.name);
  p.matched += 1;
  bump(p.perDay, facts.time.slice(0, 10));
  if (result.status === 'skipped') {
    const reason = result.reason ?? 'skipped';
    bump(reason.startsWith('vetoed by') ? p.vetoes : p.guards, reason);
    return;
  }
  if (result.status === 'failed') p.failed += 1;
  p.runs += 1;
  for (const action of result.actions) {
    if (action.status === 'skipped') continue;
    bump(p.actions, action.type);
    if (action.target) bump(p.targets, action.target);
  }
  offerToBreaker(tally.breaker, result.name, facts, limit);
}

function offerToBreaker(
  breaker: BreakerTally,
  playbook: string,
  facts: RunFacts,
  limit: number,
): void {
  const key = `${facts.account}#${facts.time.slice(0, 13)}`;
  const runs = breaker.runs.get(key) ?? new Map<string, number>();
  runs.set(playbook, (runs.get(playbook) ?? 0) + 1);
  breaker.runs.set(key, runs);
  keepEarliest(breaker, key, [[facts.time, playbook]], limit);
}

function keepEarliest(
  breaker: BreakerTally,
  key: string,
  more: readonly [string, string][],
  limit: number,
): void {
  const list = [...(breaker.earliest.get(key) ?? []), ...more];
  list.sort((a, b) =>
    a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0,
  );
  breaker.earliest.set(key, list.slice(0, limit));
}

const mergeCounts = (into: Counts, from: Counts): void => {
  for (const [k, v] of from) bump(into, k, v);
};

/** Adds a worker's tally of some objects into the total. */
export function mergeTally(into: Tally, from: Tally, limit: number): void {
  into.objects += from.objects;
  into.records += from.records;
  into.outOfScope += from.outOfScope;
  into.readOnly += from.readOnly;
  into.unusable += from.unusable;
  for (const problem of from.problems) {
    if (into.problems.length < MAX_PROBLEMS) into.problems.push(problem);
  }
  for (const [name, p] of from.playbooks) {
    const q = playbookOf(into, name);
    q.matched += p.matched;
    q.runs += p.runs;
    q.failed += p.failed;
    for (const field of ['perDay', 'targets', 'actions', 'vetoes', 'guards'] as const) {
      mergeCounts(q[field], p[field]);
    }
  }
  for (const [key, runs] of from.breaker.runs) {
    const mine = into.breaker.runs.get(key) ?? new Map<string, number>();
    for (const [playbook, n] of runs) mine.set(playbook, (mine.get(playbook) ?? 0) + n);
    into.breaker.runs.set(key, mine);
    keepEarliest(into.breaker, key, from.breaker.earliest.get(key) ?? [], limit);
  }
}

/**
 * Runs the breaker would have turned into dry runs, per playbook: in each account and hour,
 * every run after the `limit` earliest (the Lambda counts enforced runs per target account
 * per clock hour, src/lambda/breaker.ts).
 */
export function cappedRuns(breaker: BreakerTally): Counts {
  const capped: Counts = new Map();
  for (const [key, runs] of breaker.runs) {
    const allowed: Counts = new Map();
    for (const [, playbook] of breaker.earliest.get(key) ?? []) {
      allowed.set(playbook, (allowed.get(playbook) ?? 0) + 1);
    }
    for (const [playbook, n] of runs) {
      const over = n - (allowed.get(playbook) ?? 0);
      if (over > 0) capped.set(playbook, (capped.get(playbook) ?? 0) + over);
    }
  }
  return capped;
}

/** The largest counts, largest first. */
export const top = (counts: Counts, n: number): [string, number][] =>
  [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n);
