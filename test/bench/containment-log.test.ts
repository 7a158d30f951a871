import { describe, expect, it } from 'vitest';
import { figuresOf } from '../../bench/containment-log.js';
import type { LoggedCall } from '../moto/support/moto.js';

/** A logged call: [service, operation, start, end, status]. */
const call = (
  n: number,
  [svc, op, t0, t1, status = '200 OK']: [string, string, number, number, string?],
): LoggedCall => ({ n, t0, t1, akid: 'testing', svc, region: 'us-east-1', op, status, err: '' });

const log = (...calls: [string, string, number, number, string?][]) =>
  calls.map((c, i) => call(i + 1, c));

const SWAP = 'ModifyNetworkInterfaceAttribute';

describe('figuresOf (benchmark 7, from the request log)', () => {
  it.each([
    {
      name: 'a CLI run: describes, untrack swaps, isolation swaps',
      calls: log(
        ['ec2', 'DescribeInstances', 0, 0.25],
        ['ec2', SWAP, 0.26, 0.51],
        ['ec2', SWAP, 0.26, 0.52],
        ['ec2', SWAP, 0.53, 0.78],
        ['ec2', SWAP, 0.53, 0.8],
      ),
      expected: {
        calls: 5,
        swaps: 4,
        isolationRound: 3,
        firstEc2Round: 1,
        gateGap: undefined,
        toIsolationDelays: 3.2,
      },
    },
    {
      name: 'a Lambda run: one gate round, a gap, then EC2; the ledger writes after it count as calls',
      calls: log(
        ['dynamodb', 'DynamoDB_20120810.PutItem', 0, 0.25],
        ['dynamodb', 'DynamoDB_20120810.UpdateItem', 0, 0.26],
        ['ec2', 'DescribeInstances', 0.66, 0.91],
        ['ec2', SWAP, 0.92, 1.17],
        ['dynamodb', 'DynamoDB_20120810.UpdateItem', 1.18, 1.43],
      ),
      expected: {
        calls: 5,
        swaps: 1,
        isolationRound: 3,
        firstEc2Round: 2,
        toIsolationDelays: 4.68,
      },
    },
    {
      name: 'a failed swap (and its retry) isolates nothing: the successful one counts',
      calls: log(
        ['ec2', SWAP, 0, 0.25, '503 injected'],
        ['ec2', SWAP, 0.3, 0.55],
        ['ec2', 'CreateTags', 0.6, 0.85],
      ),
      expected: { swaps: 1, isolationRound: 2, toIsolationDelays: 2.2 },
    },
  ])('$name', ({ calls, expected }) => {
    const figures = figuresOf(calls, 0.25, 0);
    const { toIsolationDelays, ...rest } = expected;
    expect(figures).toMatchObject(rest);
    expect(figures.toIsolationDelays).toBeCloseTo(toIsolationDelays, 6);
  });

  it('measures the gap from the gate’s last answer to the first EC2 call, and the time from the spawn', () => {
    const figures = figuresOf(
      log(
        ['dynamodb', 'DynamoDB_20120810.PutItem', 0, 0.25],
        ['dynamodb', 'DynamoDB_20120810.UpdateItem', 0, 0.3],
        ['ec2', SWAP, 0.7, 0.95],
      ),
      0.25,
      -0.5,
    );
    expect(figures.gateGap).toBeCloseTo(0.4, 6);
    expect(figures.fromSpawnDelays).toBeCloseTo(5.8, 6);
  });

  it('refuses a run that swapped no ENI', () => {
    expect(() => figuresOf(log(['ec2', 'DescribeInstances', 0, 0.25]), 0.25, 0)).toThrow(
      /no successful ENI swap/,
    );
  });
});
