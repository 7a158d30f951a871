import type { DescribeAutoScalingInstancesCommandOutput } from '@aws-sdk/client-auto-scaling';
import type {
  CreateSnapshotsCommandOutput,
  DescribeInstanceAttributeCommandOutput,
  DescribeSnapshotsCommandOutput,
} from '@aws-sdk/client-ec2';
import type { Aws } from '../../aws/session.js';
import { ASG_TAG, type InstanceFacts } from './facts.js';
import type { QuarantineParams } from './params.js';
import {
  describeAsgCall,
  describeAttributeCall,
  enterStandbyCall,
  findSnapshotsCall,
  instanceTags,
  PRESERVATION_ATTRIBUTE,
  type Preservation,
  preservationCalls,
  type RunLabels,
  snapshotCall,
  stopCall,
  tagCall,
} from './plan.js';
import type { QuarantineStart } from './resume.js';
import { sendCall, skipCall } from './send.js';
import type { StepLog } from './steps.js';

/**
 * Tags the instance with what is not recorded yet (see `instanceTags`).
 * Resolves to whether the record is complete: detaching the profile waits
 * for it, so a retry still knows the profile whose role it must revoke.
 * @example await tagInstance(aws, facts, labels, start, log) // true
 */
export async function tagInstance(
  aws: Aws,
  facts: InstanceFacts,
  labels: RunLabels,
  start: QuarantineStart,
  log: StepLog,
): Promise<boolean> {
  const tags = instanceTags(facts, labels, start);
  if (tags.length === 0) {
    skipCall(aws, tagCall(facts, tags), 'already tagged by an earlier run of this quarantine');
    return true;
  }
  const done = await log.attempt('tags', async () => {
    await sendCall(aws, tagCall(facts, tags));
    return true;
  });
  return done === true;
}

/** Whether a resumed run finds the attribute set already. */
async function alreadySet(
  aws: Aws,
  facts: InstanceFacts,
  step: Exclude<Preservation, 'delete on termination'>,
  log: StepLog,
): Promise<boolean | undefined> {
  const attribute = PRESERVATION_ATTRIBUTE[step];
  const output = await log.attempt(step, () =>
    sendCall<DescribeInstanceAttributeCommandOutput>(
      aws,
      describeAttributeCall(facts.instanceId, attribute),
    ),
  );
  if (!output) return undefined;
  return step === 'termination protection'
    ? output.DisableApiTermination?.Value === true
    : output.InstanceInitiatedShutdownBehavior?.Value === 'stop';
}

async function preserveOne(
  aws: Aws,
  facts: InstanceFacts,
  [step, call]: ReturnType<typeof preservationCalls>[number],
  start: QuarantineStart,
  log: StepLog,
): Promise<void> {
  if (start.resumed && step !== 'delete on termination') {
    const set = await alreadySet(aws, facts, step, log);
    if (set === undefined) return;
    if (set) {
      skipCall(aws, call, `${step} already set`);
      return;
    }
  }
  await log.attempt(step, () => sendCall(aws, call));
}

/**
 * Termination protection, stop on OS shutdown, volumes kept on termination:
 * three calls, as ModifyInstanceAttribute changes one attribute per call.
 * Volumes DescribeInstances shows as kept already are left out; a resumed
 * run reads the two other attributes first and sets only what is not set.
 * @example await preserve(aws, facts, start, log)
 */
export async function preserve(
  aws: Aws,
  facts: InstanceFacts,
  start: QuarantineStart,
  log: StepLog,
): Promise<void> {
  const calls = preservationCalls(facts);
  const running = calls.map((entry) => preserveOne(aws, facts, entry, start, log));
  if (facts.volumes !== undefined && !calls.some(([step]) => step === 'delete on termination')) {
    skipCall(
      aws,
      {
        service: 'EC2',
        operation: 'ModifyInstanceAttribute',
        input: { InstanceId: facts.instanceId },
      },
      facts.volumes.length === 0
        ? 'no EBS volume to keep on termination'
        : 'every EBS volume is already kept on termination',
    );
  }
  await Promise.all(running);
}

/** What was done about the instance's Auto Scaling group. */
export interface AsgOutcome {
  group: string;
  /** The lifecycle state found, or `not a member` when the group no longer has it. */
  before: string;
  standby: boolean;
}

