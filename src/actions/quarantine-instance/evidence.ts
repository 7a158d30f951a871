import type { DescribeAutoScalingInstancesCommandOutput } from '@aws-sdk/client-auto-scaling';
import type { CreateSnapshotsCommandOutput } from '@aws-sdk/client-ec2';
import type { Aws } from '../../aws/session.js';
import { ASG_TAG, type InstanceFacts } from './facts.js';
import type { QuarantineParams } from './params.js';
import {
  describeAsgCall,
  enterStandbyCall,
  preservationCalls,
  type RunLabels,
  snapshotCall,
  stopCall,
  tagCall,
} from './plan.js';
import { sendCall, skipCall } from './send.js';
import type { StepLog } from './steps.js';

/**
 * Tags the instance: original groups (unless already recorded) and the run.
 * @example await tagInstance(aws, facts, labels, log)
 */
export async function tagInstance(
  aws: Aws,
  facts: InstanceFacts,
  labels: RunLabels,
  log: StepLog,
): Promise<void> {
  await log.attempt('tags', () => sendCall(aws, tagCall(facts, labels)));
}

const PRESERVATION_STEPS = [
  'termination protection',
  'shutdown behaviour',
  'delete on termination',
];

/**
 * Termination protection, stop on OS shutdown, volumes kept on termination:
 * three calls, as ModifyInstanceAttribute changes one attribute per call.
 * @example await preserve(aws, facts, log)
 */
export async function preserve(aws: Aws, facts: InstanceFacts, log: StepLog): Promise<void> {
  const calls = preservationCalls(facts);
  const running = calls.map((call, i) =>
    log.attempt(PRESERVATION_STEPS[i] ?? 'preservation', () => sendCall(aws, call)),
  );
  if (facts.volumes?.length === 0) {
    skipCall(
      aws,
      {
        service: 'EC2',
        operation: 'ModifyInstanceAttribute',
        input: { InstanceId: facts.instanceId },
      },
      'no EBS volume to keep on termination',
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

async function snapshot(
  aws: Aws,
  facts: InstanceFacts,
  params: QuarantineParams,
  labels: RunLabels,
  log: StepLog,
): Promise<string[] | undefined> {
  if (!params.snapshot) return undefined;
  const call = snapshotCall(facts.instanceId, labels);
  if (facts.volumes?.length === 0) {
    skipCall(aws, call, 'no EBS volume to snapshot');
    return [];
  }
  const output = await log.attempt('snapshot', () =>
    sendCall<CreateSnapshotsCommandOutput>(aws, call),
  );
  return output?.Snapshots?.flatMap((s) => (s.SnapshotId ? [s.SnapshotId] : []));
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
 * @example const { snapshotIds } = await keepEvidence(aws, facts, params, labels, log)
 */
export async function keepEvidence(
  aws: Aws,
  facts: InstanceFacts,
  params: QuarantineParams,
  labels: RunLabels,
  log: StepLog,
): Promise<EvidenceOutcome> {
  const [asg, snapshotIds] = await Promise.all([
    standby(aws, facts, params, log),
    snapshot(aws, facts, params, labels, log),
  ]);
  const stopped = await stop(aws, facts, params, log);
  return { asg, snapshotIds, stopped };
}
