import type {
  CreateSecurityGroupCommandOutput,
  DescribeSecurityGroupsCommandOutput,
} from '@aws-sdk/client-ec2';
import type { Aws } from '../../aws/session.js';
import type { InstanceFacts } from './facts.js';
import {
  createGroupCall,
  type DescribedGroup,
  describeCreatedGroupCall,
  FRESH_UNTRACK_MISSING,
  findGroupsCall,
  type GroupKind,
  groupName,
  isolationGroupName,
  type MissingOpenRules,
  missingOpenRules,
  openRuleCalls,
  revokeRuleCalls,
  untrackGroupName,
} from './groups.js';
import { enisToContain, swapCall, swapsNeeded } from './plan.js';
import { sendCall, skipCall } from './send.js';
import { isCode, type StepLog, tolerate } from './steps.js';

type Eni = InstanceFacts['enis'][number];

/** The parry groups of each VPC, by id, as far as they could be had. */
export interface VpcGroups {
  untrack?: string;
  isolation?: string;
}

export interface Containment {
  groups: Record<string, VpcGroups>;
  /** ENIs that do not carry only the isolation group at the end: the loud part of a failure. */
  notIsolated: string[];
}

/** What AWS gives every new group, should describing it fail: revoked regardless. */
const DEFAULT_EGRESS = [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }];

async function findGroups(
  aws: Aws,
  vpcId: string,
): Promise<Record<GroupKind, DescribedGroup | undefined>> {
  const output = await sendCall<DescribeSecurityGroupsCommandOutput>(aws, findGroupsCall(vpcId));
  const groups = output.SecurityGroups ?? [];
  return {
    untrack: groups.find((g) => g.GroupName === untrackGroupName(vpcId)),
    isolation: groups.find((g) => g.GroupName === isolationGroupName(vpcId)),
  };
}

/**
 * Creates a group; when another run created it in the meantime
 * (`InvalidGroup.Duplicate`), describes again and uses that one.
 */
async function createOrFind(
  aws: Aws,
  kind: GroupKind,
  vpcId: string,
): Promise<{ created: string } | { existing: DescribedGroup & { GroupId: string } }> {
  const name = groupName(kind, vpcId);
  try {
    const output = await sendCall<CreateSecurityGroupCommandOutput>(
      aws,
      createGroupCall(kind, vpcId),
    );
    if (!output.GroupId) throw new Error(`CreateSecurityGroup returned no GroupId for ${name}`);
    return { created: output.GroupId };
  } catch (error) {
    if (!isCode(error, 'InvalidGroup.Duplicate')) throw error;
    const existing = (await findGroups(aws, vpcId))[kind];
    if (!existing?.GroupId) throw new Error(`${name} is a duplicate, yet no such group is found`);
    aws.tolerate(error, 'group created meanwhile, using it');
    return { existing: { ...existing, GroupId: existing.GroupId } };
  }
}

/** The untrack group's id, opened to all traffic both ways (missing rules added). */
async function ensureUntrack(
  aws: Aws,
  vpcId: string,
  found: DescribedGroup | undefined,
  log: StepLog,
): Promise<string | undefined> {
  const name = untrackGroupName(vpcId);
  const step = `containment ${name}`;
  let group: { id: string; missing: MissingOpenRules } | undefined = found?.GroupId
    ? { id: found.GroupId, missing: missingOpenRules(found) }
    : undefined;
  if (!group) {
    const made = await log.attempt(step, () => createOrFind(aws, 'untrack', vpcId));
    if (!made) return undefined;
    group =
      'created' in made
        ? { id: made.created, missing: FRESH_UNTRACK_MISSING }
        : { id: made.existing.GroupId, missing: missingOpenRules(made.existing) };
  }
  const calls = openRuleCalls(group.id, group.missing, name);
  await Promise.all(
    calls.map((call) =>
      log.attempt(step, () =>
        tolerate(aws, sendCall(aws, call), ['InvalidPermission.Duplicate'], 'rule already present'),
      ),
    ),
  );
  return group.id;
}

/**
 * The isolation group's id, with no rule left. An existing group with rules
 * (someone added some) is emptied too: a rule in it is a hole in every
 * quarantine of the VPC.
 */
async function ensureIsolation(
  aws: Aws,
  vpcId: string,
  found: DescribedGroup | undefined,
  log: StepLog,
): Promise<string | undefined> {
  const name = isolationGroupName(vpcId);
  const step = `containment ${name}`;
  let group: (DescribedGroup & { GroupId: string }) | undefined = found?.GroupId
    ? { ...found, GroupId: found.GroupId }
    : undefined;
  if (!group) {
    const made = await log.attempt(step, () => createOrFind(aws, 'isolation', vpcId));
    if (!made) return undefined;
    if ('created' in made) {
      const id = made.created;
      const described = await log.attempt(step, async () => {
        const output = await sendCall<DescribeSecurityGroupsCommandOutput>(
          aws,
          describeCreatedGroupCall(id, name),
        );
        return output.SecurityGroups?.[0];
      });
      group = { IpPermissionsEgress: DEFAULT_EGRESS, ...described, GroupId: id };
    } else {
      group = made.existing;
    }
  }
  const calls = revokeRuleCalls(group.GroupId, group, name);
  await Promise.all(
    calls.map((call) =>
      log.attempt(step, () =>
        tolerate(aws, sendCall(aws, call), ['InvalidPermission.NotFound'], 'rule already gone'),
      ),
    ),
  );
  return group.GroupId;
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

/** Both groups of one VPC, then the swaps of its ENIs, all ENIs at once. */
async function containVpc(aws: Aws, vpcId: string, enis: Eni[], log: StepLog) {
  const found = await log.attempt(`containment ${vpcId}`, () => findGroups(aws, vpcId));
  if (!found) return { groups: {}, isolated: [] };
  const [untrack, isolation] = await Promise.all([
    ensureUntrack(aws, vpcId, found.untrack, log),
    ensureIsolation(aws, vpcId, found.isolation, log),
  ]);
  if (!isolation) {
    // Never move an ENI into the untrack group without the isolation group to follow: it opens it.
    for (const eni of enis) {
      skipCall(aws, swapCall(eni.id, `<${isolationGroupName(vpcId)}>`), 'no isolation group');
    }
    return { groups: { untrack }, isolated: [] };
  }
  const swapped = await Promise.all(
    enis.map((eni) => swapEni(aws, eni, { untrack, isolation }, log)),
  );
  return { groups: { untrack, isolation }, isolated: enis.filter((_, i) => swapped[i]) };
}

/**
 * Network containment: every ENI of the instance (not only the primary) is
 * moved to the untrack group, then to the isolation group of its VPC.
 * @example const { notIsolated } = await contain(aws, facts, log)
 */
export async function contain(aws: Aws, facts: InstanceFacts, log: StepLog): Promise<Containment> {
  if (facts.enis.length === 0) {
    log.fail('containment', 'the instance has no network interface to isolate');
    return { groups: {}, notIsolated: [] };
  }
  const byVpc = [...enisToContain(facts)];
  const results = await Promise.all(byVpc.map(([vpc, enis]) => containVpc(aws, vpc, enis, log)));
  const isolated = new Set([
    ...facts.enis.filter((eni) => !swapsNeeded(eni).isolation).map((eni) => eni.id),
    ...results.flatMap((r) => r.isolated.map((eni) => eni.id)),
  ]);
  return {
    groups: Object.fromEntries(byVpc.map(([vpc], i) => [vpc, results[i]?.groups ?? {}])),
    notIsolated: facts.enis.filter((eni) => !isolated.has(eni.id)).map((eni) => eni.id),
  };
}
