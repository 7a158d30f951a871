import type { CallRecord } from '../../../src/actions/types.js';
import type { Playbook } from '../../../src/playbook/index.js';
import { actionsInUse, neverChangeParry, permissionStatements } from '../../../src/stack/policy.js';
import { REGION } from './aws.js';

/** A statement of a plain IAM policy document, intrinsics resolved. */
export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string[];
  Resource: string[];
}

const SERVICE_PREFIX: Record<string, string> = {
  EC2: 'ec2',
  IAM: 'iam',
  SNS: 'sns',
  EventBridge: 'events',
  AutoScaling: 'autoscaling',
  CloudTrail: 'cloudtrail',
  S3: 's3',
};

/** `${AWS::Partition}` and `${AWS::AccountId}` as CloudFormation resolves them in one account. */
function resolve(resource: unknown, account: string): string {
  if (resource === '*') return '*';
  const text = (resource as { 'Fn::Sub'?: string })['Fn::Sub'];
  if (typeof text !== 'string') throw new Error(`cannot resolve ${JSON.stringify(resource)}`);
  return text
    .replaceAll(['$', '{AWS::Partition}'].join(''), 'aws')
    .replaceAll(['$', '{AWS::AccountId}'].join(''), account)
    .replaceAll(['$', '{AWS::Region}'].join(''), REGION);
}

/**
 * Exactly the permissions parry's role gets for these playbooks
 * (src/stack/policy.ts: the actions' statements and the deny on changing
 * parry's own role), resolved as CloudFormation would in `account`.
 * @example generatedPolicy([quarantine], '123456789012', 'parry-e2e-responder')
 */
export function generatedPolicy(
  playbooks: readonly Playbook[],
  account: string,
  roleName: string,
): Statement[] {
  const own = {
    'Fn::Sub': `arn:${['$', '{AWS::Partition}'].join('')}:iam::${account}:role/${roleName}`,
  };
  return [...permissionStatements(actionsInUse(playbooks)), neverChangeParry([own])].map((s) => ({
    Sid: s.Sid,
    Effect: s.Effect,
    Action: [...s.Action],
    Resource: (Array.isArray(s.Resource) ? s.Resource : [s.Resource]).map((r) =>
      resolve(r, account),
    ),
  }));
}

/**
 * Which IAM actions moto authorizes against the real resource: an IAM call
 * naming a role (its `RoleName`), and S3 (the bucket). Every other call it
 * authorizes against `*` (moto's iam/access_control.py: "TODO add support
 * for the Resource ... parts of IAM policies"), so a statement scoped to ARNs
 * would deny it there although AWS allows it.
 */
const MOTO_CHECKS_RESOURCE = (action: string): boolean =>
  /^iam:(Get|Put|Delete|List|Attach|Detach|Update)Role/.test(action) ||
  action === 'iam:UpdateAssumeRolePolicy' ||
  action.startsWith('s3:');

/**
 * The policy as moto can enforce it: statements kept where moto checks the
 * resource; elsewhere the same actions allowed on `*`. What moto then proves
 * is that no action is missing (and the role-scoped ones and the deny hold);
 * `uncovered` checks the ARN forms of the rest against the calls made.
 */
export function forMoto(policy: readonly Statement[]): Statement[] {
  return policy.flatMap((s) => {
    if (s.Effect === 'Deny') return [s];
    const checked = s.Action.filter(MOTO_CHECKS_RESOURCE);
    const widened = s.Action.filter((a) => !MOTO_CHECKS_RESOURCE(a));
    return [
      ...(checked.length > 0 ? [{ ...s, Action: checked }] : []),
      ...(widened.length > 0
        ? [{ ...s, Sid: `${s.Sid}Moto`, Action: widened, Resource: ['*'] }]
        : []),
    ];
  });
}

