import type { EventResult } from '../engine/index.js';

export interface ReplaySummary {
  events: number;
  matched: number;
  planned: number;
  executed: number;
  skipped: number;
  failed: number;
  skippedReadOnly: number;
  unusable: number;
}

export const emptySummary = (): ReplaySummary => ({
  events: 0,
  matched: 0,
  planned: 0,
  executed: 0,
  skipped: 0,
  failed: 0,
  skippedReadOnly: 0,
  unusable: 0,
});

/** Adds one event's result to the running totals. */
export function count(summary: ReplaySummary, result: EventResult): void {
  if (result.error) {
    summary.unusable += 1;
    return;
  }
  summary.events += 1;
  if (result.playbooks.length > 0) summary.matched += 1;
  for (const p of result.playbooks) summary[p.status] += 1;
}
