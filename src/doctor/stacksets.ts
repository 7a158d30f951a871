import {
  type CallAs,
  DescribeStackSetCommand,
  paginateListStackInstances,
  type StackInstanceSummary,
  type StackSet,
} from '@aws-sdk/client-cloudformation';
import { FORWARDER_STACKSET, memberRoleStackSetName } from '../stack/names.js';
import { describeError, errorName } from './aws-errors.js';
import type { DoctorContext, RegionalStack } from './context.js';
import { type Finding, gap, listed, ok, unknown } from './findings.js';
import { parseTemplate, sameJson } from './template.js';

const SCOPE = 'organization';

/** A StackSet parry needs: what it must deploy, with which parameters. */
interface StackSetSpec {
  check: string;
  name: string;
  file: string;
  template: unknown;
  params: Record<string, string>;
  /** Parameter defaults of the template, for parameters a StackSet leaves out. */
  defaults: Record<string, string>;
  capability: 'CAPABILITY_IAM' | 'CAPABILITY_NAMED_IAM';
}

/** As the management account `SELF`; as a delegated administrator (the usual security account) `DELEGATED_ADMIN`. */
const callAs = (ctx: DoctorContext): CallAs =>
  ctx.account === ctx.managementAccount ? 'SELF' : 'DELEGATED_ADMIN';

const cli = (ctx: DoctorContext) => `--call-as ${callAs(ctx)} --region ${ctx.stackSetRegion}`;

/** The CLI form of StackSet parameters (a comma inside a value is escaped). */
const cliParameters = (params: Record<string, string>) =>
  Object.entries(params)
    .map(([k, v]) => `ParameterKey=${k},ParameterValue=${v.replaceAll(',', '\\,')}`)
    .join(' ');

const createCommand = (ctx: DoctorContext, spec: StackSetSpec) =>
  `aws cloudformation create-stack-set --stack-set-name ${spec.name} --template-body file://${spec.file} --permission-model SERVICE_MANAGED --auto-deployment Enabled=true,RetainStacksOnAccountRemoval=false --capabilities ${spec.capability} --parameters ${cliParameters(spec.params)} ${cli(ctx)}`;

const updateCommand = (ctx: DoctorContext, spec: StackSetSpec) =>
  `aws cloudformation update-stack-set --stack-set-name ${spec.name} --template-body file://${spec.file} --capabilities ${spec.capability} --parameters ${cliParameters(spec.params)} ${cli(ctx)}`;

const addInstancesCommand = (ctx: DoctorContext, spec: StackSetSpec, region: string) =>
  `aws cloudformation create-stack-instances --stack-set-name ${spec.name} --deployment-targets '{"OrganizationalUnitIds":["<the OUs of those accounts>"],"Accounts":["${ctx.account}"],"AccountFilterType":"DIFFERENCE"}' --regions ${region} ${cli(ctx)}`;

interface Found {
  stackSet?: StackSet;
  instances: StackInstanceSummary[];
  finding?: Finding;
}

async function readStackSet(ctx: DoctorContext, spec: StackSetSpec): Promise<Found> {
  const client = ctx.clients.cloudformation(ctx.stackSetRegion);
  const missing = (where: string) => ({
    instances: [],
    finding: gap(SCOPE, spec.check, `no StackSet ${spec.name}${where}`, createCommand(ctx, spec)),
  });
  try {
    const { StackSet: stackSet } = await client.send(
      new DescribeStackSetCommand({ StackSetName: spec.name, CallAs: callAs(ctx) }),
    );
    if (!stackSet || stackSet.Status === 'DELETED') return missing('');
    const instances: StackInstanceSummary[] = [];
    const pages = paginateListStackInstances(
      { client },
      { StackSetName: spec.name, CallAs: callAs(ctx) },
    );
    for await (const page of pages) instances.push(...(page.Summaries ?? []));
    return { stackSet, instances };
  } catch (error) {
    if (errorName(error) === 'StackSetNotFoundException')
      return missing(` in ${ctx.stackSetRegion}`);
    const finding = unknown(
      SCOPE,
      spec.check,
      `could not read StackSet ${spec.name}: ${describeError(error)}`,
      'allow cloudformation:DescribeStackSet and cloudformation:ListStackInstances; as a delegated administrator, register this account for StackSets (README)',
    );
    return { instances: [], finding };
  }
}

const paramsOf = (s: StackSet) =>
  Object.fromEntries(
    (s.Parameters ?? []).map((p) => [p.ParameterKey ?? '', p.ParameterValue ?? '']),
  );

