import type { DoctorClients } from './clients.js';
import type { Expected } from './expected.js';

/** What every check knows: who runs it, in which Organization, and what should be deployed. */
export interface DoctorContext {
  clients: DoctorClients;
  expected: Expected;
  /** The caller's account: the security account, where the stacks run. */
  account: string;
  organizationId: string | undefined;
  managementAccount: string | undefined;
  /** Where the StackSets were created (`--stackset-region`). */
  stackSetRegion: string;
}

/** A parry stack found in a Region: its outputs and resources by logical id. */
export interface RegionalStack {
  region: string;
  outputs: Record<string, string>;
  /** Logical id → physical id. */
  resources: Map<string, string>;
}

/**
 * The command that (re)deploys the stack of a Region from the playbooks on
 * disk. osls keeps no record of the params a stack was deployed with, so
 * the command says to repeat the others (a deploy without `alarmEmail`
 * removes the subscription).
 */
export function deployCommand(ctx: DoctorContext, region: string, extra = ''): string {
  const { stage } = ctx.expected.naming;
  const org = ctx.organizationId ? ` --param=organizationId=${ctx.organizationId}` : '';
  return `npm run package -- --stage ${stage} --region ${region}${org} && npx osls deploy --stage ${stage} --region ${region}${org}${extra} (repeat your other --param values)`;
}
