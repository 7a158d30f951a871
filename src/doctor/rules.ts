import {
  DescribeRuleCommand,
  type DescribeRuleCommandOutput,
  ListTargetsByRuleCommand,
} from '@aws-sdk/client-eventbridge';
import { errorName } from './aws-errors.js';
import { type DoctorContext, deployCommand, type RegionalStack } from './context.js';
import type { ExpectedRule } from './expected.js';
import { type Finding, gap, listed, notChecked, ok } from './findings.js';
import { sameJson } from './template.js';

/** Each enabled playbook on disk has its rule, with exactly its pattern, enabled, aimed at the function. */
export async function checkRules(ctx: DoctorContext, stack: RegionalStack): Promise<Finding> {
  const { region } = stack;
  const expected = new Map(ctx.expected.rules.map((r) => [r.logicalId, r]));
  const deployed = [...stack.resources.keys()].filter((id) => /^Rule[A-Z0-9]/.test(id));
  const missing = ctx.expected.rules.filter((r) => !stack.resources.has(r.logicalId));
  const stale = deployed.filter((id) => !expected.has(id));
  const problems: string[] = [];
  if (missing.length > 0)
    problems.push(`no rule for ${listed(missing.map((r) => r.playbook.name))}`);
  if (stale.length > 0)
    problems.push(
      `rules without a playbook on disk: ${listed(stale.map((id) => stack.resources.get(id) ?? id))}`,
    );
  const bus = stack.outputs.EventBusName ?? 'default';
  const functionName = stack.resources.get('RespondLambdaFunction');
  try {
    const present = ctx.expected.rules.filter((r) => stack.resources.has(r.logicalId));
    const results = await Promise.all(
      present.map((r) =>
        ruleProblem(ctx, region, bus, r, stack.resources.get(r.logicalId) ?? '', functionName),
      ),
    );
    problems.push(...results.filter((p): p is string => p !== undefined));
  } catch (error) {
    return notChecked(region, 'rules', error, 'events:DescribeRule and events:ListTargetsByRule');
  }
  if (problems.length === 0)
    return ok(region, 'rules', `${ctx.expected.rules.length} rule(s) match the playbooks on disk`);
  return gap(region, 'rules', problems.join('; '), deployCommand(ctx, region));
}

async function ruleProblem(
  ctx: DoctorContext,
  region: string,
  bus: string,
  rule: ExpectedRule,
  physical: string,
  functionName: string | undefined,
): Promise<string | undefined> {
  // A rule's physical id is its name, or `bus|name` on a custom bus.
  const name = physical.split('|').pop() ?? physical;
  const events = ctx.clients.events(region);
  const label = `${name} (${rule.playbook.file})`;
  let described: DescribeRuleCommandOutput;
  try {
    described = await events.send(new DescribeRuleCommand({ Name: name, EventBusName: bus }));
  } catch (error) {
    // Deleted behind the stack's back: the stack still lists it.
    if (errorName(error) === 'ResourceNotFoundException') return `${label} is gone from bus ${bus}`;
    throw error;
  }
  let pattern: unknown;
  try {
    pattern = JSON.parse(described.EventPattern ?? 'null');
  } catch {
    pattern = described.EventPattern;
  }
  if (!sameJson(pattern, rule.playbook.match.source))
    return `${label}: its pattern is not the playbook's match`;
  if (described.State !== 'ENABLED') return `${label} is ${described.State ?? 'not enabled'}`;
  const { Targets: targets = [] } = await events.send(
    new ListTargetsByRuleCommand({ Rule: name, EventBusName: bus }),
  );
  const aimed = targets.some(
    (t) =>
      (functionName === undefined || t.Arn?.endsWith(`:function:${functionName}`)) &&
      t.InputTransformer?.InputTemplate?.includes(`"playbook":"${rule.playbook.name}"`),
  );
  return aimed ? undefined : `${label} does not invoke the responder for ${rule.playbook.name}`;
}
