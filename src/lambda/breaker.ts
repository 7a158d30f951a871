import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConditionalCheckFailedException, UpdateItemCommand } from '@aws-sdk/client-dynamodb';

export interface BreakerOptions {
  client: DynamoDBClient;
  table: string;
  maxRunsPerHour: number;
  clock?: () => number;
}

export type BreakerVerdict = { open: false } | { open: true; firstTrip: boolean; hour: string };

const HOUR_SECONDS = 3600;

/**
 * A blast-radius limit: at most N enforced runs per account per clock hour,
 * counted atomically in DynamoDB. Past it, playbooks only plan.
 */
export class CircuitBreaker {
  private readonly clock: () => number;

  constructor(private readonly options: BreakerOptions) {
    this.clock = options.clock ?? Date.now;
  }

  /** @example (await breaker.acquire('444455556666')).open // false while under the limit */
  async acquire(account: string): Promise<BreakerVerdict> {
    const hour = new Date(this.clock()).toISOString().slice(0, 13);
    const key = { pk: { S: `breaker#${account}#${hour}` } };
    const expiresAt = { N: String(Math.floor(this.clock() / 1000) + 2 * HOUR_SECONDS) };
    try {
      await this.options.client.send(
        new UpdateItemCommand({
          TableName: this.options.table,
          Key: key,
          UpdateExpression: 'ADD runs :one SET expiresAt = :expires',
          ConditionExpression: 'attribute_not_exists(runs) OR runs < :max',
          ExpressionAttributeValues: {
            ':one': { N: '1' },
            ':max': { N: String(this.options.maxRunsPerHour) },
            ':expires': expiresAt,
          },
        }),
      );
      return { open: false };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    return { open: true, firstTrip: await this.markTripped(key), hour };
  }

  /** Only the first refused run of the hour notifies, so a storm sends one message. */
  private async markTripped(key: Record<string, { S: string }>): Promise<boolean> {
    try {
      await this.options.client.send(
        new UpdateItemCommand({
          TableName: this.options.table,
          Key: key,
          UpdateExpression: 'SET tripped = :yes',
          ConditionExpression: 'attribute_not_exists(tripped)',
          ExpressionAttributeValues: { ':yes': { BOOL: true } },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