/** IAM's wildcards in a Resource: `*` any run of characters, `?` one. */
const arnMatches = (pattern: string, arn: string): boolean =>
  new RegExp(
    `^${pattern
      .replace(/[.+^$()|[\]\\{}]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  ).test(arn);

/** The world a run acted in: what the ARNs of its calls are built from. */
export interface ArnContext {
  account: string;
  /** The instance a quarantine acted on, with its volumes (from moto). */
  instanceId?: string;
  volumeIds?: string[];
  /** What the run created, found in moto afterwards. */
  createdGroupIds?: string[];
  snapshotIds?: string[];
}

const ec2Arn = (c: ArnContext, type: string, id: string) =>
  type === 'snapshot' || type === 'image'
    ? `arn:aws:ec2:${REGION}::${type}/${id}`
    : `arn:aws:ec2:${REGION}:${c.account}:${type}/${id}`;

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/**
 * The resources AWS authorizes a call on, per the Service Authorization
 * Reference's "Resource types" of its action (list_amazonec2.html,
 * list_awsidentityandaccessmanagementiam.html, list_amazonsns.html), and the
 * `ec2:CreateTags` a create-with-tags call needs on what it creates.
 */
export function resourcesOf(call: CallRecord, c: ArnContext): [action: string, arn: string][] {
  const action = `${SERVICE_PREFIX[call.service] ?? call.service}:${call.operation}`;
  const input = call.input;
  const on = (arns: string[]) => arns.map((arn): [string, string] => [action, arn]);
  const instance = c.instanceId ? [ec2Arn(c, 'instance', c.instanceId)] : [];
  const group = (id: unknown) => (typeof id === 'string' ? [ec2Arn(c, 'security-group', id)] : []);
  switch (call.operation) {
    case 'CreateSecurityGroup': {
      const created = (c.createdGroupIds ?? []).map((id) => ec2Arn(c, 'security-group', id));
      return [
        ...on([ec2Arn(c, 'vpc', String(input.VpcId)), ...created]),
        ...created.map((arn): [string, string] => ['ec2:CreateTags', arn]),
      ];
    }
    case 'AuthorizeSecurityGroupIngress':
    case 'AuthorizeSecurityGroupEgress':
    case 'RevokeSecurityGroupIngress':
    case 'RevokeSecurityGroupEgress':
      return on(group(input.GroupId));
    case 'ModifyNetworkInterfaceAttribute':
      return on([
        ec2Arn(c, 'network-interface', String(input.NetworkInterfaceId)),
        ...strings(input.Groups).flatMap(group),
      ]);
    case 'DescribeInstanceAttribute':
    case 'ModifyInstanceAttribute':
    case 'DisassociateIamInstanceProfile':
    case 'StopInstances':
      return on(instance);
    case 'CreateTags':
      return on(instance);
    case 'CreateSnapshots': {
      const snapshots = (c.snapshotIds ?? []).map((id) => ec2Arn(c, 'snapshot', id));
      return [
        ...on([
          ...instance,
          ...(c.volumeIds ?? []).map((id) => ec2Arn(c, 'volume', id)),
          ...snapshots,
        ]),
        ...snapshots.map((arn): [string, string] => ['ec2:CreateTags', arn]),
      ];
    }
    case 'GetInstanceProfile':
      return on([
        `arn:aws:iam::${c.account}:instance-profile/${String(input.InstanceProfileName)}`,
      ]);
    case 'GetRole':
    case 'GetRolePolicy':
    case 'PutRolePolicy':
      return on([`arn:aws:iam::${c.account}:role/${String(input.RoleName)}`]);
    case 'ListUserTags':
    case 'ListAccessKeys':
    case 'UpdateAccessKey':
    case 'GetUserPolicy':
    case 'PutUserPolicy':
    case 'DeleteLoginProfile':
      return on([`arn:aws:iam::${c.account}:user/${String(input.UserName)}`]);
    case 'Publish':
      return on([String(input.TopicArn)]);
    default:
      // Describe* and the other reads: no resource-level permission, `*`.
      if (/^(Describe|List)/.test(call.operation)) return on(['*']);
      throw new Error(`no resource rule for ${action}: add it to resourcesOf`);
  }
}

/**
 * The (action, resource) pairs of these calls the policy does not allow as
 * written: an explicit deny, or no Allow whose Resource matches the ARN.
 * @example expect(uncovered(policy, result.calls, context)).toEqual([])
 */
export function uncovered(
  policy: readonly Statement[],
  calls: readonly CallRecord[],
  context: ArnContext,
): string[] {
  const made = calls.filter((c) => c.status === 'ok' || c.status === 'tolerated');
  const needs = made.flatMap((call) => resourcesOf(call, context));
  const allowed = (action: string, arn: string, effect: 'Allow' | 'Deny') =>
    policy.some(
      (s) =>
        s.Effect === effect &&
        s.Action.includes(action) &&
        s.Resource.some((r) => arnMatches(r, arn)),
    );
  return [
    ...new Set(
      needs
        .filter(([action, arn]) => allowed(action, arn, 'Deny') || !allowed(action, arn, 'Allow'))
        .map(([action, arn]) => `${action} ${arn}`),
    ),
  ];
}
