import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { type ActionExecutor, type EventResult, type RunGate, runEvent } from '../engine/index.js';
import { type EventBridgeEvent, eventBridgeEventSchema } from '../event/envelope.js';
import type { Playbook } from '../playbook/index.js';
import type { Settings } from '../settings.js';
import { InvalidEventError, RetryableFailureError } from './errors.js';
import { observe } from './observe.js';

export interface ResponderDeps {
  playbooks: readonly Playbook[];
  settings: Settings;
  /** Absent: everything is planned, nothing acts (`npm run invoke` without --execute). */
  executor?: ActionExecutor;
  gate?: RunGate;
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

/** Untrusted at the edge: an EventBridge envelope is required. */
export function parseEvent(raw: unknown): EventBridgeEvent {
  const checked = eventBridgeEventSchema.safeParse(raw);
  if (checked.success) return checked.data;
  const fields = [...new Set(checked.error.issues.map((i) => i.path.join('.') || 'event'))];
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
export async function respond(raw: unknown, deps: ResponderDeps): Promise<ResponseSummary> {
  const event = parseEvent(raw);
  const result = await runEvent(event, `event ${event.id}`, deps.playbooks, {
    settings: deps.settings,
    executor: deps.executor,
    gate: deps.gate,
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
