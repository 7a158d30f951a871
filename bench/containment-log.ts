// What benchmark 7 reads from moto's request log (`serve.py --log`): rounds, gaps and times of
// one quarantine run, derived from the calls' time spans alone, whatever order parry makes them in.
import { type LoggedCall, roundsOf } from '../test/moto/support/moto.js';

/**
 * The swap that moves an ENI to a group. The log names operations, not their parameters, so
 * the isolation swap is told apart from the untrack swap by order alone: each ENI is moved to
 * the untrack group first and to the isolation group last (containment.ts, `swapEni`). The
 * benchmark checks in moto that every ENI ends in the isolation group only, so the last swap
 * of each ENI set it, and the last swap of the run is the last isolation.
 */
export const SWAP = 'ModifyNetworkInterfaceAttribute';

export interface RunFigures {
  calls: number;
  swaps: number;
  /** The round of the last swap: when the last ENI was isolated. */
  isolationRound: number;
  /** The round of the first EC2 call: 1 + the rounds before it (the Lambda's ledger gate). */
  firstEc2Round: number;
  /** From the last answer to a DynamoDB call before the first EC2 call to that call's start, in seconds. */
  gateGap: number | undefined;
  /** From the first request's start to the last isolation's answer, in delays. */
  toIsolationDelays: number;
  /** From the start of parry's process to the last isolation's answer, in delays: node's start and parry's loading included. */
  fromSpawnDelays: number;
  /** The median time from one round's last answer to a call of the next round, in delays: the baseline of the gap. */
  turnaroundDelays: number;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? upper) + upper) / 2;
};

/** Each call's wait since the latest answer before it (calls of round 1 have none). */
function turnarounds(calls: readonly LoggedCall[]): number[] {
  return calls.flatMap((call) => {
    const answered = calls.filter((c) => c.t1 <= call.t0).map((c) => c.t1);
    return answered.length > 0 ? [call.t0 - Math.max(...answered)] : [];
  });
}

/**
 * The figures of one run, from its calls (the log cleared just before it), moto's delay in
 * seconds and when parry's process was spawned (epoch seconds, as the log's times are).
 * @example figuresOf(moto.calls(), 0.25, spawnedAt).isolationRound // 7
 */
export function figuresOf(
  calls: readonly LoggedCall[],
  delay: number,
  spawnedAt: number,
): RunFigures {
  const rounds = roundsOf(calls);
  const swaps = rounds.filter((c) => c.op === SWAP && c.status.startsWith('200'));
  if (swaps.length === 0) throw new Error('bench: the run made no successful ENI swap');
  const last = swaps.reduce((a, b) => (b.t1 > a.t1 ? b : a));
  const ec2 = rounds.filter((c) => c.svc === 'ec2');
  const firstEc2 = ec2.reduce((a, b) => (b.t0 < a.t0 ? b : a), last);
  const gate = rounds.filter((c) => c.svc === 'dynamodb' && c.t1 <= firstEc2.t0);
  const gateEnd = gate.length > 0 ? Math.max(...gate.map((c) => c.t1)) : undefined;
  const start = Math.min(...rounds.map((c) => c.t0));
  return {
    calls: calls.length,
    swaps: swaps.length,
    isolationRound: Math.max(...swaps.map((c) => c.round)),
    firstEc2Round: firstEc2.round,
    gateGap: gateEnd === undefined ? undefined : firstEc2.t0 - gateEnd,
    toIsolationDelays: (last.t1 - start) / delay,
    fromSpawnDelays: (last.t1 - spawnedAt) / delay,
    turnaroundDelays: median(turnarounds(calls)) / delay,
  };
}
