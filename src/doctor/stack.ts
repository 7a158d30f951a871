import {
  DescribeStacksCommand,
  paginateListStackResources,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { stackName } from '../stack/names.js';
import { errorName } from './aws-errors.js';
import { type DoctorContext, deployCommand, type RegionalStack } from './context.js';
import { type Finding, gap, notChecked, ok } from './findings.js';

/** Stack statuses of a stack that is in place and current. */
const SETTLED = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'IMPORT_COMPLETE']);

/** Logical id → physical id of every resource of the stack. */
async function stackResources(ctx: DoctorContext, region: string, name: string) {
  const resources = new Map<string, string>();
  const pages = paginateListStackResources(
    { client: ctx.clients.cloudformation(region) },
    { StackName: name },
  );
  for await (const page of pages)
    for (const r of page.StackResourceSummaries ?? [])
      if (r.LogicalResourceId && r.PhysicalResourceId)
        resources.set(r.LogicalResourceId, r.PhysicalResourceId);
  return resources;
}

/** The stack, or undefined when it does not exist (DescribeStacks answers ValidationError). */
async function describeStack(ctx: DoctorContext, region: string, name: string) {
  try {
    const out = await ctx.clients
      .cloudformation(region)
      .send(new DescribeStacksCommand({ StackName: name }));
    const found = out.Stacks?.[0];
    return found?.StackStatus === 'DELETE_COMPLETE' ? undefined : found;
  } catch (error) {
    if (errorName(error) === 'ValidationError') return undefined;
    throw error;
  }
}

function statusFinding(ctx: DoctorContext, region: string, name: string, found: Stack): Finding {
  const status = found.StackStatus ?? 'unknown';
  if (SETTLED.has(status)) return ok(region, 'stack', `${name} ${status}`);
  const reason = found.StackStatusReason ? ` (${found.StackStatusReason})` : '';
  const fix = status.endsWith('_IN_PROGRESS')
    ? 'wait for it to finish, then run parry doctor again'
    : deployCommand(ctx, region);
  return gap(region, 'stack', `${name} is ${status}${reason}`, fix);
}

/**
 * The parry stack of one Region: it exists and is settled. Everything else
 * in the Region is checked against what it deployed.
 */
export async function findStack(
  ctx: DoctorContext,
  region: string,
): Promise<{ finding: Finding; stack?: RegionalStack }> {
  const name = stackName(ctx.expected.naming);
  let found: Stack | undefined;
  let resources: Map<string, string>;
  try {
    found = await describeStack(ctx, region, name);
    if (!found)
      return {
        finding: gap(region, 'stack', `no stack ${name} in ${region}`, deployCommand(ctx, region)),
      };
    resources = await stackResources(ctx, region, name);
  } catch (error) {
    const need = 'cloudformation:DescribeStacks and cloudformation:ListStackResources';
    return { finding: notChecked(region, 'stack', error, need) };
  }
  const outputs = Object.fromEntries(
    (found.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']),
  );
  return {
    stack: { region, outputs, resources },
    finding: statusFinding(ctx, region, name, found),
  };
}

/** The stack was deployed for this Organization (or for none, when there is none). */
export function checkOrganizationOutput(ctx: DoctorContext, stack: RegionalStack): Finding {
  const deployed = stack.outputs.OrganizationId;
  const { region } = stack;
  if (!ctx.organizationId) return ok(region, 'organization', 'single account: no organizationId');
  if (deployed === ctx.organizationId)
    return ok(region, 'organization', `deployed for ${ctx.organizationId}`);
  return gap(
    region,
    'organization',
    deployed
      ? `deployed for ${deployed}, but this account is in ${ctx.organizationId}`
      : 'deployed without organizationId: member accounts can neither forward events nor be acted in',
    deployCommand(ctx, region),
  );
}
