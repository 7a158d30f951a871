import type { Settings } from '../settings.js';
import { AssumeRoleError } from './errors.js';
import type { SdkClient } from './services.js';

export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

/** Refresh this long before expiry, so a slow action never runs on expired keys. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;
const SESSION_SECONDS = 3600;

export const partitionOf = (region: string): string =>
  region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';

/** `parry-<playbook>`, within STS's 64 characters and alphabet. */
export const sessionNameFor = (playbook: string): string =>
  `parry-${playbook}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);

export const memberRoleArn = (settings: Settings, account: string, region: string): string =>
  `arn:${partitionOf(region)}:iam::${account}:role/${settings.memberRoleName}`;

interface AssumeRoleOutput {
  Credentials?: {
    AccessKeyId?: string;
    SecretAccessKey?: string;
    SessionToken?: string;
    Expiration?: Date;
  };
}

/**
 * Credentials for the member role of each account, assumed once and reused
 * until five minutes before they expire.
 */
export class MemberCredentials {
  private readonly cache = new Map<string, Promise<TemporaryCredentials>>();

  constructor(
    private readonly settings: Settings,
    private readonly sts: () => Promise<SdkClient>,
    private readonly assumeRoleCommand: (input: Record<string, unknown>) => Promise<unknown>,
    private readonly clock: () => number = Date.now,
  ) {}

  get(account: string, region: string, playbook: string): Promise<TemporaryCredentials> {
    const session = sessionNameFor(playbook);
    const key = `${account}|${session}`;
    const cached = this.cache.get(key);
    if (cached)
      return cached.then((c) => (this.fresh(c) ? c : this.refresh(key, account, region, session)));
    return this.refresh(key, account, region, session);
  }

  private fresh(c: TemporaryCredentials): boolean {
    return c.expiration.getTime() - this.clock() > REFRESH_MARGIN_MS;
  }

  private refresh(
    key: string,
    account: string,
    region: string,
    session: string,
  ): Promise<TemporaryCredentials> {
    const pending = this.assume(account, region, session);
    this.cache.set(key, pending);
    pending.catch(() => this.cache.delete(key));
    return pending;
  }

  private async assume(
    account: string,
    region: string,
    session: string,
  ): Promise<TemporaryCredentials> {
    const roleArn = memberRoleArn(this.settings, account, region);
    const input: Record<string, unknown> = {
      RoleArn: roleArn,
      RoleSessionName: session,
      DurationSeconds: SESSION_SECONDS,
      ...(this.settings.externalId ? { ExternalId: this.settings.externalId } : {}),
    };
    let output: AssumeRoleOutput;
    try {
      const client = await this.sts();
      output = (await client.send(await this.assumeRoleCommand(input))) as AssumeRoleOutput;
    } catch (error) {
      throw new AssumeRoleError(roleArn, error);
    }
    const c = output.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
      throw new AssumeRoleError(roleArn, new Error('STS returned no credentials'));
    }
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
    };
  }
}
