import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  type GetItemCommandInput,
  PutItemCommand,
  type PutItemCommandInput,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';

type Item = Record<string, AttributeValue>;

const fail = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

const num = (v: AttributeValue | undefined) => Number(v?.N ?? Number.NaN);

/**
 * An in-memory table for the exact expressions the ledger and the breaker
 * write: it evaluates their conditions, so tests see real conditional-write
 * behaviour without a network.
 */
export function fakeDynamo() {
  const items = new Map<string, Item>();
  const mock = mockClient(DynamoDBClient);
  const keyOf = (key: Item | undefined) => key?.pk?.S ?? '';

  mock.on(PutItemCommand).callsFake((input: PutItemCommandInput) => {
    const key = keyOf(input.Item);
    const existing = items.get(key);
    const now = num(input.ExpressionAttributeValues?.[':now']);
    if (existing && !(num(existing.expiresAt) < now)) throw fail();
    items.set(key, { ...input.Item });
    return {};
  });

  mock.on(GetItemCommand).callsFake((input: GetItemCommandInput) => ({ Item: items.get(keyOf(input.Key)) }));

  mock.on(UpdateItemCommand).callsFake((input: UpdateItemCommandInput) => {
    const key = keyOf(input.Key);
    const item: Item = { ...(items.get(key) ?? { pk: { S: key } }) };
    const v = input.ExpressionAttributeValues ?? {};
    const condition = input.ConditionExpression ?? '';
    const holds: Record<string, () => boolean> = {
      '': () => true,
      'severity < :severity': () => num(item.severity) < num(v[':severity']),
      'leaseUntil = :lease': () => num(item.leaseUntil) === num(v[':lease']),
      'attribute_not_exists(runs) OR runs < :max': () => item.runs === undefined || num(item.runs) < num(v[':max']),
      'attribute_not_exists(tripped)': () => item.tripped === undefined,
    };
    const check = holds[condition];
    if (!check) throw new Error(`fake DynamoDB: unknown condition ${condition}`);
    if (!check()) throw fail();
    const expression = input.UpdateExpression ?? '';
    if (expression.startsWith('ADD completed')) {
      item.completed = { NS: [...new Set([...(item.completed?.NS ?? []), ...(v[':index']?.NS ?? [])])] };
    } else if (expression.startsWith('ADD runs')) {
      item.runs = { N: String((item.runs ? num(item.runs) : 0) + 1) };
      item.expiresAt = v[':expires'] ?? item.expiresAt ?? { N: '0' };
    } else if (expression === 'SET tripped = :yes') {
      item.tripped = { BOOL: true };
    } else if (expression === 'SET #state = :state') {
      item.state = v[':state'] ?? { S: '?' };
    } else if (expression.startsWith('SET #state = :running')) {
      item.state = { S: 'running' };
      item.severity = v[':sev'] ?? { N: '0' };
      item.leaseUntil = v[':until'] ?? { N: '0' };
      if (expression.includes('REMOVE completed')) delete item.completed;
    } else {
      throw new Error(`fake DynamoDB: unknown update ${expression}`);
    }
    items.set(key, item);
    return {};
  });

  return { mock, items };
}
