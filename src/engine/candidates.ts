import type { EventBridgeEvent } from '../event/envelope.js';
import { isCloudTrailEvent } from '../event/envelope.js';
import { isHeldBackAsReadOnly } from '../intake/index.js';
import { compileMachine, type PatternMachine } from '../match/index.js';
import type { Playbook } from '../playbook/index.js';

/** What matching says of one playbook for one event. */
export interface Verdict {
  matched: boolean;
  /** Index of the first `unless` that matches, or -1. */
  veto: number;
}

interface PlaybookMachine {
  machine: PatternMachine;
  /** Index of each playbook's `match` among the machine's patterns; its `unless` follow. */
  offsets: number[];
}

// One machine per loaded playbook list, built on first use: the CLI, the bench and the
// Lambda pass the same array for every event.
const machines = new WeakMap<readonly Playbook[], PlaybookMachine>();

function machineOf(playbooks: readonly Playbook[]): PlaybookMachine {
  let built = machines.get(playbooks);
  if (built === undefined) {
    const offsets: number[] = [];
    const patterns = playbooks.flatMap((p) => [p.match, ...p.unless]);
    let at = 0;
    playbooks.forEach((p, i) => {
      offsets[i] = at;
      at += 1 + p.unless.length;
    });
    built = { machine: compileMachine(patterns), offsets };
    machines.set(playbooks, built);
  }
  return built;
}

/**
 * Every playbook's `match` and `unless` against one event, in one pass of the combined
 * machine; the verdicts are those of each pattern's own `matches()`.
 *
 * @example verdictsOf(playbooks, event)[0] // { matched: true, veto: -1 }
 */
export function verdictsOf(playbooks: readonly Playbook[], event: unknown): Verdict[] {
  // The Lambda runs the one playbook whose rule fired, in a list made for the invocation:
  // nothing to share, and no machine worth building for each call.
  if (playbooks.length === 1) return playbooks.map((p) => verdictOf(p, event));
  const { machine, offsets } = machineOf(playbooks);
  const hits = new Set(machine.matching(event));
  return playbooks.map((p, i) => {
    const first = offsets[i] ?? 0;
    const veto = p.unless.findIndex((_, u) => hits.has(first + 1 + u));
    return { matched: hits.has(first), veto };
  });
}

// The `match` patterns alone, for the question a bulk reader asks of every record: `unless`
// patterns often name no `source`, and one such would make the machine read further into
// every event of every service.
const matchOnly = new WeakMap<readonly Playbook[], PatternMachine>();

/**
 * Whether any playbook's `match` matches: what a bulk reader asks of every record before it
 * does anything more with it.
 */
export function anyMatch(playbooks: readonly Playbook[], event: unknown): boolean {
  let machine = matchOnly.get(playbooks);
  if (machine === undefined) {
    machine = compileMachine(playbooks.map((p) => p.match));
    matchOnly.set(playbooks, machine);
  }
  return machine.matching(event).length > 0;
}

/** The verdict of one playbook alone, through its own compiled patterns. */
export function verdictOf(playbook: Playbook, event: unknown): Verdict {
  if (!playbook.match.matches(event)) return { matched: false, veto: -1 };
  return { matched: true, veto: playbook.unless.findIndex((p) => p.matches(event)) };
}

/**
 * Whether EventBridge delivers the event to the playbook's rule. A rule in the ENABLED state
 * receives every event but read-only management events delivered through CloudTrail; a
 * playbook with `read-only-events: true` has its rule in ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS
 * and receives those too (EventBridge User Guide, "Receiving read-only management events from
 * AWS services": https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail-management.html).
 *
 * @example deliveredTo({ readOnlyEvents: false }, listBucketsEvent) // false
 */
export function deliveredTo(
  playbook: Pick<Playbook, 'readOnlyEvents'>,
  event: EventBridgeEvent,
): boolean {
  return playbook.readOnlyEvents || !isReadOnlyManagementEvent(event);
}

/** A read-only management event delivered through CloudTrail. */
export const isReadOnlyManagementEvent = (event: EventBridgeEvent): boolean =>
  isCloudTrailEvent(event) &&
  typeof event.detail === 'object' &&
  event.detail !== null &&
  isHeldBackAsReadOnly(event.detail);
