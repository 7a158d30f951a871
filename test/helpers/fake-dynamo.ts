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

type Values = Record<string, AttributeValue>;

const CONDITIONS: Record<string, (item: Item, v: Values) => boolean> = {
  '': () => true,
  'severity < :severity': (item, v) => num(item.severity) < num(v[':severity']),
  'leaseUntil = :lease': (item, v) => num(item.leaseUntil) === num(v[':lease']),
  'attribute_not_exists(runs) OR runs < :max': (item, v) =>
    item.runs === undefined || num(item.runs) < num(v[':max']),
  'attribute_not_exists(tripped)': (item) => item.tripped === undefined,
};

const UPDATES: [string, (item: Item, v: Values, expression: string) => void][] = [
  [
    'ADD completed',
    (item, v) => {
      item.completed = {
        NS: [...new Set([...(item.completed?.NS ?? []), ...(v[':index']?.NS ?? [])])],
      };
    },
  ],
  [
    'ADD runs',
    (item, v) => {
      item.runs = { N: String((item.runs ? num(item.runs) : 0) + 1) };
      item.expiresAt = v[':expires'] ?? { N: '0' };
    },
  ],
  ['SET tripped = :yes', (item) => Object.assign(item, { tripped: { BOOL: true } })],
  ['SET #state = :state', (item, v) => Object.assign(item, { state: v[':state'] })],
  [
    'SET #state = :running',
    (item, v, expression) => {
      Object.assign(item, {
        state: { S: 'running' },
        severity: v[':sev'],
        leaseUntil: v[':until'],
      });
      if (expression.includes('REMOVE completed')) delete item.completed;
    },
  ],
];

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

  mock
    .on(GetItemCommand)
    .callsFake((input: GetItemCommandInput) => ({ Item: items.get(keyOf(input.Key)) }));

  mock.on(UpdateItemCommand).callsFake((input: UpdateItemCommandInput) => {
    const key = keyOf(input.Key);
    const item: Item = { ...(items.get(key) ?? { pk: { S: key } }) };
    const v = input.ExpressionAttributeValues ?? {};
    const check = CONDITIONS[input.ConditionExpression ?? ''];
    if (!check) throw new Error(`fake DynamoDB: unknown condition ${input.ConditionExpression}`);
    if (!check(item, v)) throw fail();
    const expression = input.UpdateExpression ?? '';
    const apply = UPDATES.find(([prefix]) => expression.startsWith(prefix))?.[1];
    if (!apply) throw new Error(`fake DynamoDB: unknown update ${expression}`);
    apply(item, v, expression);
    items.set(key, item);
    return {};
  });

  return { mock, items };
}
