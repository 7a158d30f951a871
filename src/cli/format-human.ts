import { stripVTControlCharacters } from 'node:util';
import type { CallRecord } from '../actions/types.js';
import type { EventResult, PlaybookResult, PlaybookStatus } from '../engine/index.js';
import type { ReplaySummary } from './replay-summary.js';
import { type Colors, spacedJson, type Terminal, wrap } from './terminal.js';

/** A call's input gets this many lines at most; --json has all of it. */
const MAX_INPUT_LINES = 4;
/** The SNS fields shown as the message's text instead. */
const MESSAGE_FIELDS = new Set(['Message', 'MessageStructure', 'MessageAttributes']);

const inputText = (input: Record<string, unknown>, skip: ReadonlySet<string>): string =>
  Object.entries(input)
    .filter(([k]) => !skip.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : spacedJson(v)}`)
    .join(' ')
    .replace(/\s+/g, ' ');

/** At most `max` lines; the rest is dropped at a line end (so at a word), and said so. */
function limitLines(text: string, max: number, color: Colors): string {
  const lines = text.split('\n');
  if (lines.length <= max) return text;
  const dropped = stripVTControlCharacters(lines.slice(max).join(' ')).trim().length;
  return [
    ...lines.slice(0, max),
    color.dim(`${' '.repeat(11)}… ${dropped} more characters (--json shows all)`),
  ].join('\n');
}

/** The text people receive (the email part of a structured SNS message), when there is one. */
function messageText(call: CallRecord): string | undefined {
  if (call.service !== 'SNS' || call.operation !== 'Publish') return undefined;
  const message = call.input.Message;
  if (typeof message !== 'string') return undefined;
  if (call.input.MessageStructure !== 'json') return message;
  try {
    const parts = JSON.parse(message) as Record<string, unknown>;
    const text = parts.email ?? parts.default;
    return typeof text === 'string' ? text : undefined;
  } catch {
    return message;
  }
}

const CALL_STATUS: Readonly<Record<string, keyof Colors>> = {
  ok: 'green',
  failed: 'red',
  skipped: 'yellow',
  tolerated: 'green',
};

function callLines(call: CallRecord, t: Terminal): string {
  const { color } = t;
  const text = messageText(call);
  const input = inputText(call.input, text === undefined ? new Set() : MESSAGE_FIELDS);
  const when = call.condition ? ` ${color.dim(`(${call.condition})`)}` : '';
  const paint = call.status
    ? (color[CALL_STATUS[call.status] ?? 'dim'] as (s: string) => string)
    : String;
  const status = call.status
    ? ` ${paint(`[${call.status}${call.error ? `: ${call.error}` : ''}]`)}`
    : '';
  const line = `${call.service} ${call.operation} ${input}${when}${status}`;
  const head = limitLines(wrap(line, t.width, 9), MAX_INPUT_LINES, color);
  if (text === undefined) return head;
  const gutter = `${' '.repeat(11)}${color.dim('│')} `;
  const body = text
    .split('\n')
    .map((l) =>
      wrap(l, t.width - 13, 0, 2)
        .split('\n')
        .map((w) => gutter + w)
        .join('\n'),
    )
    .join('\n');
  return `${head}\n${' '.repeat(11)}${color.dim('message:')}\n${body}`;
}

const STATUS_COLOR: Readonly<Record<PlaybookStatus, keyof Colors>> = {
  planned: 'cyan',
  executed: 'green',
  skipped: 'yellow',
  failed: 'red',
};

const ACTION_COLOR: Readonly<Record<string, keyof Colors>> = {
  planned: 'cyan',
  succeeded: 'green',
  skipped: 'yellow',
  failed: 'red',
};

const painter = (color: Colors, name: keyof Colors | undefined) =>
  (name ? color[name] : String) as (s: string) => string;

function playbookLines(p: PlaybookResult, t: Terminal): string[] {
  const { color } = t;
  const status = painter(color, STATUS_COLOR[p.status])(p.status);
  const head = wrap(
    `${color.bold(p.name)} [${p.mode}] ${status}${p.reason ? `: ${p.reason}` : ''}`,
    t.width,
    2,
  );
  const actions = p.actions.flatMap((a, i) => {
    const why = a.error ?? a.reason;
    const state = painter(color, ACTION_COLOR[a.status])(a.status);
    const line = `${i + 1}. ${a.type}${a.target ? ` ${a.target}` : ''}: ${state}${why ? ` (${why})` : ''}`;
    return [wrap(line, t.width, 4, 3), ...a.calls.map((c) => callLines(c, t))];
  });
  return [head, ...actions];
}

/** A readable summary of one event: its playbooks, actions and calls, fitted to the width. */
export function formatEvent(result: EventResult, t: Terminal): string {
  const { color } = t;
  if (result.error)
    return `${color.bold(result.source)}\n${wrap(`${color.red('error')}: ${result.error}`, t.width, 2)}\n`;
  const head = wrap(
    `${color.bold(result.source)}  ${result.detailType ?? ''}  ${color.dim(result.id ?? '')}`,
    t.width,
    0,
  );
  if (result.playbooks.length === 0) return `${head}\n  ${color.dim('no playbook matched')}\n`;
  return `${[head, ...result.playbooks.flatMap((p) => playbookLines(p, t))].join('\n')}\n`;
}

/** A read-only record that was not replayed, for --verbose. */
export const formatSkippedRecord = (source: string, t: Terminal): string =>
  `${wrap(`${t.color.dim('skipped')} ${source}: a read-only call (EventBridge does not deliver it)`, t.width)}\n`;

export function formatSummary(s: ReplaySummary, t: Terminal): string {
  const text =
    `${s.events} event(s): ${s.matched} matched a playbook; ` +
    `playbook runs: ${s.planned} planned, ${s.executed} executed, ${s.skipped} skipped, ${s.failed} failed; ` +
    `${s.skippedReadOnly} read-only record(s) skipped (EventBridge does not deliver them${s.skippedReadOnly > 0 ? '; --verbose names them' : ''}); ` +
    `${s.unusable} input(s) unusable`;
  return `\n${wrap(text, t.width)}\n`;
}
