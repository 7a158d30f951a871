import type { PlaybookError } from '../playbook/index.js';
import type { StackNaming } from '../stack/names.js';
import type { DoctorClients } from './clients.js';
import type { DoctorContext, RegionalStack } from './context.js';
import { checkBusPolicy, checkTopic } from './delivery.js';
import { expectedDeployment } from './expected.js';
import { type Finding, gap, ok } from './findings.js';
import { checkGuardDuty } from './guardduty.js';
import { memberAccounts, organizationOf, whoAmI } from './organization.js';
import { checkResponderPolicy } from './responder.js';
import { checkRules } from './rules.js';
import { checkOrganizationOutput, findStack } from './stack.js';
import { checkForwarder, checkManagementAccount, checkMemberRole } from './stacksets.js';

export interface DoctorOptions {
  naming: StackNaming;
  /** The Regions the stage should run in. */
  regions: readonly string[];
  /** Member accounts to check instead of asking Organizations. */
  accounts?: readonly string[];
  playbooksDir: string;
  infraDir: string;
  /** Where the StackSets were created. */
  stackSetRegion: string;
}

export interface DoctorReport {
  account?: string;
  arn?: string;
  organizationId?: string;
  findings: Finding[];
  /** Playbooks on disk that do not load: nothing is compared then. */
  playbookErrors: PlaybookError[];
}

async function checkRegion(
  ctx: DoctorContext,
  region: string,
): Promise<{ findings: Finding[]; stack?: RegionalStack }> {
  const [{ finding, stack }, guardduty] = await Promise.all([
    findStack(ctx, region),
    checkGuardDuty(ctx, region),
  ]);
  if (!stack) return { findings: [finding, guardduty] };
  const checks = await Promise.all([
    checkRules(ctx, stack),
    checkResponderPolicy(ctx, stack),
    checkTopic(ctx, stack),
    checkBusPolicy(ctx, stack),
  ]);
  return { findings: [finding, checkOrganizationOutput(ctx, stack), ...checks, guardduty], stack };
}

/**
 * Checks a deployment of parry against the playbooks on disk, with read-only
 * calls only (Get, List, Describe), and says what is missing and how to fix it.
 * @example const { findings } = await runDoctor(createDoctorClients(), options)
 */
export async function runDoctor(
  clients: DoctorClients,
  options: DoctorOptions,
): Promise<DoctorReport> {
  const { expected, errors } = await expectedDeployment(
    options.naming,
    options.playbooksDir,
    options.infraDir,
  );
  if (!expected) return { findings: [], playbookErrors: errors };
  const { account, arn } = await whoAmI(clients);
  const org = await organizationOf(clients);
  const ctx: DoctorContext = {
    clients,
    expected,
    account,
    organizationId: org.organizationId,
    managementAccount: org.managementAccount,
    stackSetRegion: options.stackSetRegion,
  };
  const findings: Finding[] = [ok('account', 'caller', `${arn}`), org.finding];
  const regional = await Promise.all(options.regions.map((r) => checkRegion(ctx, r)));
  const stacks = regional.flatMap((r) => (r.stack ? [r.stack] : []));
  if (expected.needsUsEast1 && !stacks.some((s) => s.region === 'us-east-1'))
    findings.push(
      gap(
        'account',
        'us-east-1',
        'enabled playbooks answer IAM, STS or sign-in events, which arrive in us-east-1 only, and no stack runs there',
        `deploy the stack in us-east-1 too (npm run package -- --stage ${options.naming.stage} --region us-east-1 ... && npx osls deploy ...), then run parry doctor with --region us-east-1`,
      ),
    );
  findings.push(...regional.flatMap((r) => r.findings));
  if (ctx.organizationId) {
    const members = await memberAccounts(clients, account, options.accounts);
    findings.push(members.finding);
    const management = checkManagementAccount(ctx, members.accounts);
    if (management) findings.push(management);
    const [role, forwarder] = await Promise.all([
      checkMemberRole(ctx, stacks, members.accounts),
      checkForwarder(ctx, stacks, members.accounts),
    ]);
    findings.push(...role, ...forwarder);
  }
  return { account, arn, organizationId: ctx.organizationId, findings, playbookErrors: [] };
}
