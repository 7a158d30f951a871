import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { pollDelay, runAthenaQuery } from '../../src/backtest/athena.js';

const athena = mockClient(AthenaClient);
const query = {
  sql: 'SELECT DISTINCT "$path" FROM t WHERE TRUE',
  database: 'security',
  workgroup: 'backtests',
};
const row = (value: string) => ({ Data: [{ VarCharValue: value }] });

describe('the Athena prefilter query', () => {
  beforeEach(() => athena.reset());

  it('starts the query, polls until it succeeds, and reads every page of results', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce({ QueryExecution: { Status: { State: 'QUEUED' } } })
      .resolvesOnce({
        QueryExecution: { Status: { State: 'RUNNING' }, Statistics: { DataScannedInBytes: 10 } },
      })
      .resolves({
        QueryExecution: {
          Status: { State: 'SUCCEEDED' },
          Statistics: { DataScannedInBytes: 5_368_709_120 },
        },
      });
    athena
      .on(GetQueryResultsCommand, { QueryExecutionId: 'q-1', MaxResults: 1000 })
      .resolves({
        ResultSet: {
          Rows: [
            row('$path'),
            row('s3://trail/AWSLogs/1/CloudTrail/us-east-1/2026/01/01/a.json.gz'),
          ],
        },
        NextToken: 'page-2',
      })
      .on(GetQueryResultsCommand, { QueryExecutionId: 'q-1', NextToken: 'page-2' })
      .resolves({
        ResultSet: {
          Rows: [
            row('s3://trail/AWSLogs/1/CloudTrail/us-east-1/2026/01/01/b.json.gz'),
            row('s3://trail/AWSLogs/1/CloudTrail/us-east-1/2026/01/01/a.json.gz'),
          ],
        },
      });
    const waits: number[] = [];
    const answer = await runAthenaQuery(
      new AthenaClient({ region: 'us-east-1' }),
      query,
      async (ms) => {
        waits.push(ms);
      },
    );
    expect(athena).toHaveReceivedCommandWith(StartQueryExecutionCommand, {
      QueryString: query.sql,
      QueryExecutionContext: { Database: 'security' },
      WorkGroup: 'backtests',
    });
    expect(athena).toHaveReceivedCommandTimes(GetQueryExecutionCommand, 3);
    expect(athena).toHaveReceivedCommandTimes(GetQueryResultsCommand, 2);
    expect(waits).toEqual([500, 1000]);
    // The header row is skipped and a path named twice is read once.
    expect(answer.objects).toEqual([
      { kind: 's3', bucket: 'trail', key: 'AWSLogs/1/CloudTrail/us-east-1/2026/01/01/a.json.gz' },
      { kind: 's3', bucket: 'trail', key: 'AWSLogs/1/CloudTrail/us-east-1/2026/01/01/b.json.gz' },
    ]);
    expect(answer.scannedBytes).toBe(5_368_709_120);
    expect(answer.queryId).toBe('q-1');
  });

  it('sends the output location only when given', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-2' });
    athena
      .on(GetQueryExecutionCommand)
      .resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    athena.on(GetQueryResultsCommand).resolves({ ResultSet: { Rows: [row('$path')] } });
    const answer = await runAthenaQuery(
      new AthenaClient({ region: 'us-east-1' }),
      { ...query, outputLocation: 's3://results/parry/' },
      async () => {},
    );
    expect(athena).toHaveReceivedCommandWith(StartQueryExecutionCommand, {
      ResultConfiguration: { OutputLocation: 's3://results/parry/' },
    });
    expect(answer.objects).toEqual([]);
  });

  it("reports a failed query with Athena's reason", async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-3' });
    athena.on(GetQueryExecutionCommand).resolves({
      QueryExecution: {
        Status: { State: 'FAILED', StateChangeReason: 'TABLE_NOT_FOUND: cloudtrail_logs' },
      },
    });
    await expect(
      runAthenaQuery(new AthenaClient({ region: 'us-east-1' }), query, async () => {}),
    ).rejects.toThrow('Athena query q-3 failed: TABLE_NOT_FOUND: cloudtrail_logs');
    expect(athena).toHaveReceivedCommandTimes(GetQueryResultsCommand, 0);
  });

  it('refuses a result that is not an S3 object', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-4' });
    athena
      .on(GetQueryExecutionCommand)
      .resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    athena
      .on(GetQueryResultsCommand)
      .resolves({ ResultSet: { Rows: [row('$path'), row('/etc/passwd')] } });
    await expect(
      runAthenaQuery(new AthenaClient({ region: 'us-east-1' }), query, async () => {}),
    ).rejects.toThrow('is not an S3 object');
  });

  it('backs off from 0.5 s to at most 5 s', () => {
    expect([0, 1, 2, 3, 4, 10].map(pollDelay)).toEqual([500, 1000, 2000, 4000, 5000, 5000]);
  });
});
