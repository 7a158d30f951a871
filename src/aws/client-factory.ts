import type { Settings } from '../settings.js';
import { MemberCredentials } from './credentials.js';
import { loadClientClass, type SdkClient } from './services.js';
import type { AwsTarget } from './target.js';
import type { AwsService } from './types.js';

/** Throttling and transient errors are retried by the SDK, adaptively and a bounded number of times. */
export const RETRY_CONFIG = { maxAttempts: 4, retryMode: 'adaptive' } as const;

export interface ClientFactoryOptions {
  settings: Settings;
  /** Extra client config (tests, a custom endpoint); AWS_ENDPOINT_URL is honoured by the SDK itself. */
  clientConfig?: Record<string, unknown>;
}

/**
 * Creates SDK clients lazily, one per service, account and region, and
 * reuses them. Accounts other than the responder's own are reached through
 * the member role.
 */
export class ClientFactory {
  private readonly clients = new Map<string, Promise<SdkClient>>();
  private readonly members: MemberCredentials;
  private ownAccount: Promise<string | undefined> | undefined;

  constructor(private readonly options: ClientFactoryOptions) {
    const settings = options.settings;
    this.members = new MemberCredentials(
      settings,
      () => this.create('STS', settings.region ?? 'us-east-1', undefined),
      async (input) => new (await import('./clients/sts.js')).AssumeRoleCommand(input as never),
    );
  }

  /** @example await factory.client('EC2', { account: '444455556666', region: 'eu-west-1' }, 'quarantine') */
  async client(service: AwsService, target: AwsTarget, playbook: string): Promise<SdkClient> {
    const cross = await this.isCrossAccount(target.account);
    const key = `${service}|${target.region}|${cross ? `${target.account}|${playbook}` : 'own'}`;
    const cached = this.clients.get(key);
    if (cached) return cached;
    const credentials = cross
      ? () => this.members.get(target.account, target.region, playbook)
      : undefined;
    const created = this.create(service, target.region, credentials);
    this.clients.set(key, created);
    return created;
  }

  /** Which services were created: a run that only notifies never loads EC2. */
  createdServices(): string[] {
    return [...new Set([...this.clients.keys()].map((k) => k.split('|')[0] ?? k))];
  }

  private async isCrossAccount(account: string): Promise<boolean> {
    const own = await this.responderAccount();
    return own !== undefined && account !== '' && account !== own;
  }

  private responderAccount(): Promise<string | undefined> {
    if (this.options.settings.responderAccount)
      return Promise.resolve(this.options.settings.responderAccount);
    this.ownAccount ??= this.callerAccount();
    return this.ownAccount;
  }

  private async callerAccount(): Promise<string | undefined> {
    const sts = await this.create('STS', this.options.settings.region ?? 'us-east-1', undefined);
    const { GetCallerIdentityCommand } = await import('./clients/sts.js');
    const identity = (await sts.send(new GetCallerIdentityCommand({}))) as { Account?: string };
    return identity.Account;
  }

  private async create(
    service: AwsService,
    region: string,
    credentials: (() => Promise<unknown>) | undefined,
  ): Promise<SdkClient> {
    const Client = await loadClientClass(service);
    return new Client({
      region,
      ...RETRY_CONFIG,
      ...(credentials ? { credentials } : {}),
      ...this.options.clientConfig,
    });
  }
}
