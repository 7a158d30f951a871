import type { CallRecord } from '../actions/types.js';
import type { EventResult, PlaybookResult } from '../engine/index.js';
import type { ReplaySummary } from './replay-summary.js';

const INPUT_WIDTH = 150;

function compact(input: Record<string, unknown>): string {
  const text = Object.entries(input)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ')
    .replace(/\s+/g, ' ');
  return text.length > INPUT_WIDTH ? `${text.slice(0, INPUT_WIDTH - 3)}...` : text;
}

const callLine = (call: CallRecord): string => {
  const status = call.status ? ` [${call.status}${call.error ? `: ${call.error}` : ''}]` : '';
  const when = call.condition ? ` (${call.condition})` : '';
  return `         ${call.service} ${call.operation} ${compact(call.input)}${when}${status}`;
};

function playbookLines(p: PlaybookResult): string[] {
  const head = `  ${p.name} [${p.mode}] ${p.status}${p.reason ? `: ${p.reason}` : ''}`;
  const actions = p.actions.flatMap((a, i) => {
    const why = a.error ?? a.reason;
    const line = `    ${i + 1}. ${a.type}${a.target ? ` ${a.target}` : ''}: ${a.status}${why ? ` (${why})` : ''}`;
    return [line, ...a.calls.map(callLine)];
  });
  return [head, ...actions];
}

/** A readable summary of one event: its playbooks, actions and calls. */
export function formatEvent(result: EventResult): string {
  if (result.error) return `${result.source}\n  error: ${result.error}\n`;
  const head = `${result.source}  ${result.detailType ?? ''}  ${result.id ?? ''}`;
  if (result.playbooks.length === 0) return `${head}\n  no playbook matched\n`;
  return `${[head, ...result.playbooks.flatMap(playbookLines)].join('\n')}\n`;
}

export function formatSummary(s: ReplaySummary): string {
  return (
    `\n${s.events} event(s): ${s.matched} matched a playbook; ` +
    `playbook runs: ${s.planned} planned, ${s.executed} executed, ${s.skipped} skipped, ${s.failed} failed; ` +
    `${s.skippedReadOnly} read-only record(s) skipped (EventBridge does not deliver them); ` +
    `${s.unusable} input(s) unusable\n`
  );
}
