import type { EventBridgeEvent } from '../../event/envelope.js';
import type { ActionResult, PlaybookRef } from '../types.js';
import { REDUCED, type ResultDetail, reduceResult } from './results.js';
import type { EventSummary } from './summary.js';
import { clip, utf8Bytes } from './text-limits.js';

/** One step of shrinking the structured part; the first that fits is sent. */
export interface Trim {
  dropDetail: boolean;
  results: ResultDetail | 'none';
}

/** The event's detail goes first (the console and the APIs have it), then the action details. */
export const TRIM_STEPS: readonly Trim[] = [
  { dropDetail: false, results: 'full' },
  { dropDetail: true, results: 'full' },
  { dropDetail: true, results: 'calls' },
  { dropDetail: true, results: 'outcome' },
  { dropDetail: true, results: 'none' },
];

export interface StructuredFacts {
  event: EventBridgeEvent;
  playbook: PlaybookRef;
  previous: readonly ActionResult[];
  summary: EventSummary;
}

/** The envelope without its detail; its other fields are bounded too, an event may be crafted. */
function envelopeOnly(event: EventBridgeEvent, detailBytes: number): Record<string, unknown> {
  const text = (value: unknown) => (typeof value === 'string' ? clip(value, 256) : undefined);
  return {
    version: text(event.version),
    id: text(event.id),
    'detail-type': text(event['detail-type']),
    source: text(event.source),
    account: text(event.account),
    time: text(event.time),
    region: text(event.region),
    resources: event.resources.slice(0, 20).map((r) => (typeof r === 'string' ? clip(r, 2048) : r)),
    detail: `<trimmed: ${detailBytes} bytes>`,
  };
}

/**
 * The machine-readable part: the playbook, the summary, the earlier actions'
 * results and the event, shrunk as `trim` says, with what was left out.
 * @example structuredDocument(facts, TRIM_STEPS[0]).trimmed // []
 */
export function structuredDocument(
  facts: StructuredFacts,
  trim: Trim,
): { json: string; trimmed: string[] } {
  const { event, playbook, previous, summary } = facts;
  const trimmed: string[] = [];
  let embedded: unknown = event;
  if (trim.dropDetail) {
    const detailBytes = utf8Bytes(JSON.stringify(event.detail));
    embedded = envelopeOnly(event, detailBytes);
    trimmed.push(
      `event.detail (${detailBytes} bytes; only the envelope is kept: look the event up by its id)`,
    );
  }
  if (trim.results === 'calls' || trim.results === 'outcome') trimmed.push(REDUCED.calls);
  if (trim.results === 'outcome') trimmed.push(REDUCED.outcome);
  if (trim.results === 'none') trimmed.push('actions (their outcomes are in the email text)');
  const actions =
    trim.results === 'none'
      ? undefined
      : previous.map((r) => reduceResult(r, trim.results as ResultDetail));
  const document = {
    playbook: playbook.name,
    mode: playbook.mode,
    ...(trimmed.length > 0 ? { trimmed } : {}),
    summary,
    ...(actions ? { actions } : {}),
    event: embedded,
  };
  return { json: JSON.stringify(document), trimmed };
}
