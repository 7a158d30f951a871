import pMap from 'p-map';
import { type Aws, operationOf } from '../../aws/session.js';
import type { ActionExecution, ExecuteContext } from '../types.js';
import { contain } from './containment.js';
import { detachInstanceProfile, revokeRoleSessions } from './credentials.js';
import { describeEniTags, describeInstance } from './describe.js';
import { keepEvidence, preserve, tagInstance } from './evidence.js';
import type { InstanceFacts } from './facts.js';
import type { QuarantineParams } from './params.js';
import { vpcsToLookAhead } from './plan.js';
import { type QuarantineStart, quarantineStart } from './resume.js';
import { StepLog } from './steps.js';
import { originalGroupsFor } from './tags.js';
import { ALREADY_QUARANTINED, exemptRefusal, findingIdOf, targetsOf } from './targets.js';
import { VpcGroups } from './vpc-groups.js';

type Context = ExecuteContext<QuarantineParams>;

const fulfilled = <T>(result: PromiseSettledResult<T> | undefined): T | undefined =>
  result?.status === 'fulfilled' ? result.value : undefined;

/** Drops absent facts, so details say only what is known. */
const defined = (record: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));

const READS = /^(Describe|Get|List)/;

/**
 * The same AWS, counting the calls that changed something: a run that found
 * every step's effect in place changed nothing, and says so.
 */
function counting(aws: Aws): { aws: Aws; changes: () => number } {
  let changes = 0;
  return {
    changes: () => changes,
    aws: {
      target: aws.target,
      async send(service, command, options) {
        const output = await aws.send(service, command, options);
        if (!READS.test(operationOf(command))) changes += 1;
        return output as never;
      },
      skip: (service, operation, input, reason) => aws.skip(service, operation, input, reason),
      tolerate: (error, why) => aws.tolerate(error, why),
    },
  };
}

/**
 * Every step after the describes, at once, containment started first:
 * isolating the network is the point, and the evidence and credential steps
 * (each checking its own effect on a resumed quarantine) must not wait for it.
 */
async function quarantine(
  facts: InstanceFacts,
  context: Context & { vpcGroups: VpcGroups },
  start: QuarantineStart,
  log: StepLog,
) {
  const { aws, params, now, settings } = context;
  const labels = {
    playbook: context.playbook.name,
    finding: findingIdOf(context),
    quarantined: start.tag,
  };
  const contained = contain(aws, facts, context.vpcGroups, log);
  const tagged = tagInstance(aws, facts, labels, start, log);
  const settled = await Promise.allSettled([
    contained,
    tagged,
    preserve(aws, facts, start, log),
    keepEvidence(aws, facts, params, labels, start, log),
    revokeRoleSessions(aws, facts, { params, settings, now, start }, log),
    detachInstanceProfile(aws, facts, params, tagged, log),
  ]);
  for (const result of settled) {
    if (result.status === 'rejected') log.fail('internal', String(result.reason));
  }
  const [containment, , , evidence, revoke] = settled;
  return {
    containment: fulfilled(containment),
    evidence: fulfilled(evidence),
    revoke: fulfilled(revoke),
  };
}

function outcomeOf(
  facts: InstanceFacts,
  log: StepLog,
  done: Awaited<ReturnType<typeof quarantine>>,
  run: { start: QuarantineStart; changes: number },
): ActionExecution {
  const notIsolated = done.containment?.notIsolated ?? facts.enis.map((eni) => eni.id);
  const details = defined({
    originalGroups: originalGroupsFor(facts),
    groups: done.containment?.groups,
    snapshotIds: done.evidence?.snapshotIds,
    instanceProfileArn: facts.profileArn,
    roleName: done.revoke?.roleName,
    roleSessions: done.revoke?.sessions,
    asg: done.evidence?.asg,
    stopped: done.evidence?.stopped,
    resumed: run.start.resumed ? run.start.tag : undefined,
  });
  const target = facts.instanceId;
  if (log.failures.length === 0) {
    // "Already quarantined" only when every step found its own effect in place.
    return run.changes === 0
      ? { status: 'skipped', target, reason: ALREADY_QUARANTINED, details }
      : { status: 'succeeded', target, details };
  }
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

async function quarantineOne(
  fromEvent: InstanceFacts,
  context: Context,
  vpcGroups: VpcGroups,
): Promise<ActionExecution> {
  const target = fromEvent.instanceId;
  const refused = exemptRefusal(fromEvent, context.settings);
  if (refused) return { status: 'skipped', target, reason: refused };
  const log = new StepLog();
  // The instance and its ENIs' tags at once: the exempt checks cost no extra round trip.
  const described = Promise.all([
    log.attempt('describe', () => describeInstance(context.aws, target)),
    log.attempt('describe', () => describeEniTags(context.aws, target)),
  ]);
  // The groups of the VPCs the event names, at the same time: only a VPC
  // DescribeInstances confirms is ever used (see VpcGroups).
  for (const vpcId of vpcsToLookAhead(fromEvent)) vpcGroups.lookAhead(vpcId);
  const [facts, eniTags] = await described;
  if (log.failures.length > 0) {
    // EC2 answers an id it does not know with an error, not an empty list.
    const missing = log.failures.some(
      (f) => f.detail === 'DescribeInstances InvalidInstanceID.NotFound',
    );
    return {
      status: 'failed',
      target,
      reason: missing
        ? `instance ${target} was not found`
        : 'the instance or its network interfaces could not be described: nothing was done',
      error: log.render(),
    };
  }
  if (!facts) return { status: 'failed', target, reason: `instance ${target} was not found` };
  const refusedNow = exemptRefusal(facts, context.settings, eniTags);
  if (refusedNow) return { status: 'skipped', target, reason: refusedNow };
  if (facts.state === 'terminated') {
    return {
      status: 'failed',
      target,
      reason: 'the instance is terminated: nothing is left to isolate or preserve',
    };
  }
  const start = quarantineStart(facts, findingIdOf(context), context.now);
  const counted = counting(context.aws);
  const done = await quarantine(facts, { ...context, aws: counted.aws, vpcGroups }, start, log);
  return outcomeOf(facts, log, done, { start, changes: counted.changes() });
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

/** Instances of one event quarantined at the same time, at most. */
export const CONCURRENT_INSTANCES = 8;

/**
 * Quarantines the instances at once (at most `CONCURRENT_INSTANCES`): they
 * are independent, and those in one VPC share its groups (looked up and
 * created once). Returns once every call it started has answered.
 * @example const outcome = await execute(context) // { status: 'succeeded', details: { originalGroups, ... } }
 */
export async function execute(context: Context): Promise<ActionExecution> {
  const vpcGroups = new VpcGroups(context.aws);
  // A RunInstances event can name hundreds: the bound keeps them within the API's rate limits.
  const outcomes = await pMap(
    targetsOf(context),
    (facts) => quarantineOne(facts, context, vpcGroups),
    {
      concurrency: CONCURRENT_INSTANCES,
    },
  );
  await vpcGroups.settled();
  return combine(outcomes);
}
