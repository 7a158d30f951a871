import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeEach, expect, it } from 'vitest';
import { CircuitBreaker } from '../../src/lambda/breaker.js';
import { type RunKey, RunLedger } from '../../src/lambda/ledger.js';
import { clientConfig } from './support/aws.js';
import { createLedgerTable, ledgerItems, TABLE } from './support/lambda.js';
import { describeMoto } from './support/suite.js';

// The ledger's and the breaker's conditional writes, against DynamoDB as moto
// implements it: the conditions hold as DynamoDB evaluates them, not as the
// unit tests' in-memory table does.
describeMoto('the ledger in DynamoDB', (moto) => {
  let ledger: RunLedger;
  let breaker: CircuitBreaker;
  beforeEach(async () => {
    await createLedgerTable(moto());
    const client = new DynamoDBClient(clientConfig(moto()));
    ledger = new RunLedger({ client, table: TABLE, windowSeconds: 3600, leaseSeconds: 70 });
    breaker = new CircuitBreaker({ client, table: TABLE, maxRunsPerHour: 2 });
  });
  const key: RunKey = { playbook: 'p', subject: 'f-1', severity: 5, rerunOnSeverityIncrease: true };
  const item = async () => (await ledgerItems(moto())).get('run#p#f-1');

  it('lets a severity rerun own the run: the attempt it superseded writes nothing more', async () => {
    const old = { attempt: 'attempt-old', invocation: 'req-old' };
    const rerun = { attempt: 'attempt-new', invocation: 'req-new' };
    expect(await ledger.claim(key, old)).toBeUndefined();
    expect(await ledger.actionDone(key, old, 0)).toBe(true);

    const worse = { ...key, severity: 8 };
    const earlier = await ledger.claim(worse, rerun);
    // DynamoDB gives the item back with the failed condition: no read of its own.
    expect(earlier).toMatchObject({ state: 'running', severity: 5, attempt: 'attempt-old' });
    if (!earlier) throw new Error('no earlier run');
    expect(ledger.verdict(worse, earlier, rerun.invocation)).toMatchObject({ kind: 'rerun' });
    expect(await ledger.take(worse, rerun, earlier, true)).toBe(true);

    expect(await ledger.actionDone(key, old, 1)).toBe(false);
    expect(await ledger.finish(key, old, 'done')).toBe(false);
    expect(await item()).toMatchObject({
      state: { S: 'running' },
      severity: { N: '8' },
      attempt: { S: 'attempt-new' },
      invocation: { S: 'req-new' },
    });
    expect((await item())?.completed).toBeUndefined();

    expect(await ledger.actionDone(worse, rerun, 0)).toBe(true);
    expect(await ledger.finish(worse, rerun, 'done')).toBe(true);
    expect(await item()).toMatchObject({ state: { S: 'done' }, completed: { NS: ['0'] } });
  });

  it('lets only one of two deliveries take over a released run', async () => {
    const first = { attempt: 'a-1' };
    await ledger.claim(key, first);
    await ledger.finish(key, first, 'failed');
    const earlier = await ledger.claim(key, { attempt: 'a-2' });
    if (!earlier) throw new Error('no earlier run');
    expect(ledger.verdict(key, earlier, 'req-2')).toMatchObject({ kind: 'resume' });
    expect(await ledger.take(key, { attempt: 'a-2' }, earlier, false)).toBe(true);
    expect(await ledger.take(key, { attempt: 'a-3' }, earlier, false)).toBe(false);
    expect((await item())?.attempt?.S).toBe('a-2');
  });

  it('forgets a deferred claim only for the attempt that made it', async () => {
    await ledger.claim(key, { attempt: 'a-1' });
    expect(await ledger.forget(key, { attempt: 'someone-else' })).toBe(false);
    expect(await ledger.forget(key, { attempt: 'a-1' })).toBe(true);
    expect(await item()).toBeUndefined();
  });

  it('counts runs up to the limit, and a refund makes room again', async () => {
    const first = await breaker.acquire('444455556666');
    expect(first).toBeDefined();
    expect(await breaker.acquire('444455556666')).toBeDefined();
    expect(await breaker.acquire('444455556666')).toBeUndefined();
    expect(await breaker.acquire('111122223333')).toBeDefined();
    if (first) await breaker.refund(first);
    expect(await breaker.acquire('444455556666')).toBeDefined();
  });
});