/** The definition: service-managed, auto-deploying, this template, these parameters. */
function definitionFindings(
  ctx: DoctorContext,
  spec: StackSetSpec,
  stackSet: StackSet,
  extra: string[],
): Finding[] {
  const problems: string[] = [];
  if (stackSet.PermissionModel !== 'SERVICE_MANAGED')
    problems.push(
      `its permission model is ${stackSet.PermissionModel ?? 'unknown'}, not SERVICE_MANAGED`,
    );
  if (stackSet.AutoDeployment?.Enabled === false)
    problems.push('new accounts get no instance (auto-deployment is off)');
  let deployed: unknown;
  try {
    deployed = parseTemplate(stackSet.TemplateBody ?? '');
  } catch {
    deployed = undefined;
  }
  if (!sameJson(deployed, spec.template)) problems.push(`its template is not ${spec.file}`);
  const params = { ...spec.defaults, ...paramsOf(stackSet) };
  for (const [key, value] of Object.entries(spec.params))
    if (key !== 'ResponderRoleArns' && params[key] !== value)
      problems.push(`its ${key} is ${JSON.stringify(params[key] ?? '')}, not ${value}`);
  problems.push(...extra);
  const findings = [
    problems.length === 0
      ? ok(SCOPE, spec.check, `StackSet ${spec.name}: current`)
      : gap(
          SCOPE,
          spec.check,
          `StackSet ${spec.name}: ${problems.join('; ')}`,
          updateCommand(ctx, spec),
        ),
  ];
  if (stackSet.AutoDeployment?.Enabled === undefined)
    findings.push(
      unknown(
        SCOPE,
        spec.check,
        `could not check whether StackSet ${spec.name} deploys to new accounts: CloudFormation reported no AutoDeployment`,
        `aws cloudformation describe-stack-set --stack-set-name ${spec.name} ${cli(ctx)}`,
      ),
    );
  return findings;
}

/** Accounts with no instance in `region` (any Region when undefined), and instances not current. */
function classify(
  instances: readonly StackInstanceSummary[],
  accounts: readonly string[],
  region: string | undefined,
) {
  const missing: string[] = [];
  const broken: string[] = [];
  for (const account of accounts) {
    const own = instances.filter((i) => i.Account === account && (!region || i.Region === region));
    if (own.length === 0) missing.push(account);
    broken.push(...own.filter(notCurrent).map((i) => `${account} ${i.Region}: ${statusOf(i)}`));
  }
  return { missing, broken };
}

const notCurrent = (i: StackInstanceSummary) => {
  const detailed = i.StackInstanceStatus?.DetailedStatus;
  return i.Status !== 'CURRENT' || (detailed !== undefined && detailed !== 'SUCCEEDED');
};

const statusOf = (i: StackInstanceSummary) =>
  `${i.Status}${i.StackInstanceStatus?.DetailedStatus ? `/${i.StackInstanceStatus.DetailedStatus}` : ''}${i.StatusReason ? ` (${i.StatusReason})` : ''}`;

/**
 * Accounts without a current instance in `region` (in any Region when
 * undefined: IAM is global), as one finding per Region so large
 * Organizations stay readable.
 */
function instanceFindings(
  ctx: DoctorContext,
  spec: StackSetSpec,
  instances: readonly StackInstanceSummary[],
  accounts: readonly string[],
  region: string | undefined,
  what: string,
): Finding[] {
  const { missing, broken } = classify(instances, accounts, region);
  const scope = region ?? SCOPE;
  const findings: Finding[] = [];
  if (missing.length > 0)
    findings.push(
      gap(
        scope,
        spec.check,
        `no ${what} in ${missing.length} of ${accounts.length} account(s): ${listed(missing)}`,
        addInstancesCommand(ctx, spec, region ?? ctx.stackSetRegion),
      ),
    );
  if (broken.length > 0)
    findings.push(
      gap(
        scope,
        spec.check,
        `${what} instances not current: ${listed(broken)}`,
        `aws cloudformation list-stack-instances --stack-set-name ${spec.name} ${cli(ctx)} shows why; fix it, then aws cloudformation update-stack-instances`,
      ),
    );
  return findings;
}

/** `arn:aws:iam::1:role/parry-prod-eu-west-1-responder` → `eu-west-1` (the names of src/stack/names.ts). */
const regionOfRole = (arn: string) =>
  /-([a-z]{2}(?:-[a-z]+)+-\d{1,2})-responder$/.exec(arn)?.[1] ?? arn;

