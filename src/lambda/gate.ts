import { targetOf } from '../aws/target.js';
import type { GateDecision, PlaybookResult, RunGate } from '../engine/index.js';
import type { EventBridgeEvent } from '../event/envelope.js';
import type { Playbook } from '../playbook/index.js';
import type { CircuitBreaker } from './breaker.js';
import type { RunLedger } from './ledger.js';
import { runKey } from './run-key.js';

export interface GateEvents {
  deduplicated(playbook: Playbook, event: EventBridgeEvent, reason: string): void;
  breakerTripped(account: string, hour: string, firstTrip: boolean): Promise<void>;
}

/**
 * The Lambda's gate: a run is claimed in the ledger (exactly once per
 * playbook and finding), then counted by the breaker (blast radius).
 */
export function createGate(
  ledger: RunLedger,
  breaker: CircuitBreaker,
  events: GateEvents,
): RunGate {
  return {
    async enter(playbook, event): Promise<GateDecision> {
      const key = runKey(playbook, event);
      const claim = await ledger.claim(key);
      if (claim.kind === 'duplicate') {
        events.deduplicated(playbook, event, claim.reason);
        return { kind: 'skip', reason: claim.reason };
      }
      if (claim.kind === 'resume') return { kind: 'run', completed: claim.completed };
      const account = targetOf(event).account;
      const verdict = await breaker.acquire(account);
      if (verdict.open) {
        await ledger.finish(key, 'dry-run');
        await events.breakerTripped(account, verdict.hour, verdict.firstTrip);
        return {
          kind: 'dry-run',
          reason: `circuit breaker tripped: PARRY_MAX_ACTIONS_PER_HOUR reached for account ${account}`,
        };
      }
      return { kind: 'run' };
    },
    async actionDone(playbook, event, index) {
      await ledger.actionDone(runKey(playbook, event), index);
    },
    // Only a transient failure leaves the run open for the Lambda's retry to resume;
    // a permanent one (AccessDenied) is reported and a redelivery must not repeat the rest.
    async leave(playbook, event, result: PlaybookResult) {
      const retry = result.actions.some((a) => a.status === 'failed' && a.transient);
      await ledger.finish(runKey(playbook, event), retry ? 'failed' : 'done');
    },
  };
}
