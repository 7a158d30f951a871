import { DescribeOrganizationCommand, paginateListAccounts } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { describeError, errorName } from './aws-errors.js';
import type { DoctorClients } from './clients.js';
import { type Finding, gap, ok, unknown } from './findings.js';

/** Raised when the caller's credentials do not work at all: nothing else can be checked. */
export class DoctorCallerError extends Error {
  override readonly name = 'DoctorCallerError';
}

/** The caller's account and ARN (STS GetCallerIdentity needs no permission). */
export async function whoAmI(clients: DoctorClients): Promise<{ account: string; arn: string }> {
  try {
    const id = await clients.sts.send(new GetCallerIdentityCommand({}));
    if (!id.Account) throw new Error('GetCallerIdentity named no account');
    return { account: id.Account, arn: id.Arn ?? id.Account };
  } catch (error) {
    throw new DoctorCallerError(`cannot identify the caller: ${describeError(error)}`, {
      cause: error,
    });
  }
}

export interface OrganizationFacts {
  finding: Finding;
  organizationId?: string;
  managementAccount?: string;
}

/** The Organization of the caller's account (any member account may ask). */
export async function organizationOf(clients: DoctorClients): Promise<OrganizationFacts> {
  try {
    const { Organization: org } = await clients.organizations.send(
      new DescribeOrganizationCommand({}),
    );
    return {
      finding: ok(
        'account',
        'organization',
        `${org?.Id} (management account ${org?.MasterAccountId})`,
      ),
      organizationId: org?.Id,
      managementAccount: org?.MasterAccountId,
    };
  } catch (error) {
    if (errorName(error) === 'AWSOrganizationsNotInUseException')
      return {
        finding: ok('account', 'organization', 'in no Organization: single-account checks only'),
      };
    return {
      finding: unknown(
        'account',
        'organization',
        `could not check: ${describeError(error)}`,
        'allow the caller organizations:DescribeOrganization',
      ),
    };
  }
}

/**
 * The accounts parry must be able to act in: `--accounts`, or every active
 * account of the Organization but the caller's. ListAccounts answers the
 * management account and delegated administrators only
 * (https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html).
 */
export async function memberAccounts(
  clients: DoctorClients,
  self: string,
  given: readonly string[] | undefined,
): Promise<{ finding: Finding; accounts: string[] }> {
  if (given) {
    const accounts = given.filter((a) => a !== self);
    return {
      finding: ok('organization', 'accounts', `${accounts.length} account(s) from --accounts`),
      accounts,
    };
  }
  const accounts: string[] = [];
  try {
    for await (const page of paginateListAccounts({ client: clients.organizations }, {}))
      for (const a of page.Accounts ?? [])
        if (a.Id && a.Id !== self && (a.State ?? a.Status) === 'ACTIVE') accounts.push(a.Id);
  } catch (error) {
    return {
      finding: unknown(
        'organization',
        'accounts',
        `could not list the Organization's accounts: ${describeError(error)}`,
        'run parry doctor as a delegated administrator (or the management account), or pass --accounts',
      ),
      accounts,
    };
  }
  if (accounts.length === 0)
    return {
      finding: gap(
        'organization',
        'accounts',
        'Organizations lists no other active account',
        'pass --accounts <id,id,...> to check member accounts',
      ),
      accounts,
    };
  return {
    finding: ok('organization', 'accounts', `${accounts.length} active member account(s)`),
    accounts,
  };
}
