import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { type ActionExecutor, type EventResult, type RunGate, runEvent } from '../engine/index.js';
import { checkEnvelope, type EventBridgeEvent } from '../event/envelope.js';
import type { Playbook } from '../playbook/index.js';
import type { Settings } from '../settings.js';
import { InvalidEventError, RetryableFailureError } from './errors.js';
import type { Invocation } from './gate.js';
import { observe } from './observe.js';

export interface ResponderDeps {
  playbooks: readonly Playbook[];
  settings: Settings;
  /** Absent: everything is planned, nothing acts (`npm run invoke` without --execute). */
  executor?: ActionExecutor;
  /** The gate of one invocation (the ledger knows a retry by its request id). */
  gate?: (invocation: Invocation) => RunGate;
  logger: Logger;
  metrics: Metrics;
}

export interface ResponseSummary {
  eventId: string;
  playbooks: {
    name: string;
    mode: string;
    status: string;
    reason?: string;
    actions: { type: string; status: string; target?: string; error?: string; reason?: string }[];
  }[];
}

/** What a rule's input transformer sends: the playbook whose rule fired, and the whole event. */
interface RuleInput {
  playbook: string;
  event: unknown;
}

const isRuleInput = (raw: unknown): raw is RuleInput =>
  raw !== null &&
  typeof raw === 'object' &&
  Object.hasOwn(raw, 'playbook') &&
  Object.hasOwn(raw, 'event') &&
  typeof (raw as RuleInput).playbook === 'string';

/** The playbooks to run: the one whose rule fired, or all of them for a bare event. */
function selectPlaybooks(
  raw: unknown,
  playbooks: readonly Playbook[],
): { event: unknown; playbooks: readonly Playbook[] } {
  if (!isRuleInput(raw)) return { event: raw, playbooks };
  const chosen = playbooks.filter((p) => p.name === raw.playbook);
  if (chosen.length === 0)
    throw new InvalidEventError(`no bundled playbook named "${raw.playbook}"`);
  return { event: raw.event, playbooks: chosen };
}

/** Untrusted at the edge: an EventBridge envelope is required. */
export function parseEvent(raw: unknown): EventBridgeEvent {
  const checked = checkEnvelope(raw);
  if (checked.success) return checked.data;
  const fields = [...new Set(checked.problems.map((p) => p.path.join('.') || 'event'))];
  throw new InvalidEventError(`not an EventBridge event (${fields.join(', ')})`);
}

const summarize = (result: EventResult): ResponseSummary => ({
  eventId: result.id ?? '',
  playbooks: result.playbooks.map((p) => ({
    name: p.name,
    mode: p.mode,
    status: p.status,
    ...(p.reason ? { reason: p.reason } : {}),
    actions: p.actions.map((a) => ({
      type: a.type,
      status: a.status,
      ...(a.target ? { target: a.target } : {}),
      ...(a.error ? { error: a.error } : {}),
      ...(a.reason ? { reason: a.reason } : {}),
    })),
  })),
});

/**
 * The Lambda's work on one event: check it, run the playbooks through the
 * gate, log and count every outcome. Fails the invocation only for what a
 * retry can fix (see README, "Error policy").
 */
export async function respond(
  raw: unknown,
  deps: ResponderDeps,
  invocation: Invocation = {},
): Promise<ResponseSummary> {
  const selected = selectPlaybooks(raw, deps.playbooks);
  const event = parseEvent(selected.event);
  const result = await runEvent(event, `event ${event.id}`, selected.playbooks, {
    settings: deps.settings,
    executor: deps.executor,
    gate: deps.gate?.(invocation),
  });
  observe(result, event, deps.logger, deps.metrics);
  const transient = result.playbooks
    .flatMap((p) => p.actions)
    .filter((a) => a.status === 'failed' && a.transient);
  if (transient.length > 0) {
    throw new RetryableFailureError(
      `retryable failure: ${transient.map((a) => `${a.type}: ${a.error}`).join('; ')}`,
    );
  }
  return summarize(result);
}
