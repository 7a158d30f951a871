import type { ClientFactory } from './client-factory.js';
import { AwsCallError } from './errors.js';
import type { AwsTarget } from './target.js';
import { isTransientError } from './transient.js';
import type { AwsService, CallRecord } from './types.js';

/** An SDK v3 command: its input and, in its schema, the operation name. */
export interface SdkCommand {
  input: object;
  schema?: unknown;
}

export interface SendOptions {
  /** Another region, e.g. a trail's home region or a topic's. */
  region?: string;
  /**
   * Another account: the owner of a topic or bus named by ARN (the security
   * account's topic, not the member account the event is about). The call is
   * made with that account's credentials: the responder's own in its own
   * account, the member role in any other.
   */
  account?: string;
}

/** What actions call AWS through: every call is recorded with its outcome. */
export interface Aws {
  readonly target: AwsTarget;
  /**
   * Sends one command; a failure is recorded and thrown as an AwsCallError.
   * @example const out = await aws.send<DescribeInstancesCommandOutput>('EC2', new DescribeInstancesCommand({ InstanceIds: [id] }))
   */
  send<Output>(service: AwsService, command: SdkCommand, options?: SendOptions): Promise<Output>;
  /** Records a call that was deliberately not made, so the report says why. */
  skip(service: AwsService, operation: string, input: object, reason: string): void;
  /**
   * Marks the failed call that threw `error` as `tolerated`, its `error` text
   * ending `(tolerated: <why>)`: AWS's error means the wanted state already
   * holds (`InvalidPermission.Duplicate`, `NoSuchEntity` for a login profile to delete).
   * @example aws.tolerate(error, 'rule already present')
   */
  tolerate(error: unknown, why: string): void;
}

/** The operation's name survives minification in the command's schema. */
export function operationOf(command: SdkCommand): string {
  const schema = command.schema;
  if (Array.isArray(schema) && typeof schema[2] === 'string') return schema[2];
  return command.constructor.name.replace(/Command$/, '');
}

/** One action's view of AWS in one run: its target account and region, and its calls. */
export class AwsSession implements Aws {
  readonly calls: CallRecord[] = [];
  private readonly failed = new WeakMap<AwsCallError, CallRecord>();

  constructor(
    private readonly factory: ClientFactory,
    readonly target: AwsTarget,
    private readonly labels: { playbook: string; action: string; resource?: string },
  ) {}

  async send<Output>(
    service: AwsService,
    command: SdkCommand,
    options: SendOptions = {},
  ): Promise<Output> {
    const region = options.region ?? this.target.region;
    const account = options.account ?? this.target.account;
    const record: CallRecord = {
      service,
      operation: operationOf(command),
      input: { ...(command.input as Record<string, unknown>) },
      ...(region !== this.target.region ? { region } : {}),
      ...(account !== this.target.account ? { account } : {}),
    };
    this.calls.push(record);
    try {
      const client = await this.factory.client(service, { account, region }, this.labels.playbook);
      const output = (await client.send(command)) as Output;
      record.status = 'ok';
      return output;
    } catch (error) {
      const wrapped =
        error instanceof AwsCallError
          ? error
          : new AwsCallError(
              service,
              record.operation,
              this.labels.action,
              this.labels.resource,
              error,
            );
      record.status = 'failed';
      record.code = wrapped.code;
      if (isTransientError(error)) record.transient = true;
      this.failed.set(wrapped, record);
      record.error = `${wrapped.code}: ${(error as Error).message ?? wrapped.message}`;
      throw wrapped;
    }
  }

  tolerate(error: unknown, why: string): void {
    const record = error instanceof AwsCallError ? this.failed.get(error) : undefined;
    if (!record) return;
    record.status = 'tolerated';
    record.error = `${record.error} (tolerated: ${why})`;
  }

  skip(service: AwsService, operation: string, input: object, reason: string): void {
    this.calls.push({
      service,
      operation,
      input: { ...(input as Record<string, unknown>) },
      status: 'skipped',
      error: reason,
    });
  }
}
