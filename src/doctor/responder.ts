import { GetRolePolicyCommand } from '@aws-sdk/client-iam';
import { responderPolicyName } from '../stack/names.js';
import { errorName } from './aws-errors.js';
import { type DoctorContext, deployCommand, type RegionalStack } from './context.js';
import { type Finding, gap, listed, notChecked, ok, unknown } from './findings.js';
import { actionsOf, decodePolicy, type PolicyStatement } from './policy-document.js';

const CHECK = 'responder role';

/** What the statements grant beyond, or lack of, the permissions the playbooks need. */
function permissionProblems(
  statements: readonly PolicyStatement[],
  needed: readonly string[],
): string[] {
  const granted = new Set(
    statements
      .filter((s) => s.Effect === 'Allow' && s.Sid?.startsWith('ParryActions'))
      .flatMap(actionsOf),
  );
  const lacking = needed.filter((p) => !granted.has(p));
  const extra = [...granted].filter((p) => !needed.includes(p)).sort();
  return [
    ...(lacking.length > 0
      ? [`lacks ${listed(lacking)} (enforce-mode playbooks on disk need them)`]
      : []),
    ...(extra.length > 0
      ? [`still grants ${listed(extra)} (no enforce-mode playbook needs them)`]
      : []),
  ];
}

/** Member roles may be assumed only inside the Organization (aws:ResourceOrgID). */
function assumeProblem(
  statements: readonly PolicyStatement[],
  organizationId: string | undefined,
): string[] {
  if (!organizationId) return [];
  const assume = statements.find((s) => s.Sid === 'AssumeMemberRole');
  if (!assume) return ['cannot assume member roles (deployed without organizationId)'];
  const condition = assume.Condition?.StringEquals?.['aws:ResourceOrgID'];
  return condition === organizationId
    ? []
    : [
        `assumes member roles outside ${organizationId} (aws:ResourceOrgID is ${JSON.stringify(condition)})`,
      ];
}

/**
 * The responder role allows what the enforce-mode playbooks on disk need,
 * nothing more, and assumes member roles only inside the Organization.
 */
export async function checkResponderPolicy(
  ctx: DoctorContext,
  stack: RegionalStack,
): Promise<Finding> {
  const { region } = stack;
  const roleName = stack.resources.get('IamRoleLambdaExecution');
  const policyName = responderPolicyName(ctx.expected.naming);
  if (!roleName)
    return gap(region, CHECK, 'the stack has no responder role', deployCommand(ctx, region));
  let document: ReturnType<typeof decodePolicy>;
  try {
    const out = await ctx.clients.iam.send(
      new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }),
    );
    document = decodePolicy(out.PolicyDocument ?? '');
  } catch (error) {
    if (errorName(error) === 'NoSuchEntityException')
      return gap(
        region,
        CHECK,
        `${roleName} has no policy ${policyName}`,
        deployCommand(ctx, region),
      );
    return notChecked(region, CHECK, error, 'iam:GetRolePolicy on the responder role');
  }
  if (!document)
    return unknown(
      region,
      CHECK,
      `could not check: IAM answered GetRolePolicy of ${roleName} with a document that is not JSON`,
      `read it with aws iam get-role-policy --role-name ${roleName} --policy-name ${policyName}`,
    );
  const statements = document.Statement ?? [];
  const problems = [
    ...permissionProblems(statements, ctx.expected.permissions),
    ...assumeProblem(statements, ctx.organizationId),
  ];
  if (problems.length === 0)
    return ok(region, CHECK, `${roleName}: exactly what the playbooks need`);
  return gap(region, CHECK, `${roleName} ${problems.join('; ')}`, deployCommand(ctx, region));
}
