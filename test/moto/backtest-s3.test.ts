import { gzipSync } from 'node:zlib';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ACCOUNT, deleteTrail, SCOPE_ARGS, trailKey } from '../backtest/archive.js';
import { runCli } from '../helpers/cli.js';
import { applyEnv, clientConfig, motoEnv } from './support/aws.js';
import { describeMoto, itWithLog } from './support/suite.js';

const OTHER = '444455556666';
const BUCKET = 'org-trail';
const ORG = 'o-a1b2c3d4e5';

describeMoto('parry backtest over s3://', (moto) => {
  let restore: () => void;
  beforeEach(async () => {
    restore = applyEnv(
      motoEnv(moto(), { PARRY_NOTIFY_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:parry' }),
    );
    const s3 = new S3Client({ ...clientConfig(moto()), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const put = (key: string, body: Buffer) =>
      s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
    const log = (records: unknown[]) => gzipSync(JSON.stringify({ Records: records }));
    const bad = Buffer.from('not gzip: reading this object would be reported');
    await put(
      trailKey(ACCOUNT, 'us-east-1', '2026-03-25', 'a', ORG),
      log([deleteTrail(ACCOUNT, 'us-east-1', '2026-03-25T18:21:37Z', 's3-1')]),
    );
    await put(
      trailKey(ACCOUNT, 'us-east-1', '2026-03-26', 'b', ORG),
      log([deleteTrail(ACCOUNT, 'us-east-1', '2026-03-26T09:00:00Z', 's3-2')]),
    );
    await put(trailKey(OTHER, 'us-east-1', '2026-03-25', 'c', ORG), bad);
    await put(trailKey(ACCOUNT, 'eu-west-1', '2026-03-25', 'd', ORG), bad);
    await put(trailKey(ACCOUNT, 'us-east-1', '2025-12-31', 'e', ORG), bad);
  });
  afterEach(() => restore());

  it('reads the objects in scope and tallies them', async () => {
    const run = await runCli(['backtest', `s3://${BUCKET}/AWSLogs/`, ...SCOPE_ARGS, '--jsonl'], {
      env: process.env,
    });
    expect(run.err).toContain('2 object(s), 2 record(s): 0 out of scope');
    expect(run.err).toContain('0 unusable');
    expect(run.code).toBe(0);
    const lines = run.out
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.playbook, l.event.eventID, l.object])).toEqual([
      [
        'notify-cloudtrail-tampering',
        's3-1',
        `s3://${BUCKET}/${trailKey(ACCOUNT, 'us-east-1', '2026-03-25', 'a', ORG)}`,
      ],
      [
        'notify-cloudtrail-tampering',
        's3-2',
        `s3://${BUCKET}/${trailKey(ACCOUNT, 'us-east-1', '2026-03-26', 'b', ORG)}`,
      ],
    ]);
  });

  itWithLog('never lists or reads the pruned prefixes', async () => {
    moto().clearLog();
    await runCli(['backtest', `s3://${BUCKET}/`, ...SCOPE_ARGS], {
      env: process.env,
    });
    // serve.py names S3's REST calls by method and path: a listing is GET /bucket/.
    const calls = moto()
      .calls()
      .filter((c) => c.svc === 's3');
    const reads = calls.filter(
      (c) => c.op.startsWith(`GET /${BUCKET}/`) && c.op !== `GET /${BUCKET}/`,
    );
    const listings = calls.filter((c) => c.op === `GET /${BUCKET}/`);
    expect(reads).toHaveLength(2);
    // AWSLogs/, the org, the account, CloudTrail, the region, 2026, 03, then 25 and 26: the
    // other account and region, and 2025, are never listed.
    expect(listings.length).toBeLessThanOrEqual(10);
    expect(listings.length).toBeGreaterThanOrEqual(8);
  });

  it('reads everything without a scope, and names what it cannot read', async () => {
    const run = await runCli(['backtest', `s3://${BUCKET}`], { env: process.env });
    expect(run.code).toBe(1);
    expect(run.out).toContain('5 object(s)');
    expect(run.out).toContain('3 unusable');
    expect(run.out).toContain(
      `s3://${BUCKET}/${trailKey(OTHER, 'us-east-1', '2026-03-25', 'c', ORG)}: cannot read`,
    );
  });

  it('reads, through Athena, only the objects the prefilter names (Athena mocked, S3 in moto)', async () => {
    const athena = mockClient(AthenaClient);
    try {
      const named = `s3://${BUCKET}/${trailKey(ACCOUNT, 'us-east-1', '2026-03-26', 'b', ORG)}`;
      athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-e2e' });
      athena.on(GetQueryExecutionCommand).resolves({
        QueryExecution: {
          Status: { State: 'SUCCEEDED' },
          Statistics: { DataScannedInBytes: 123_456_789 },
        },
      });
      athena.on(GetQueryResultsCommand).resolves({
        ResultSet: {
          Rows: [{ Data: [{ VarCharValue: '$path' }] }, { Data: [{ VarCharValue: named }] }],
        },
      });
      const run = await runCli(
        [
          'backtest',
          '--athena',
          '--table',
          'cloudtrail_logs',
          '--database',
          'security',
          '--workgroup',
          'primary',
          ...SCOPE_ARGS,
          '--jsonl',
        ],
        { env: process.env },
      );
      expect(run.code).toBe(0);
      const sql =
        athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input.QueryString ?? '';
      expect(sql).toMatch(/^SELECT DISTINCT "\$path" FROM cloudtrail_logs WHERE /);
      expect(sql).toContain(`"account" IN ('${ACCOUNT}')`);
      expect(sql).toContain(`lower(eventsource) = 'cloudtrail.amazonaws.com'`);
      expect(run.err).toContain('scanned 0.123 GB and names 1 object(s)');
      expect(run.err).toContain('1 object(s), 1 record(s)');
      const lines = run.out
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
      expect(lines.map((l) => [l.event.eventID, l.object])).toEqual([['s3-2', named]]);
    } finally {
      athena.restore();
    }
  });
});
