import type { AthenaClient } from '@aws-sdk/client-athena';
import { BacktestError } from './errors.js';
import type { ObjectRef } from './sources.js';
import { parseS3Url } from './sources.js';

export interface AthenaQuery {
  sql: string;
  database: string;
  workgroup: string;
  /** Only when the workgroup has no result location of its own. */
  outputLocation?: string;
}

export interface AthenaAnswer {
  objects: ObjectRef[];
  /** What Athena reports it scanned (what the query is billed on). */
  scannedBytes: number;
  queryId: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How long to wait between two GetQueryExecution polls: 0.5 s, doubling up to 5 s. */
export const pollDelay = (attempt: number): number => Math.min(500 * 2 ** attempt, 5000);

/**
 * Runs the prefilter query and collects the S3 objects it names: StartQueryExecution, then
 * GetQueryExecution until the query ends, then every page of GetQueryResults (the first row
 * of the first page is the column header: Athena User Guide, "Working with query results").
 *
 * @example const { objects, scannedBytes } = await runAthenaQuery(client, { sql, database: 'security', workgroup: 'primary' })
 */
export async function runAthenaQuery(
  client: AthenaClient,
  query: AthenaQuery,
  wait: (ms: number) => Promise<unknown> = sleep,
): Promise<AthenaAnswer> {
  const athena = await import('@aws-sdk/client-athena');
  const started = await client.send(
    new athena.StartQueryExecutionCommand({
      QueryString: query.sql,
      QueryExecutionContext: { Database: query.database },
      WorkGroup: query.workgroup,
      ...(query.outputLocation
        ? { ResultConfiguration: { OutputLocation: query.outputLocation } }
        : {}),
    }),
  );
  const queryId = started.QueryExecutionId;
  if (!queryId) throw new BacktestError('Athena: StartQueryExecution returned no query id');
  const scannedBytes = await untilDone(client, queryId, wait);
  return { objects: await objectsNamed(client, queryId), scannedBytes, queryId };
}

/** Polls GetQueryExecution until the query succeeds; returns the bytes it scanned. */
async function untilDone(
  client: AthenaClient,
  queryId: string,
  wait: (ms: number) => Promise<unknown>,
): Promise<number> {
  const { GetQueryExecutionCommand } = await import('@aws-sdk/client-athena');
  let scannedBytes = 0;
  for (let attempt = 0; ; attempt++) {
    const { QueryExecution: execution } = await client.send(
      new GetQueryExecutionCommand({ QueryExecutionId: queryId }),
    );
    const state = execution?.Status?.State;
    scannedBytes = execution?.Statistics?.DataScannedInBytes ?? scannedBytes;
    if (state === 'SUCCEEDED') return scannedBytes;
    if (state === 'FAILED' || state === 'CANCELLED') {
      const reason = execution?.Status?.StateChangeReason ?? 'no reason given';
      throw new BacktestError(`Athena query ${queryId} ${state.toLowerCase()}: ${reason}`);
    }
    await wait(pollDelay(attempt));
  }
}

/** Every page of GetQueryResults, as S3 objects, each once; the header row is skipped. */
async function objectsNamed(client: AthenaClient, queryId: string): Promise<ObjectRef[]> {
  const { GetQueryResultsCommand } = await import('@aws-sdk/client-athena');
  const paths: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new GetQueryResultsCommand({
        QueryExecutionId: queryId,
        MaxResults: 1000,
        ...(token ? { NextToken: token } : {}),
      }),
    );
    const rows = page.ResultSet?.Rows ?? [];
    const data = token === undefined ? rows.slice(1) : rows;
    for (const row of data) paths.push(row.Data?.[0]?.VarCharValue ?? '');
    token = page.NextToken;
  } while (token);
  return [...new Set(paths.filter((p) => p !== ''))].map(toObject);
}

const toObject = (path: string): ObjectRef => {
  const url = parseS3Url(path);
  if (!url || url.prefix === '') throw new BacktestError(`Athena: "${path}" is not an S3 object`);
  return { kind: 's3', bucket: url.bucket, key: url.prefix };
};
