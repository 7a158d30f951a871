import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';

export interface LedgerOptions {
  client: DynamoDBClient;
  table: string;
  /** How long a run is remembered: GuardDuty republishes a finding for as long as it stays active. */
  windowSeconds: number;
  /** How long one attempt may hold a run before another delivery may take it over (just past the function timeout). */
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

/**
 * Who is running: `attempt` is new for every attempt, and every progress
 * write is conditional on it, so an attempt that was taken over writes
 * nothing more. `invocation` is Lambda's request id, which a retry of a
 * failed or timed-out invocation keeps (https://repost.aws/knowledge-center/lambda-function-duplicate-invocations).
 */
export interface Owner {
  attempt: string;
  invocation?: string;
}

export type RunState = 'running' | 'done' | 'failed';

/** A run as the ledger has it. */
export interface LedgerItem {
  state: RunState;
  severity: number;
  leaseUntil: number;
  completed: Set<number>;
  attempt: string | undefined;
  invocation: string | undefined;
}

/** What the ledger says about a (playbook, finding) run when its claim met an earlier one. */
export type Verdict =
  | { kind: 'rerun'; previousSeverity: number }
  | { kind: 'resume'; completed: Set<number> }
  | { kind: 'duplicate'; reason: string };

/** The ledger answered something a conditional write cannot explain: the invocation fails, so it is retried. */
export class LedgerError extends Error {
  override readonly name = 'LedgerError';
}

const pk = (key: RunKey) => ({ S: `run#${key.playbook}#${key.subject}` });

function itemOf(attributes: Record<string, AttributeValue> | undefined): LedgerItem | undefined {
  if (!attributes) return undefined;
  const state = attributes.state?.S;
  return {
    state: state === 'done' || state === 'failed' ? state : 'running',
    severity: Number(attributes.severity?.N ?? '0'),
    leaseUntil: Number(attributes.leaseUntil?.N ?? '0'),
    completed: new Set((attributes.completed?.NS ?? []).map(Number)),
    attempt: attributes.attempt?.S,
    invocation: attributes.invocation?.S,
  };
}

const ownerValues = (owner: Owner) => ({
  ':attempt': { S: owner.attempt },
  ...(owner.invocation ? { ':invocation': { S: owner.invocation } } : {}),
});

/** False when the condition failed: someone else owns the item now. */
async function conditional(send: () => Promise<unknown>): Promise<boolean> {
  try {
    await send();
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/**
 * Exactly-once effects across EventBridge redeliveries, Lambda retries and
 * GuardDuty finding updates: a conditional write claims a (playbook, finding)
 * run for one attempt; completed actions are recorded, by that attempt only,
 * so a retry resumes rather than repeats.
 */
export class RunLedger {
  private readonly clock: () => number;

  constructor(private readonly options: LedgerOptions) {
    this.clock = options.clock ?? Date.now;
  }

  /** Seconds since the epoch, as the items store time. */
  now(): number {
    return Math.floor(this.clock() / 1000);
  }

  /**
   * Claims a run nobody has claimed (or whose window ended); otherwise gives
   * back the earlier run's item, read by the same conditional write.
   * @example await ledger.claim(key, { attempt: randomUUID() }) // undefined: ours
   */
  async claim(key: RunKey, owner: Owner): Promise<LedgerItem | undefined> {
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
            attempt: { S: owner.attempt },
            ...(owner.invocation ? { invocation: { S: owner.invocation } } : {}),
          },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': { N: String(now) } },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return undefined;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return itemOf(error.Item) ?? (await this.read(key));
    }
  }

  /**
   * DynamoDB returns the item with the failed condition
   * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html,
   * ReturnValuesOnConditionCheckFailure); a table that does not (moto) costs this read.
   */
  private async read(key: RunKey): Promise<LedgerItem> {
    const { Item } = await this.options.client.send(
      new GetItemCommand({
        TableName: this.options.table,
        Key: { pk: pk(key) },
        ConsistentRead: true,
      }),
    );
    const item = itemOf(Item);
    if (!item)
      throw new LedgerError(`the ledger item of ${key.playbook} / ${key.subject} vanished`);
    return item;
  }

  /**
   * What a delivery that met `item` may do. A run still held by a live
   * attempt of another invocation is a duplicate; one held by an earlier
   * attempt of this same invocation is not (Lambda retries only after an
   * attempt ended, so that attempt is dead: it failed or timed out).
   */
  verdict(key: RunKey, item: LedgerItem, invocation: string | undefined): Verdict {
    if (key.rerunOnSeverityIncrease && key.severity > item.severity)
      return { kind: 'rerun', previousSeverity: item.severity };
    if (item.state === 'failed') return { kind: 'resume', completed: item.completed };
    if (item.state === 'running') {
      const ours = invocation !== undefined && item.invocation === invocation;
      if (ours || item.leaseUntil < this.now())
        return { kind: 'resume', completed: item.completed };
      return { kind: 'duplicate', reason: 'duplicate: another attempt is running it' };
    }
    return { kind: 'duplicate', reason: `duplicate: already ran (${item.state})` };
  }

  /**
   * Takes over the run from the attempt that held it when `item` was read
   * (compare-and-set on its attempt id and state); `fresh` forgets its
   * progress (a severity rerun). False when another attempt took it first.
   */
  take(key: RunKey, owner: Owner, item: LedgerItem, fresh: boolean): Promise<boolean> {
    const held: { condition: string; values: Record<string, AttributeValue> } = item.attempt
      ? { condition: 'attempt = :previous', values: { ':previous': { S: item.attempt } } }
      : { condition: 'attribute_not_exists(attempt)', values: {} };
    const set = [
      '#state = :running',
      'severity = :sev',
      'leaseUntil = :until',
      'attempt = :attempt',
    ];
    const remove: string[] = [];
    if (owner.invocation) set.push('invocation = :invocation');
    else remove.push('invocation');
    if (fresh) remove.push('completed');
    const update = `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`;
    return this.update(key, update, `${held.condition} AND #state = :was`, {
      ...held.values,
      ...ownerValues(owner),
      ':was': { S: item.state },
      ':running': { S: 'running' },
      ':sev': { N: String(key.severity) },
      ':until': { N: String(this.now() + this.options.leaseSeconds) },
    });
  }

  /** Records one completed action, so a retry does not repeat it. False: the attempt was taken over. */
  actionDone(key: RunKey, owner: Owner, index: number): Promise<boolean> {
    return this.updateOwned(key, owner, 'ADD completed :index', {
      ':index': { NS: [String(index)] },
    });
  }

  /**
   * `done`, or `failed`: the lease is given up and any later delivery (Lambda's
   * retry first) resumes the run. False: the attempt was taken over.
   */
  finish(key: RunKey, owner: Owner, state: 'done' | 'failed'): Promise<boolean> {
    return this.updateOwned(key, owner, 'SET #state = :state, leaseUntil = :released', {
      ':state': { S: state },
      ':released': { N: '0' },
    });
  }

  /** Forgets a claim that did not act (the breaker deferred it), so a later delivery claims it afresh. */
  forget(key: RunKey, owner: Owner): Promise<boolean> {
    return conditional(() =>
      this.options.client.send(
        new DeleteItemCommand({
          TableName: this.options.table,
          Key: { pk: pk(key) },
          ConditionExpression: 'attempt = :attempt',
          ExpressionAttributeValues: { ':attempt': { S: owner.attempt } },
        }),
      ),
    );
  }

  /** A progress write, made only while `owner` still holds the run. */
  private updateOwned(
    key: RunKey,
    owner: Owner,
    update: string,
    values: Record<string, AttributeValue>,
  ): Promise<boolean> {
    return this.update(key, update, 'attempt = :attempt', {
      ...values,
      ':attempt': { S: owner.attempt },
    });
  }

  /** A conditional update of the run's item; false when the condition failed. */
  private update(
    key: RunKey,
    update: string,
    condition: string,
    values: Record<string, AttributeValue>,
  ): Promise<boolean> {
    const names = `${update} ${condition}`.includes('#state') ? { '#state': 'state' } : undefined;
    return conditional(() =>
      this.options.client.send(
        new UpdateItemCommand({
          TableName: this.options.table,
          Key: { pk: pk(key) },
          UpdateExpression: update,
          ConditionExpression: condition,
          ...(names ? { ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
        }),
      ),
    );
  }
}
