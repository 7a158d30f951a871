import type {
  CreateSecurityGroupCommandOutput,
  DescribeSecurityGroupsCommandOutput,
} from '@aws-sdk/client-ec2';
import type { Aws } from '../../aws/session.js';
import type { PlannedCall } from '../types.js';
import {
  createGroupCall,
  type DescribedGroup,
  FRESH_UNTRACK_MISSING,
  findGroupsCall,
  type GroupKind,
  groupName,
  isolationGroupName,
  LOOK_AHEAD_VPCS,
  missingOpenRules,
  openRuleCalls,
  revokeDefaultEgressCalls,
  revokeRuleCalls,
  untrackGroupName,
} from './groups.js';
import { sendCall } from './send.js';
import { isCode, type StepFailure, StepLog, tolerate } from './steps.js';

/** One parry group of a VPC as the lookup had it: just created (its rules known), or found. */
type Had = { created: string } | { found: DescribedGroup & { GroupId: string } };

interface Lookup {
  untrack?: Had;
  isolation?: Had;
  failures: readonly StepFailure[];
  /** The errors behind `failures`: tolerated when no ENI turns out to be in the VPC. */
  errors: unknown[];
}

/** The parry groups of one VPC, ready for the swaps: the untrack group open, the isolation group empty. */
export interface ReadyGroups {
  untrack?: string;
  isolation?: string;
  /** What failed on the way, reported by every instance with an ENI in the VPC. */
  failures: readonly StepFailure[];
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
const settle = <T>(work: Promise<T>): Promise<Settled<T>> =>
  work.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

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

async function createGroup(aws: Aws, kind: GroupKind, vpcId: string): Promise<string> {
  const output = await sendCall<CreateSecurityGroupCommandOutput>(
    aws,
    createGroupCall(kind, vpcId),
  );
  if (!output.GroupId) {
    throw new Error(`CreateSecurityGroup returned no GroupId for ${groupName(kind, vpcId)}`);
  }
  return output.GroupId;
}

const withId = (group: DescribedGroup | undefined) =>
  group?.GroupId ? { found: { ...group, GroupId: group.GroupId } } : undefined;

/**
 * One group from the creation and the lookup made at once. Created: its
 * rules are known. Not created but found: the found one (the creation's
 * error was only the price of asking ahead). A duplicate the lookup did not
 * show (another run created it meanwhile): looked up once more.
 */
async function resolve(
  aws: Aws,
  kind: GroupKind,
  vpcId: string,
  made: Settled<string>,
  listed: Settled<Record<GroupKind, DescribedGroup | undefined>>,
  failed: { log: StepLog; errors: unknown[] },
): Promise<Had | undefined> {
  const { log, errors } = failed;
  if (made.ok) return { created: made.value };
  const step = `containment ${groupName(kind, vpcId)}`;
  const existing = withId(listed.ok ? listed.value[kind] : undefined);
  const duplicate = isCode(made.error, 'InvalidGroup.Duplicate');
  if (existing) {
    aws.tolerate(made.error, duplicate ? 'the group exists, using it' : 'the group exists (found)');
    return existing;
  }
  if (!duplicate) {
    log.failWith(step, made.error);
    errors.push(made.error);
    return undefined;
  }
  const again = await settle(findGroups(aws, vpcId));
  if (!again.ok) {
    log.failWith(step, again.error);
    errors.push(again.error);
    return undefined;
  }
  const raced = withId(again.value[kind]);
  if (!raced) {
    log.fail(step, `Error: ${groupName(kind, vpcId)} is a duplicate, yet no such group is found`);
    errors.push(made.error);
    return undefined;
  }
  aws.tolerate(made.error, 'group created meanwhile, using it');
  return raced;
}

/** Both groups of a VPC: looked up and created at once (one round, whether they exist or not). */
async function lookUp(aws: Aws, vpcId: string): Promise<Lookup> {
  const failed = { log: new StepLog(), errors: [] as unknown[] };
  const listing = settle(findGroups(aws, vpcId));
  const untrackMade = settle(createGroup(aws, 'untrack', vpcId));
  const isolationMade = settle(createGroup(aws, 'isolation', vpcId));
  const [listed, untrackId, isolationId] = await Promise.all([listing, untrackMade, isolationMade]);
  const [untrack, isolation] = await Promise.all([
    resolve(aws, 'untrack', vpcId, untrackId, listed, failed),
    resolve(aws, 'isolation', vpcId, isolationId, listed, failed),
  ]);
  if (!listed.ok) {
    if (untrack && isolation) aws.tolerate(listed.error, 'not needed: both groups were created');
    else {
      failed.log.failWith(`containment ${vpcId}`, listed.error);
      failed.errors.push(listed.error);
    }
  }
  return { untrack, isolation, failures: failed.log.failures, errors: failed.errors };
}

/** A group's rule calls, at once; `code` means the state wanted holds already. */
async function sendRuleCalls(
  aws: Aws,
  step: string,
  calls: PlannedCall[],
  tolerated: { code: string; why: string },
  log: StepLog,
): Promise<void> {
  await Promise.all(
    calls.map((call) =>
      log.attempt(step, () => tolerate(aws, sendCall(aws, call), [tolerated.code], tolerated.why)),
    ),
  );
}

/** The untrack group's id, opened to all traffic both ways (the rules it lacks added). */
async function openUntrack(aws: Aws, vpcId: string, had: Had, log: StepLog): Promise<string> {
  const name = untrackGroupName(vpcId);
  const [id, missing] =
    'created' in had
      ? [had.created, FRESH_UNTRACK_MISSING]
      : [had.found.GroupId, missingOpenRules(had.found)];
  const duplicate = { code: 'InvalidPermission.Duplicate', why: 'rule already present' };
  await sendRuleCalls(aws, `containment ${name}`, openRuleCalls(id, missing, name), duplicate, log);
  return id;
}

/**
 * The isolation group's id, with no rule left: a new one loses the default
 * egress rule AWS gives it; an existing one with rules (someone added some)
 * is emptied too, as a rule in it is a hole in every quarantine of the VPC.
 */
async function emptyIsolation(aws: Aws, vpcId: string, had: Had, log: StepLog): Promise<string> {
  const name = isolationGroupName(vpcId);
  const [id, calls] =
    'created' in had
      ? [had.created, revokeDefaultEgressCalls(had.created, name)]
      : [had.found.GroupId, revokeRuleCalls(had.found.GroupId, had.found, name)];
  const gone = { code: 'InvalidPermission.NotFound', why: 'rule already gone' };
  await sendRuleCalls(aws, `containment ${name}`, calls, gone, log);
  return id;
}

/**
 * The parry groups of the VPCs of one run, shared by its instances: each
 * VPC is looked up (and its groups created) once, and made ready once.
 * A lookup may start from the event, before DescribeInstances answers, so
 * that the groups cost no round of their own; only a VPC an ENI is in now
 * (as DescribeInstances shows it) is ever made ready and used.
 * @example const groups = new VpcGroups(aws); groups.lookAhead('vpc-1'); await groups.ready('vpc-1')
 */
export class VpcGroups {
  private readonly lookups = new Map<string, Promise<Lookup>>();
  private readonly readied = new Map<string, Promise<ReadyGroups>>();
  private ahead = 0;

