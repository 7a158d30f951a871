// 1. Matcher throughput: compiled matches() of the shipped playbooks' patterns
// over the sample and corpus events, against a JSON round trip of the same
// events; and compile-once against compile-per-event (matchesPattern).
import type { EventBridgeEvent } from '../src/event/envelope.js';
import { type CompiledPattern, compilePattern, matchesPattern } from '../src/match/index.js';
import type { Playbook } from '../src/playbook/index.js';
import { CORPUS_DIR, corpusEvents, corpusPresent, sampleEvents, shippedPlaybooks } from './data.js';
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

/** Every pattern a playbook evaluates: its `match` and each `unless`. */
export const patternsOf = (playbooks: readonly Playbook[]): CompiledPattern[] =>
  playbooks.flatMap((p) => [p.match, ...p.unless]);

let sink = 0;

function matchAll(patterns: readonly CompiledPattern[], events: readonly unknown[]): number {
  let hits = 0;
  for (const event of events) for (const p of patterns) if (p.matches(event)) hits += 1;
  return hits;
}

function matchAllUncompiled(sources: readonly unknown[], events: readonly unknown[]): number {
  let hits = 0;
  for (const event of events) for (const s of sources) if (matchesPattern(s, event)) hits += 1;
  return hits;
}

function cloneAll(events: readonly unknown[]): number {
  let keys = 0;
  for (const event of events) keys += Object.keys(JSON.parse(JSON.stringify(event))).length;
  return keys;
}

interface DatasetResult {
  name: string;
  events: number;
  hits: number;
  matchMs: number;
  cloneMs: number;
  perEventMs: number;
  spread: number;
}

async function benchDataset(
  name: string,
  events: readonly EventBridgeEvent[],
  patterns: readonly CompiledPattern[],
  options: CompareOptions,
): Promise<DatasetResult> {
  const sources = patterns.map((p) => p.source);
  // Recompiled here so that the check below compares like with like.
  const recompiled = sources.map((s) => compilePattern(s));
  const hits = matchAll(patterns, events);
  if (matchAllUncompiled(sources, events) !== hits || matchAll(recompiled, events) !== hits) {
    throw new Error('bench: compile-per-event and compiled matching disagree');
  }
  const timings = await compare(
    {
      clone: () => {
        sink += cloneAll(events);
      },
      compiled: () => {
        sink += matchAll(patterns, events);
      },
      perEvent: () => {
        sink += matchAllUncompiled(sources, events);
      },
    },
    options,
  );
  return {
    name,
    events: events.length,
    hits,
    matchMs: timingOf(timings, 'compiled').msPerPass,
    cloneMs: timingOf(timings, 'clone').msPerPass,
    perEventMs: timingOf(timings, 'perEvent').msPerPass,
    spread: Math.max(...[...timings.values()].map((t) => t.spreadPct)),
  };
}

export async function benchMatcher(options: CompareOptions): Promise<Finding[]> {
  const playbooks = await shippedPlaybooks();
  const patterns = patternsOf(playbooks);
  const datasets: [string, EventBridgeEvent[]][] = [['sample events', await sampleEvents()]];
  if (corpusPresent()) datasets.push(['corpus events', await corpusEvents()]);
  const results: DatasetResult[] = [];
  for (const [name, events] of datasets) {
    results.push(await benchDataset(name, events, patterns, options));
  }
  const rows = results.map((r) => {
    const pairs = r.events * patterns.length;
    return [
      r.name,
      String(r.events),
      `${r.hits}/${pairs}`,
      fmtRate((pairs / r.matchMs) * 1000),
      fmtRate((r.events / r.matchMs) * 1000),
      fmtRate((r.events / r.cloneMs) * 1000),
      fmtRatio(r.matchMs / r.cloneMs),
      fmtRatio(r.perEventMs / r.matchMs),
      `${r.spread.toFixed(0)}%`,
    ];
  });
  printTable(
    `1. Matcher: ${patterns.length} compiled patterns (match + unless of ${playbooks.length} playbooks) x each event`,
    [
      'events',
      'n',
      'hits',
      'matches/s',
      'events/s',
      'clones/s',
      'match/clone',
      'per-event/compiled',
      'noise',
    ],
    rows,
  );
  note(
    '   match/clone: time to test one event against every pattern, in JSON round trips of that event (lower is better).',
  );
  note('   per-event/compiled: matchesPattern() (compiles each time) over compiled matches().');
  if (!corpusPresent()) note(`   SKIPPED corpus events: no corpus at ${CORPUS_DIR}`);
  if (sink === Number.MIN_SAFE_INTEGER) note('');
  return results.map((r) => ({
    bench: 'matcher',
    text: `${r.name}: all ${patterns.length} patterns cost ${fmtRatio(r.matchMs / r.cloneMs)} a JSON round trip (${fmtMs(r.matchMs / r.events)} vs ${fmtMs(r.cloneMs / r.events)} per event); compiling per event is ${fmtRatio(r.perEventMs / r.matchMs)} slower (${fmtMs(r.perEventMs / r.events)} per event)`,
  }));
}
