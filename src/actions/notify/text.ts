import type { ActionResult, PlaybookRef } from '../types.js';
import type { EventSummary } from './summary.js';
import { clip, oneLine, printable } from './text-limits.js';

const REASON_LIMIT = 1024;
const CALL_LINES = 12;

const STATUS_WORDS: Record<ActionResult['status'], string> = {
  succeeded: 'succeeded',
  failed: 'FAILED',
  skipped: 'skipped',
  planned: 'planned (dry-run: not done)',
};

function callLines(result: ActionResult): string[] {
  const lines = result.calls.slice(0, CALL_LINES).map((call) => {
    const outcome = call.status ?? (call.condition ? `planned, ${call.condition}` : 'planned');
    const error = call.error ? `: ${clip(oneLine(call.error), 300)}` : '';
    return `       ${call.service} ${call.operation}: ${outcome}${error}`;
  });
  const more = result.calls.length - CALL_LINES;
  return more > 0 ? [...lines, `       ... and ${more} more calls`] : lines;
}

/**
 * One earlier action as a reader wants it: what, on what, how it ended and why.
 * @example outcomeLines(failedTag, 0)[0] // '  1. tag on i-1: FAILED: EC2 CreateTags on i-1 failed: AccessDenied: ...'
 */
export function outcomeLines(result: ActionResult, index: number): string[] {
  const why = result.error ?? result.reason;
  const on = result.target ? ` on ${clip(oneLine(result.target), 256)}` : '';
  const head = `  ${index + 1}. ${result.type}${on}: ${STATUS_WORDS[result.status]}`;
  return [`${head}${why ? `: ${clip(oneLine(why), REASON_LIMIT)}` : ''}`, ...callLines(result)];
}

function severityLine(summary: EventSummary): string {
  if (summary.severity === 'none') return 'none (this kind of event has no severity)';
  return summary.score === undefined ? summary.severity : `${summary.severity} (${summary.score})`;
}

export interface TextFacts {
  summary: EventSummary;
  playbook: PlaybookRef;
  previous: readonly ActionResult[];
  note?: string;
  trimmed: readonly string[];
}

/**
 * The email (what happened, where, to what, and what parry did about it) in
 * two parts: the report, and a tail (what was trimmed, the console link) that
 * must survive when the report itself has to be cut.
 * @example readableParts({ summary, playbook, previous: [], trimmed: [] }).body.split('\n')[0]
 * // 'parry playbook notify-on-findings (enforce) responded to:'
 */
export function readableParts(facts: TextFacts): { body: string; tail: string } {
  const { summary: s, playbook, previous, note, trimmed } = facts;
  const mode = playbook.mode === 'dry-run' ? 'dry-run: parry changed nothing' : 'enforce';
  const body = [
    `parry playbook ${playbook.name} (${mode}) responded to:`,
    s.title,
    ...(note ? ['', note] : []),
    '',
    `Type:      ${s.type}`,
    `Severity:  ${severityLine(s)}`,
    `Account:   ${s.account}`,
    `Region:    ${s.region}`,
    `Resource:  ${s.resource}`,
    ...(s.actor ? [`Principal: ${s.actor}`] : []),
    ...(s.remote ? [`Remote:    ${s.remote}`] : []),
    `Event ID:  ${s.id}`,
    `Time:      ${s.time}`,
    '',
    ...(previous.length > 0
      ? ['What parry did before this notification:', ...previous.flatMap(outcomeLines)]
      : ['Nothing was done before this notification.']),
  ];
  const tail = [
    ...(trimmed.length > 0
      ? ['', "Trimmed to fit SNS's message size limit:", ...trimmed.map((t) => `  - ${t}`)]
      : []),
    ...(s.link ? ['', `Console: ${s.link}`] : []),
  ];
  return { body: printable(body.join('\n')), tail: printable(tail.map((l) => `\n${l}`).join('')) };
}

/**
 * One short line for SMS subscribers, who would otherwise get the JSON.
 * @example smsText(summary, 'notify-on-findings') // 'parry notify-on-findings: Backdoor:EC2/... (High) in 4444...'
 */
export function smsText(summary: EventSummary, playbook: string): string {
  const severity = summary.severity === 'none' ? '' : ` (${summary.severity})`;
  return clip(
    oneLine(
      `parry ${playbook}: ${summary.type}${severity} in ${summary.account}: ${summary.resource}`,
    ),
    140,
  );
}