async function standby(
  aws: Aws,
  facts: InstanceFacts,
  params: QuarantineParams,
  log: StepLog,
): Promise<AsgOutcome | undefined> {
  const tagged = facts.tags[ASG_TAG];
  if (!tagged || !params['asg-standby']) return undefined;
  const id = facts.instanceId;
  const output = await log.attempt('asg-standby', () =>
    sendCall<DescribeAutoScalingInstancesCommandOutput>(aws, describeAsgCall(id)),
  );
  if (!output) return { group: tagged, before: 'unknown', standby: false };
  const member = output.AutoScalingInstances?.find((i) => i.InstanceId === id);
  if (!member) {
    skipCall(
      aws,
      enterStandbyCall(id, tagged),
      'the instance is no longer in an Auto Scaling group',
    );
    return { group: tagged, before: 'not a member', standby: false };
  }
  const group = member.AutoScalingGroupName ?? tagged;
  const before = member.LifecycleState ?? 'unknown';
  if (before === 'Standby' || before === 'EnteringStandby') {
    skipCall(aws, enterStandbyCall(id, group), `already ${before}`);
    return { group, before, standby: true };
  }
  if (before !== 'InService') {
    skipCall(aws, enterStandbyCall(id, group), `the instance is ${before}`);
    log.fail(
      'asg-standby',
      `the instance is ${before} in ${group}: only an InService instance can enter Standby`,
    );
    return { group, before, standby: false };
  }
  const entered = await log.attempt('asg-standby', async () => {
    await sendCall(aws, enterStandbyCall(id, group));
    return true;
  });
  return { group, before, standby: entered === true };
}

/** The snapshots this quarantine has of each volume now, as a resumed run finds them. */
async function snapshotsTaken(
  aws: Aws,
  volumeIds: string[],
  labels: RunLabels,
  log: StepLog,
): Promise<Map<string, string> | undefined> {
  const output = await log.attempt('snapshot', () =>
    sendCall<DescribeSnapshotsCommandOutput>(aws, findSnapshotsCall(volumeIds, labels.quarantined)),
  );
  if (!output) return undefined;
  const taken = new Map<string, string>();
  for (const s of output.Snapshots ?? []) {
    if (s.VolumeId && s.SnapshotId && s.State !== 'error') taken.set(s.VolumeId, s.SnapshotId);
  }
  return taken;
}

async function snapshot(
  aws: Aws,
  facts: InstanceFacts,
  params: QuarantineParams,
  labels: RunLabels,
  start: QuarantineStart,
  log: StepLog,
): Promise<string[] | undefined> {
  if (!params.snapshot) return undefined;
  const call = snapshotCall(facts.instanceId, labels);
  const volumeIds = (facts.volumes ?? []).map((v) => v.volumeId);
  if (volumeIds.length === 0) {
    skipCall(aws, call, 'no EBS volume to snapshot');
    return [];
  }
  // A new quarantine has none yet (they would carry its time, which is new):
  // no call, and no await, so the snapshot starts with the other steps.
  const taken = start.resumed ? await snapshotsTaken(aws, volumeIds, labels, log) : new Map();
  if (!taken) return undefined;
  if (volumeIds.every((id) => taken.has(id))) {
    skipCall(aws, call, 'every volume has a snapshot of this quarantine already');
    return [...taken.values()];
  }
  // All volumes again, so the set stays crash-consistent: an older copy of one is kept too.
  const output = await log.attempt('snapshot', () =>
    sendCall<CreateSnapshotsCommandOutput>(aws, call),
  );
  if (!output) return taken.size > 0 ? [...taken.values()] : undefined;
  return [
    ...taken.values(),
    ...(output.Snapshots ?? []).flatMap((s) => (s.SnapshotId ? [s.SnapshotId] : [])),
  ];
}

async function stop(
  aws: Aws,
  facts: InstanceFacts,
  params: QuarantineParams,
  log: StepLog,
): Promise<boolean | undefined> {
  if (!params.stop) return undefined;
  const call = stopCall(facts.instanceId);
  if (facts.state === 'stopped' || facts.state === 'stopping') {
    skipCall(aws, call, `already ${facts.state}`);
    return true;
  }
  const stopped = await log.attempt('stop', async () => {
    await sendCall(aws, call);
    return true;
  });
  return stopped === true;
}

export interface EvidenceOutcome {
  asg?: AsgOutcome;
  snapshotIds?: string[];
  stopped?: boolean;
}

/**
 * Standby and snapshot at once, then the stop: after the snapshot call (its
 * point in time is set when it returns) and after Standby (Auto Scaling
 * replaces a stopped InService instance, terminating it).
 * @example const { snapshotIds } = await keepEvidence(aws, facts, params, labels, start, log)
 */
export async function keepEvidence(
  aws: Aws,
  facts: InstanceFacts,
  params: QuarantineParams,
  labels: RunLabels,
  start: QuarantineStart,
  log: StepLog,
): Promise<EvidenceOutcome> {
  const [asg, snapshotIds] = await Promise.all([
    standby(aws, facts, params, log),
    snapshot(aws, facts, params, labels, start, log),
  ]);
  const stopped = await stop(aws, facts, params, log);
  return { asg, snapshotIds, stopped };
}
