import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';

/** What the ledger says about a (playbook, finding) run. */
export type Claim =
  | { kind: 'first' }
  | { kind: 'rerun'; previousSeverity: number }
  | { kind: 'resume'; completed: Set<number> }
  | { kind: 'duplicate'; reason: string };

export interface LedgerOptions {
  client: DynamoDBClient;
  table: string;
  /** How long a run is remembered: GuardDuty republishes a finding for as long as it stays active. */
  windowSeconds: number;
  /** How long one attempt may hold a run before a retry may take it over (the function timeout). */
  leaseSeconds: number;
  clock?: () => number;
}

export interface RunKey {
  playbook: string;
  /** GuardDuty finding id, or the EventBridge event id for other events. */
  subject: string;
  severity: number;
  rerunOnSeverityIncrease: boolean;
}

const pk = (key: RunKey) => ({ S: `run#${key.playbook}#${key.subject}` });

/**
 * Exactly-once effects across EventBridge redeliveries, Lambda retries and
 * GuardDuty finding updates: a conditional write claims a (playbook, finding)
 * run; completed actions are recorded so a retry resumes rather than repeats.
 */
export class RunLedger {
  private readonly clock: () => number;

  constructor(private readonly options: LedgerOptions) {
    this.clock = options.clock ?? Date.now;
  }

  private now(): number {
    return Math.floor(this.clock() / 1000);
  }

  /** @example await ledger.claim({ playbook: 'p', subject: findingId, severity: 8, rerunOnSeverityIncrease: false }) */
  async claim(key: RunKey): Promise<Claim> {
    const now = this.now();
    try {
      await this.options.client.send(
        new PutItemCommand({
          TableName: this.options.table,
          Item: {
            pk: pk(key),
            state: { S: 'running' },
            severity: { N: String(key.severity) },
            leaseUntil: { N: String(now + this.options.leaseSeconds) },
            expiresAt: { N: String(now + this.options.windowSeconds) },
          },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': { N: String(now) } },
        }),
      );
      return { kind: 'first' };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    return this.claimExisting(key, now);
  }

  private async claimExisting(key: RunKey, now: number): Promise<Claim> {
    const { Item } = await this.options.client.send(
      new GetItemCommand({
        TableName: this.options.table,
        Key: { pk: pk(key) },
        ConsistentRead: true,
      }),
    );
    const state = Item?.state?.S ?? 'running';
    const severity = Number(Item?.severity?.N ?? '0');
    const lease = Number(Item?.leaseUntil?.N ?? '0');
    if (key.rerunOnSeverityIncrease && key.severity > severity) {
      const taken = await this.take(
        key,
        now,
        'severity < :severity',
        { ':severity': { N: String(key.severity) } },
        true,
      );
      return taken
        ? { kind: 'rerun', previousSeverity: severity }
        : this.duplicate('another attempt took it');
    }
    if (state === 'failed' || (state === 'running' && lease < now)) {
      const taken = await this.take(
        key,
        now,
        'leaseUntil = :lease',
        { ':lease': { N: String(lease) } },
        false,
      );
      const completed = new Set((Item?.completed?.NS ?? []).map(Number));
      return taken ? { kind: 'resume', completed } : this.duplicate('another attempt took it');
    }
    return this.duplicate(
      state === 'running' ? 'another attempt is running it' : `already ran (${state})`,
    );
  }

  private duplicate(why: string): Claim {
    return { kind: 'duplicate', reason: `duplicate: ${why}` };
  }

  private async take(
    key: RunKey,
    now: number,
    condition: string,
    values: Record<string, { N: string }>,
    fresh: boolean,
  ): Promise<boolean> {
    try {
      await this.options.client.send(
        new UpdateItemCommand({
          TableName: this.options.table,
          Key: { pk: pk(key) },
          UpdateExpression: `SET #state = :running, severity = :sev, leaseUntil = :until${fresh ? ' REMOVE completed' : ''}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ...values,
            ':running': { S: 'running' },
            ':sev': { N: String(key.severity) },
            ':until': { N: String(now + this.options.leaseSeconds) },
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Records one completed action, so a retry does not repeat it. */
  async actionDone(key: RunKey, index: number): Promise<void> {
    await this.options.client.send(
      new UpdateItemCommand({
        TableName: this.options.table,
        Key: { pk: pk(key) },
        UpdateExpression: 'ADD completed :index',
        ExpressionAttributeValues: { ':index': { NS: [String(index)] } },
      }),
    );
  }

  /** `done`, or `failed` when a retry should resume it. */
  async finish(key: RunKey, state: 'done' | 'failed' | 'dry-run'): Promise<void> {
    await this.options.client.send(
      new UpdateItemCommand({
        TableName: this.options.table,
        Key: { pk: pk(key) },
        UpdateExpression: 'SET #state = :state',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':state': { S: state } },
      }),
    );
  }
}
