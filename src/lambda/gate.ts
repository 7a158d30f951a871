import { randomUUID } from 'node:crypto';
import type { ActionResult } from '../actions/types.js';
import { targetOf } from '../aws/target.js';
import type { GateDecision, PlaybookResult, RunGate, RunTicket } from '../engine/index.js';
import type { EventBridgeEvent } from '../event/envelope.js';
import type { Playbook } from '../playbook/index.js';
import type { CircuitBreaker, Permit } from './breaker.js';
import { changesState } from './budget.js';
import type { LedgerItem, Owner, RunKey, RunLedger } from './ledger.js';
import { runKey } from './run-key.js';

/** What the gate tells the rest of the Lambda (logs, metrics, the team). */
export interface GateEvents {
  deduplicated(playbook: Playbook, event: EventBridgeEvent, reason: string): void;
  /** A deferred run, planned: the alert that names it, reported like an action. */
  deferred(account: string, result: PlaybookResult, event: EventBridgeEvent): Promise<ActionResult>;
  /** A write that could not be made and that the run survives (a refund, a release). */
  writeFailed(what: string, error: unknown): void;
}

export interface Invocation {
  /** Lambda's request id: a retry of a failed invocation keeps it. */
  requestId?: string;
}

export interface GateParts {
  ledger: RunLedger;
  breaker: CircuitBreaker;
  events: GateEvents;
}

/** The breaker's answer beside the claim: not asked (the run changes nothing), or a permit (undefined: refused). */
type Count = { asked: false } | { asked: true; account: string; permit: Permit | undefined };

function ticketFor(parts: GateParts, key: RunKey, owner: Owner, completed: Set<number>): RunTicket {
  const { ledger, events } = parts;
  return {
    completed,
    actionDone: (index) => ledger.actionDone(key, owner, index),
    // Only a transient failure leaves the run open for the Lambda's retry to resume;
    // a permanent one (AccessDenied) is reported and a redelivery must not repeat the rest.
    async leave(result) {
      const retry = result.actions.some((a) => a.status === 'failed' && a.transient);
      await ledger.finish(key, owner, retry ? 'failed' : 'done');
    },
    async abandon() {
      try {
        await ledger.finish(key, owner, 'failed');
      } catch (error) {
        // Lambda's retry keeps the request id, and takes the run over by it.
        events.writeFailed(`release of ${key.playbook} / ${key.subject}`, error);
      }
    },
  };
}

/**
 * The Lambda's gate for one invocation: a run is claimed in the ledger
 * (exactly once per playbook and finding) and, when the playbook changes
 * state, counted by the breaker (blast radius), both in one round trip.
 */
export function createGate(parts: GateParts, invocation: Invocation = {}): RunGate {
  const { ledger, breaker, events } = parts;

  const refund = async (count: Count) => {
    if (!count.asked || !count.permit) return;
    try {
      await breaker.refund(count.permit);
    } catch (error) {
      events.writeFailed(`breaker refund for ${count.permit.account}`, error);
    }
  };

  const defer = (account: string, event: EventBridgeEvent): GateDecision => ({
    kind: 'defer',
    reason: `deferred: circuit breaker open (PARRY_MAX_ACTIONS_PER_HOUR=${breaker.limit} state-changing runs reached for account ${account} this hour); a later delivery acts`,
    report: (result) => events.deferred(account, result, event),
  });

  /** Claim and count at once; whichever failed, the other is undone before the error goes up. */
  async function claimAndCount(
    key: RunKey,
    owner: Owner,
    account: string | undefined,
  ): Promise<{ earlier: LedgerItem | undefined; count: Count }> {
    const [claimed, counted] = await Promise.allSettled([
      ledger.claim(key, owner),
      account === undefined ? Promise.resolve(undefined) : breaker.acquire(account),
    ]);
    const count: Count =
      account === undefined
        ? { asked: false }
        : {
            asked: true,
            account,
            permit: counted.status === 'fulfilled' ? counted.value : undefined,
          };
    if (claimed.status === 'rejected') {
      await refund(count);
      throw claimed.reason;
    }
    if (counted.status === 'rejected') {
      if (claimed.value === undefined) {
        await ledger.forget(key, owner).catch((error: unknown) => {
          events.writeFailed(`claim of ${key.playbook} / ${key.subject}`, error);
        });
      }
      throw counted.reason;
    }
    return { earlier: claimed.value, count };
  }

  const run = (key: RunKey, owner: Owner, completed: Set<number>): GateDecision => ({
    kind: 'run',
    ticket: ticketFor(parts, key, owner, completed),
  });

  /** The claim met an earlier run of the same playbook and finding. */
  async function fromEarlier(
    playbook: Playbook,
    event: EventBridgeEvent,
    claim: { key: RunKey; owner: Owner; earlier: LedgerItem; count: Count },
  ): Promise<GateDecision> {
    const { key, owner, earlier, count } = claim;
    const verdict = ledger.verdict(key, earlier, invocation.requestId);
    if (verdict.kind === 'rerun') {
      // A refused rerun leaves the earlier run as it was: a later, still higher, delivery reruns it.
      if (count.asked && !count.permit) return defer(count.account, event);
      if (await ledger.take(key, owner, earlier, true)) return run(key, owner, new Set());
      await refund(count);
      return skip(events, playbook, event, 'duplicate: another attempt took it');
    }
    // A resumed run was counted when it started; a duplicate is no run at all.
    if (verdict.kind === 'duplicate') {
      await refund(count);
      return skip(events, playbook, event, verdict.reason);
    }
    const [taken] = await Promise.all([ledger.take(key, owner, earlier, false), refund(count)]);
    if (taken) return run(key, owner, verdict.completed);
    return skip(events, playbook, event, 'duplicate: another attempt took it');
  }

  return {
    async enter(playbook, event): Promise<GateDecision> {
      const key = runKey(playbook, event);
      const owner: Owner = { attempt: randomUUID(), invocation: invocation.requestId };
      const account = changesState(playbook) ? targetOf(event).account : undefined;
      const { earlier, count } = await claimAndCount(key, owner, account);
      if (earlier !== undefined)
        return fromEarlier(playbook, event, { key, owner, earlier, count });
      if (!count.asked || count.permit) return run(key, owner, new Set());
      // Not recorded: the next delivery of this finding claims it afresh.
      await ledger.forget(key, owner);
      return defer(count.account, event);
    },
  };
}

function skip(
  events: GateEvents,
  playbook: Playbook,
  event: EventBridgeEvent,
  reason: string,
): GateDecision {
  events.deduplicated(playbook, event, reason);
  return { kind: 'skip', reason };
}
