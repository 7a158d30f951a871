import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DeleteItemCommandInput,
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
type Names = Record<string, string>;
type Values = Record<string, AttributeValue>;
type Conditional = Pick<
  PutItemCommandInput,
  | 'ConditionExpression'
  | 'ExpressionAttributeNames'
  | 'ExpressionAttributeValues'
  | 'ReturnValuesOnConditionCheckFailure'
>;

const fail = (item: Item | undefined, returnOld: boolean) =>
  new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: {},
    ...(returnOld && item ? { Item: item } : {}),
  });

const scalar = (v: AttributeValue | undefined): string | number | undefined =>
  v?.N !== undefined ? Number(v.N) : v?.S;

/**
 * The small part of DynamoDB's condition grammar the ledger and the breaker
 * write: `attribute_not_exists(a)`, `a = :v`, `a < :v`, `a > :v`, joined by
 * AND or OR (never both in one expression).
 */
function holds(
  item: Item | undefined,
  expression: string | undefined,
  names: Names,
  values: Values,
): boolean {
  if (!expression) return true;
  const name = (n: string) => names[n] ?? n;
  const term = (t: string): boolean => {
    const missing = /^attribute_not_exists\((.+)\)$/.exec(t);
    if (missing) return item?.[name(missing[1] ?? '')] === undefined;
    const compare = /^(\S+) (=|<|>) (:\w+)$/.exec(t);
    if (!compare) throw new Error(`fake DynamoDB: unknown condition ${t}`);
    const [, attribute = '', op, value = ''] = compare;
    const left = scalar(item?.[name(attribute)]);
    const right = scalar(values[value]);
    if (left === undefined || right === undefined) return false;
    return op === '=' ? left === right : op === '<' ? left < right : left > right;
  };
  if (expression.includes(' OR ')) return expression.split(' OR ').some(term);
  return expression.split(' AND ').every(term);
}

/** One `SET a = :v` or `ADD n :v` (a number, or a number set). */
function applyOne(item: Item, verb: string, attribute: string, v: AttributeValue): void {
  if (verb === 'SET') item[attribute] = v;
  else if (v.NS) item[attribute] = { NS: [...new Set([...(item[attribute]?.NS ?? []), ...v.NS])] };
  else item[attribute] = { N: String(Number(item[attribute]?.N ?? '0') + Number(v.N)) };
}

/** `SET a = :v, b = :w`, `ADD n :v`, `REMOVE a, b`, in any order. */
function apply(item: Item, expression: string, names: Names, values: Values): void {
  const name = (n: string) => names[n] ?? n;
  const clauses = expression.matchAll(/(SET|ADD|REMOVE) (.*?)(?= (?:SET|ADD|REMOVE) |$)/g);
  for (const [, verb = '', body = ''] of clauses) {
    for (const part of body.split(', ')) {
      if (verb === 'REMOVE') {
        delete item[name(part)];
        continue;
      }
      const [attribute = '', value = ''] = part.split(verb === 'SET' ? ' = ' : ' ');
      const v = values[value];
      if (!v) throw new Error(`fake DynamoDB: no value ${value}`);
      applyOne(item, verb, name(attribute), v);
    }
  }
}

/**
 * An in-memory table that evaluates the conditions and updates the ledger and
 * the breaker write, so unit tests see real conditional-write behaviour
 * without a network (the end-to-end suite runs the same against moto).
 */
export function fakeDynamo() {
  const items = new Map<string, Item>();
  const mock = mockClient(DynamoDBClient);
  const keyOf = (key: Item | undefined) => key?.pk?.S ?? '';
  const returnOld = (input: Conditional) => input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD';
  const faults: { when: (input: UpdateItemCommandInput) => boolean; error: Error }[] = [];
  /** Fails the next update that `when` picks with `error` (a throttled write, say), once. */
  const failNextUpdate = (when: (input: UpdateItemCommandInput) => boolean, error: Error) => {
    faults.push({ when, error });
  };

  /** The item the write is for, once its condition held (else the write fails as DynamoDB's does). */
  const checked = (input: Conditional, key: string): Item | undefined => {
    const existing = items.get(key);
    const names = input.ExpressionAttributeNames ?? {};
    if (!holds(existing, input.ConditionExpression, names, input.ExpressionAttributeValues ?? {}))
      throw fail(existing, returnOld(input));
    return existing;
  };

  mock.on(PutItemCommand).callsFake((input: PutItemCommandInput) => {
    const key = keyOf(input.Item);
    checked(input, key);
    items.set(key, { ...input.Item });
    return {};
  });

  mock
    .on(GetItemCommand)
    .callsFake((input: GetItemCommandInput) => ({ Item: items.get(keyOf(input.Key)) }));

  mock.on(UpdateItemCommand).callsFake((input: UpdateItemCommandInput) => {
    const fault = faults.findIndex((f) => f.when(input));
    if (fault !== -1) throw faults.splice(fault, 1)[0]?.error;
    const key = keyOf(input.Key);
    const item: Item = { ...(checked(input, key) ?? { pk: { S: key } }) };
    const values = input.ExpressionAttributeValues ?? {};
    apply(item, input.UpdateExpression ?? '', input.ExpressionAttributeNames ?? {}, values);
    items.set(key, item);
    return {};
  });

  mock.on(DeleteItemCommand).callsFake((input: DeleteItemCommandInput) => {
    const key = keyOf(input.Key);
    checked(input, key);
    items.delete(key);
    return {};
  });

  return { mock, items, failNextUpdate };
}
