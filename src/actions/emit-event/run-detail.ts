import { targetOf } from '../../aws/target.js';
import { REDUCED, type ResultDetail, reduceResult } from '../notify/results.js';
import { clip, utf8Bytes } from '../notify/text-limits.js';
import type { PlanContext } from '../types.js';

export const SOURCE = 'parry';
export const DETAIL_TYPE = 'Parry Playbook Run';

/**
 * How much of the earlier results to keep, step by step; the first that fits
 * is sent. Without them an entry holds bounded fields only (a few KB) and
 * resources of at most 200 KB: the last step always fits.
 */
const TRIM_STEPS: readonly (ResultDetail | 'none')[] = ['full', 'calls', 'outcome', 'none'];

/** PutEvents: "the total entry size must be less than 256KB". */
export const ENTRY_MAX_BYTES = 256 * 1024;
/**
 * The API reference also counts "the necessary characters and keys of the
 * JSON representation of the event"; this leaves room for them.
 */
const ENVELOPE_ROOM = 1024;
const MAX_RESOURCES = 100;
const MAX_RESOURCE_CHARS = 2048;

/** The entry as PutEvents takes it, the same when planning and when running. */
export interface RunEntry {
  Source: string;
  DetailType: string;
  Detail: string;
  Resources?: string[];
  EventBusName: string;
}

/**
 * EventBridge's size of an entry: the UTF-8 bytes of Source, DetailType,
 * Detail and each resource, plus 14 for Time when set (it never is here).
 * @example entrySize({ Source: 'parry', DetailType: 'x', Detail: '{}', EventBusName: 'default' }) // 8
 */
export const entrySize = (entry: RunEntry): number =>
  utf8Bytes(entry.Source) +
  utf8Bytes(entry.DetailType) +
  utf8Bytes(entry.Detail) +
  (entry.Resources ?? []).reduce((sum, r) => sum + utf8Bytes(r), 0);

/**
 * The event's resource ARNs within PutEvents' limits: 100 of at most 2,048
 * characters, and (for a crafted event with multi-byte ARNs) at most what 100
 * ASCII ones weigh, so the entry always fits once the actions are left out.
 */
function resourcesOf(context: PlanContext<unknown>): { kept: string[]; dropped: number } {
  const arns = context.event.resources.filter(
    (r): r is string => typeof r === 'string' && r.startsWith('arn:'),
  );
  const kept: string[] = [];
  let bytes = 0;
  for (const arn of arns) {
    if (kept.length === MAX_RESOURCES || arn.length > MAX_RESOURCE_CHARS) continue;
    if (bytes + utf8Bytes(arn) > MAX_RESOURCES * MAX_RESOURCE_CHARS) continue;
    bytes += utf8Bytes(arn);
    kept.push(arn);
  }
  return { kept, dropped: arns.length - kept.length };
}

function eventFacts(context: PlanContext<unknown>): Record<string, string> {
  const e = context.event;
  // A replayed event can say anything: its fields are bounded like everything else here.
  const text = (value: unknown): string => (typeof value === 'string' ? clip(value, 256) : '');
  return {
    id: text(e.id),
    source: text(e.source),
    'detail-type': text(e['detail-type']),
    account: text(e.account),
    region: text(e.region),
  };
}

function boundedTarget(context: PlanContext<unknown>): { account: string; region: string } {
  const { account, region } = targetOf(context.event);
  return { account: clip(account, 256), region: clip(region, 256) };
}

function entryAt(
  context: PlanContext<unknown>,
  bus: string,
  results: ResultDetail | 'none',
): { entry: RunEntry; trimmed: string[] } {
  const { playbook, previous } = context;
  const { kept: resources, dropped } = resourcesOf(context);
  const trimmed = [
    ...(dropped > 0 ? [`Resources (${dropped} ARNs over PutEvents' limits)`] : []),
    ...(results === 'calls' || results === 'outcome' ? [REDUCED.calls] : []),
    ...(results === 'outcome' ? [REDUCED.outcome] : []),
    ...(results === 'none' ? ['actions (the run is too big for one event)'] : []),
  ];
  const actions = results === 'none' ? undefined : previous.map((r) => reduceResult(r, results));
  const detail = {
    playbook: playbook.name,
    mode: playbook.mode,
    ...(trimmed.length > 0 ? { trimmed } : {}),
    event: eventFacts(context),
    target: boundedTarget(context),
    ...(actions ? { actions } : {}),
  };
  const entry: RunEntry = {
    Source: SOURCE,
    DetailType: DETAIL_TYPE,
    Detail: JSON.stringify(detail),
    ...(resources.length > 0 ? { Resources: resources } : {}),
    EventBusName: bus,
  };
  return { entry, trimmed };
}

/**
 * The PutEvents entry for this run: the playbook, the event it answered and
 * the results of the actions before this one. Never over the entry limit:
 * the actions' details go first, then their calls, then the actions.
 * @example runEntry(context, 'default').entry.DetailType // 'Parry Playbook Run'
 */
export function runEntry(
  context: PlanContext<unknown>,
  bus: string,
): { entry: RunEntry; trimmed: string[] } {
  let built = entryAt(context, bus, 'none');
  for (const results of TRIM_STEPS) {
    built = entryAt(context, bus, results);
    if (entrySize(built.entry) + ENVELOPE_ROOM <= ENTRY_MAX_BYTES) return built;
  }
  return built;
}