/** Whom the StackSet's member role trusts, against the responders of the Regions checked. */
function trustProblems(ctx: DoctorContext, spec: StackSetSpec, stackSet: StackSet) {
  const trusted = (paramsOf(stackSet).ResponderRoleArns ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  const wanted = (spec.params.ResponderRoleArns ?? '').split(',').filter(Boolean);
  const untrusted = wanted.filter((a) => !trusted.includes(a));
  const strangers = trusted.filter((a) => !wanted.includes(a));
  const problems = untrusted.length > 0 ? [`it does not trust ${listed(untrusted)}`] : [];
  const findings =
    strangers.length > 0
      ? [
          gap(
            SCOPE,
            spec.check,
            `StackSet ${spec.name} also trusts ${listed(strangers)}, a responder of no Region checked here`,
            `if that Region has a parry stack, check it too (parry doctor --region ${listed(strangers.map(regionOfRole))}); if not, drop it from ResponderRoleArns: ${updateCommand(ctx, spec)}`,
          ),
        ]
      : [];
  return { problems, findings };
}

/**
 * The member role, as the StackSet deploys it: current permissions, trusting
 * the responder of every Region checked here and nothing else, in every
 * member account. The caller cannot assume the role to look (it trusts only
 * the responders), so the StackSet's own record is what is read.
 */
export async function checkMemberRole(
  ctx: DoctorContext,
  stacks: readonly RegionalStack[],
  accounts: readonly string[],
): Promise<Finding[]> {
  const spec: StackSetSpec = {
    check: 'member role',
    name: memberRoleStackSetName(ctx.expected.naming),
    file: 'infra/member-role.yml',
    template: ctx.expected.memberRoleTemplate,
    params: {
      SecurityAccountId: ctx.account,
      ResponderRoleArns: stacks
        .map((s) => s.outputs.ResponderRoleArn ?? '')
        .filter(Boolean)
        .sort()
        .join(','),
      OrganizationId: ctx.organizationId ?? '',
      RoleName: stacks[0]?.outputs.MemberRoleName ?? 'parry-responder',
    },
    defaults: { RoleName: 'parry-responder', ExternalId: '' },
    capability: 'CAPABILITY_NAMED_IAM',
  };
  const found = await readStackSet(ctx, spec);
  if (!found.stackSet) return found.finding ? [found.finding] : [];
  const trust = trustProblems(ctx, spec, found.stackSet);
  const members = accounts.filter((a) => a !== ctx.managementAccount);
  const instances = instanceFindings(ctx, spec, found.instances, members, undefined, 'member role');
  return [
    ...definitionFindings(ctx, spec, found.stackSet, trust.problems),
    ...trust.findings,
    ...instances,
    ...(instances.length === 0 && members.length > 0
      ? [ok(SCOPE, spec.check, `in all ${members.length} member account(s)`)]
      : []),
  ];
}

/**
 * The CloudTrail forwarder in every member account, in every Region with a
 * stack and in us-east-1 (IAM and STS events arrive there only).
 */
export async function checkForwarder(
  ctx: DoctorContext,
  stacks: readonly RegionalStack[],
  accounts: readonly string[],
): Promise<Finding[]> {
  if (!ctx.expected.needsForwarder)
    return [
      ok(SCOPE, 'forwarder', 'no enabled playbook answers CloudTrail events: no forwarder needed'),
    ];
  const spec: StackSetSpec = {
    check: 'forwarder',
    name: FORWARDER_STACKSET,
    file: 'infra/forward-cloudtrail.yml',
    template: ctx.expected.forwarderTemplate,
    params: {
      SecurityAccountId: ctx.account,
      EventBusName: stacks[0]?.outputs.EventBusName ?? 'default',
    },
    defaults: { EventBusName: 'default' },
    capability: 'CAPABILITY_IAM',
  };
  const found = await readStackSet(ctx, spec);
  if (!found.stackSet) return found.finding ? [found.finding] : [];
  const members = accounts.filter((a) => a !== ctx.managementAccount);
  const regions = [...new Set([...stacks.map((s) => s.region), 'us-east-1'])].sort();
  const instances = regions.flatMap((region) =>
    instanceFindings(ctx, spec, found.instances, members, region, 'CloudTrail forwarder'),
  );
  return [
    ...definitionFindings(ctx, spec, found.stackSet, []),
    ...instances,
    ...(instances.length === 0 && members.length > 0
      ? [
          ok(
            SCOPE,
            spec.check,
            `in all ${members.length} member account(s), in ${regions.join(', ')}`,
          ),
        ]
      : []),
  ];
}

/** Service-managed StackSets never deploy to the management account (API_DeploymentTargets). */
export function checkManagementAccount(
  ctx: DoctorContext,
  accounts: readonly string[],
): Finding | undefined {
  const management = ctx.managementAccount;
  if (!management || management === ctx.account || !accounts.includes(management)) return undefined;
  return gap(
    SCOPE,
    'management account',
    `StackSets never deploy to the management account ${management}: parry cannot act there`,
    `in ${management}: aws cloudformation create-stack --stack-name ${memberRoleStackSetName(ctx.expected.naming)} --template-body file://infra/member-role.yml --capabilities CAPABILITY_NAMED_IAM --parameters (as for the StackSet) --region ${ctx.stackSetRegion}`,
  );
}
