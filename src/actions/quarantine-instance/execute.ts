import type { ActionExecution, ExecuteContext } from '../types.js';
import { contain } from './containment.js';
import { detachInstanceProfile, revokeRoleSessions } from './credentials.js';
import { describeInstance } from './describe.js';
import { keepEvidence, preserve, tagInstance } from './evidence.js';
import type { InstanceFacts } from './facts.js';
import type { QuarantineParams } from './params.js';
import { StepLog } from './steps.js';
import { originalGroupsFor } from './tags.js';
import { findingIdOf, refusalOf, targetsOf } from './targets.js';

type Context = ExecuteContext<QuarantineParams>;

const fulfilled = <T>(result: PromiseSettledResult<T> | undefined): T | undefined =>
  result?.status === 'fulfilled' ? result.value : undefined;

/** Drops absent facts, so details say only what is known. */
const defined = (record: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));

/**
 * Every step after DescribeInstances, at once, containment started first:
 * isolating the network is the point, and the evidence steps must not wait for it.
 */
async function quarantine(facts: InstanceFacts, context: Context, log: StepLog) {
  const { aws, params, now } = context;
  const labels = { playbook: context.playbook.name, finding: findingIdOf(context), now };
  const settled = await Promise.allSettled([
    contain(aws, facts, log),
    tagInstance(aws, facts, labels, log),
    preserve(aws, facts, log),
    keepEvidence(aws, facts, params, labels, log),
    revokeRoleSessions(aws, facts, params, now, log),
    detachInstanceProfile(aws, facts, params, log),
  ]);
  for (const result of settled) {
    if (result.status === 'rejected') log.fail('internal', String(result.reason));
  }
  const [containment, , , evidence, roleName] = settled;
  return {
    containment: fulfilled(containment),
    evidence: fulfilled(evidence),
    roleName: fulfilled(roleName),
  };
}

function outcomeOf(
  facts: InstanceFacts,
  log: StepLog,
  done: Awaited<ReturnType<typeof quarantine>>,
): ActionExecution {
  const notIsolated = done.containment?.notIsolated ?? facts.enis.map((eni) => eni.id);
  const details = defined({
    originalGroups: originalGroupsFor(facts),
    groups: done.containment?.groups,
    snapshotIds: done.evidence?.snapshotIds,
    instanceProfileArn: facts.profileArn,
    roleName: done.roleName,
    asg: done.evidence?.asg,
    stopped: done.evidence?.stopped,
  });
  const target = facts.instanceId;
  if (log.failures.length === 0) return { status: 'succeeded', target, details };
  const containment = log.failures.filter((f) => f.step.startsWith('containment'));
  const others = log.failures.filter((f) => !f.step.startsWith('containment'));
  const reason =
    notIsolated.length > 0
      ? `containment failed: ${notIsolated.join(', ')} NOT isolated`
      : containment.length > 0
        ? 'containment incomplete: every ENI is in the isolation group, but a group rule step failed'
        : `isolated, but ${others.length} step(s) failed`;
  // Containment first: it is what the reader must see.
  const error = [...containment, ...others].map((f) => `${f.step}: ${f.detail}`).join('; ');
  return { status: 'failed', target, reason, error, details };
}

async function quarantineOne(fromEvent: InstanceFacts, context: Context): Promise<ActionExecution> {
  const target = fromEvent.instanceId;
  const refused = refusalOf(fromEvent, context.settings);
  if (refused) return { status: 'skipped', target, reason: refused };
  const log = new StepLog();
  const facts = await log.attempt('describe', () => describeInstance(context.aws, target));
  if (log.failures.length > 0) {
    return {
      status: 'failed',
      target,
      reason: 'the instance could not be described: nothing was done',
      error: log.render(),
    };
  }
  if (!facts) return { status: 'failed', target, reason: `instance ${target} was not found` };
  const refusedNow = refusalOf(facts, context.settings);
  if (refusedNow) return { status: 'skipped', target, reason: refusedNow };
  if (facts.state === 'terminated') {
    return {
      status: 'failed',
      target,
      reason: 'the instance is terminated: nothing is left to isolate or preserve',
    };
  }
  return outcomeOf(facts, log, await quarantine(facts, context, log));
}

function combine(outcomes: ActionExecution[]): ActionExecution {
  const [only] = outcomes;
  if (outcomes.length === 1 && only) return only;
  const status = outcomes.some((o) => o.status === 'failed')
    ? 'failed'
    : outcomes.every((o) => o.status === 'skipped')
      ? 'skipped'
      : 'succeeded';
  const joined = (pick: (o: ActionExecution) => string | undefined): string | undefined =>
    outcomes.flatMap((o) => (pick(o) ? [`${o.target}: ${pick(o)}`] : [])).join('; ') || undefined;
  return {
    status,
    target: outcomes.map((o) => o.target).join(', '),
    reason: joined((o) => o.reason),
    error: joined((o) => o.error),
    details: {
      instances: outcomes.map((o) => defined({ ...o, ...o.details, details: undefined })),
    },
  };
}

/**
 * Quarantines each instance, one after another (a second instance in the
 * same VPC then finds the groups the first one created).
 * @example const outcome = await execute(context) // { status: 'succeeded', details: { originalGroups, ... } }
 */
export async function execute(context: Context): Promise<ActionExecution> {
  const outcomes: ActionExecution[] = [];
  for (const facts of targetsOf(context)) outcomes.push(await quarantineOne(facts, context));
  return combine(outcomes);
}
