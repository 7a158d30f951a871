import type { Aws } from '../../aws/session.js';
import type { InstanceFacts } from './facts.js';
import { isolationGroupName, untrackGroupName } from './groups.js';
import { enisToContain, swapCall, swapsNeeded } from './plan.js';
import { sendCall, skipCall } from './send.js';
import type { StepLog } from './steps.js';
import type { VpcGroups } from './vpc-groups.js';

type Eni = InstanceFacts['enis'][number];

/** The parry groups of each VPC, by id, as far as they could be had. */
export interface VpcGroupIds {
  untrack?: string;
  isolation?: string;
}

export interface Containment {
  groups: Record<string, VpcGroupIds>;
  /** ENIs that do not carry only the isolation group at the end: the loud part of a failure. */
  notIsolated: string[];
}

/** Untrack, then isolate, one ENI; a failed first swap does not stop the second. */
async function swapEni(
  aws: Aws,
  eni: Eni,
  groups: { untrack: string | undefined; isolation: string },
  log: StepLog,
): Promise<boolean> {
  const step = `containment ${eni.id}`;
  if (!swapsNeeded(eni).untrack) {
    skipCall(
      aws,
      swapCall(eni.id, groups.untrack ?? `<${untrackGroupName(eni.vpcId)}>`),
      'already in the untrack group',
    );
  } else if (groups.untrack) {
    const untrack = groups.untrack;
    await log.attempt(step, () => sendCall(aws, swapCall(eni.id, untrack)));
  } else {
    skipCall(
      aws,
      swapCall(eni.id, `<${untrackGroupName(eni.vpcId)}>`),
      'no untrack group: isolating directly, tracked connections survive until they time out',
    );
  }
  const isolated = await log.attempt(step, async () => {
    await sendCall(aws, swapCall(eni.id, groups.isolation));
    return true;
  });
  return isolated === true;
}

/**
 * The groups of one VPC (the VPC DescribeInstances shows the ENIs in, never
 * the event's), then the swaps of its ENIs, all ENIs at once.
 */
async function containVpc(
  aws: Aws,
  vpcId: string,
  enis: Eni[],
  vpcGroups: VpcGroups,
  log: StepLog,
) {
  const { untrack, isolation, failures } = await vpcGroups.ready(vpcId);
  log.adopt(failures);
  if (!isolation) {
    // Never move an ENI into the untrack group without the isolation group to follow: it opens it.
    for (const eni of enis) {
      skipCall(aws, swapCall(eni.id, `<${isolationGroupName(vpcId)}>`), 'no isolation group');
    }
    return { groups: untrack ? { untrack } : {}, isolated: [] };
  }
  const swapped = await Promise.all(
    enis.map((eni) => swapEni(aws, eni, { untrack, isolation }, log)),
  );
  return { groups: { untrack, isolation }, isolated: enis.filter((_, i) => swapped[i]) };
}

/**
 * Network containment: every ENI of the instance (not only the primary) is
 * moved to the untrack group, then to the isolation group of its VPC.
 * @example const { notIsolated } = await contain(aws, facts, vpcGroups, log)
 */
export async function contain(
  aws: Aws,
  facts: InstanceFacts,
  vpcGroups: VpcGroups,
  log: StepLog,
): Promise<Containment> {
  if (facts.enis.length === 0) {
    log.fail('containment', 'the instance has no network interface to isolate');
    return { groups: {}, notIsolated: [] };
  }
  const byVpc = [...enisToContain(facts)];
  const results = await Promise.all(
    byVpc.map(([vpc, enis]) => containVpc(aws, vpc, enis, vpcGroups, log)),
  );
  const isolated = new Set([
    ...facts.enis.filter((eni) => !swapsNeeded(eni).isolation).map((eni) => eni.id),
    ...results.flatMap((r) => r.isolated.map((eni) => eni.id)),
  ]);
  return {
    groups: Object.fromEntries(byVpc.map(([vpc], i) => [vpc, results[i]?.groups ?? {}])),
    notIsolated: facts.enis.filter((eni) => !isolated.has(eni.id)).map((eni) => eni.id),
  };
}