  constructor(private readonly aws: Aws) {}

  /**
   * Starts the lookup of a VPC the event names, if it was not started
   * already, for at most `LOOK_AHEAD_VPCS` VPCs a run: the event is
   * attacker-controlled, and a VPC it names may hold no ENI of the instance.
   */
  lookAhead(vpcId: string): void {
    if (this.lookups.has(vpcId) || this.ahead >= LOOK_AHEAD_VPCS) return;
    this.ahead += 1;
    this.lookupOf(vpcId);
  }

  /** The groups of a VPC an ENI is in, ready for the swaps. */
  ready(vpcId: string): Promise<ReadyGroups> {
    let ready = this.readied.get(vpcId);
    if (!ready) {
      ready = this.prepare(vpcId);
      this.readied.set(vpcId, ready);
    }
    return ready;
  }

  /**
   * Waits for every lookup (none is left running when the action returns);
   * the errors of one no ENI needed are tolerated: asking ahead cost them.
   */
  async settled(): Promise<void> {
    const pending = [...this.lookups].map(async ([vpcId, lookup]) => {
      const { errors } = await lookup;
      if (this.readied.has(vpcId)) return;
      for (const error of errors) {
        this.aws.tolerate(error, 'looked up ahead from the event: no ENI of the instance is in it');
      }
    });
    await Promise.all([...pending, ...this.readied.values()]);
  }

  private lookupOf(vpcId: string): Promise<Lookup> {
    let lookup = this.lookups.get(vpcId);
    if (!lookup) {
      lookup = lookUp(this.aws, vpcId);
      this.lookups.set(vpcId, lookup);
    }
    return lookup;
  }

  private async prepare(vpcId: string): Promise<ReadyGroups> {
    const had = await this.lookupOf(vpcId);
    const log = new StepLog();
    log.adopt(had.failures);
    // Without the isolation group no ENI moves: the untrack group is left as it is.
    if (!had.isolation) {
      return { untrack: had.untrack ? idOf(had.untrack) : undefined, failures: log.failures };
    }
    const [untrack, isolation] = await Promise.all([
      had.untrack ? openUntrack(this.aws, vpcId, had.untrack, log) : undefined,
      emptyIsolation(this.aws, vpcId, had.isolation, log),
    ]);
    return { untrack, isolation, failures: log.failures };
  }
}

const idOf = (had: Had): string => ('created' in had ? had.created : had.found.GroupId);
