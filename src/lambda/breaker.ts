import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConditionalCheckFailedException, UpdateItemCommand } from '@aws-sdk/client-dynamodb';

export interface BreakerOptions {
  client: DynamoDBClient;
  table: string;
  maxRunsPerHour: number;
  clock?: () => number;
}

/** One counted run: where it was counted, so that it can be given back. */
export interface Permit {
  account: string;
  /** `2026-11-22T10`: the clock hour (UTC) it counts in. */
  hour: string;
}

const HOUR_SECONDS = 3600;

const keyOf = (permit: Permit) => ({ pk: { S: `breaker#${permit.account}#${permit.hour}` } });

/**
 * A blast-radius limit: at most N state-changing runs per account per clock
 * hour, counted atomically in DynamoDB. Past it, runs are deferred.
 */
export class CircuitBreaker {
  private readonly clock: () => number;

  constructor(private readonly options: BreakerOptions) {
    this.clock = options.clock ?? Date.now;
  }

  get limit(): number {
    return this.options.maxRunsPerHour;
  }

  /**
   * Counts one run, or refuses it (undefined) when the hour's budget is spent.
   * @example await breaker.acquire('444455556666') // { account: '444455556666', hour: '2026-11-22T10' }
   */
  async acquire(account: string): Promise<Permit | undefined> {
    const permit = { account, hour: new Date(this.clock()).toISOString().slice(0, 13) };
    // A first count of the hour meets no item: the condition alone would let it through.
    if (this.options.maxRunsPerHour <= 0) return undefined;
    try {
      await this.options.client.send(
        new UpdateItemCommand({
          TableName: this.options.table,
          Key: keyOf(permit),
          UpdateExpression: 'ADD runs :one SET expiresAt = :expires',
          ConditionExpression: 'attribute_not_exists(runs) OR runs < :max',
          ExpressionAttributeValues: {
            ':one': { N: '1' },
            ':max': { N: String(this.options.maxRunsPerHour) },
            ':expires': { N: String(Math.floor(this.clock() / 1000) + 2 * HOUR_SECONDS) },
          },
        }),
      );
      return permit;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  /**
   * Gives a count back: the breaker is asked alongside the ledger's claim (one
   * round trip), so a delivery that turns out not to start a run (a duplicate,
   * a resumed run, counted when it started) returns its count.
   */
  async refund(permit: Permit): Promise<void> {
    try {
      await this.options.client.send(
        new UpdateItemCommand({
          TableName: this.options.table,
          Key: keyOf(permit),
          UpdateExpression: 'ADD runs :minus',
          ConditionExpression: 'runs > :zero',
          ExpressionAttributeValues: { ':minus': { N: '-1' }, ':zero': { N: '0' } },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
