import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { CorpusRecord } from './cloudtrail-records.js';

/**
 * The standard CloudTrail table of Athena (Athena User Guide, "Create the table for
 * CloudTrail logs in Athena using partition projection"), rebuilt in DuckDB with its column
 * names and types, `"$path"`, and account/region/timestamp partitions.
 */
const IDENTITY = `STRUCT(type VARCHAR, principalid VARCHAR, arn VARCHAR, accountid VARCHAR,
  invokedby VARCHAR, accesskeyid VARCHAR, username VARCHAR,
  sessioncontext STRUCT(attributes STRUCT(mfaauthenticated VARCHAR, creationdate VARCHAR),
    sessionissuer STRUCT(type VARCHAR, principalid VARCHAR, arn VARCHAR, accountid VARCHAR, username VARCHAR)))`;

const STRINGS = [
  'eventversion',
  'eventtime',
  'eventsource',
  'eventname',
  'awsregion',
  'sourceipaddress',
  'useragent',
  'errorcode',
  'errormessage',
  'requestid',
  'eventid',
  'readonly',
  'eventtype',
  'apiversion',
  'recipientaccountid',
  'sharedeventid',
  'vpcendpointid',
];
const JSON_TEXT = [
  'requestparameters',
  'responseelements',
  'additionaleventdata',
  'serviceeventdetails',
];

type Row = Record<string, unknown>;

/** A JSON value as the table's SerDe gives a string column: text, or null. */
const text = (value: unknown): string | null => {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
};

const ownOf = (record: Record<string, unknown>, lowerKey: string): unknown => {
  const key = Object.keys(record).find((k) => k.toLowerCase() === lowerKey);
  return key === undefined ? undefined : record[key];
};

const struct = (value: unknown, fields: Record<string, unknown>): Row | null => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(fields).map(([name, inner]) => {
      const v = ownOf(record, name);
      return [name, inner === 'string' ? text(v) : struct(v, inner as Record<string, unknown>)];
    }),
  );
};

const IDENTITY_FIELDS = {
  type: 'string',
  principalid: 'string',
  arn: 'string',
  accountid: 'string',
  invokedby: 'string',
  accesskeyid: 'string',
  username: 'string',
  sessioncontext: {
    attributes: { mfaauthenticated: 'string', creationdate: 'string' },
    sessionissuer: {
      type: 'string',
      principalid: 'string',
      arn: 'string',
      accountid: 'string',
      username: 'string',
    },
  },
};

const rowOf = ({ path, record, event }: CorpusRecord): Row => ({
  ...Object.fromEntries(STRINGS.map((c) => [c, text(ownOf(record, c))])),
  ...Object.fromEntries(JSON_TEXT.map((c) => [c, text(ownOf(record, c))])),
  useridentity: struct(ownOf(record, 'useridentity'), IDENTITY_FIELDS),
  $path: path,
  account: event.account,
  region: event.region,
  timestamp: event.time.slice(0, 10).replaceAll('-', '/'),
});

/** An in-memory DuckDB holding the records as the CloudTrail table `cloudtrail_logs`. */
export async function cloudTrailTable(records: readonly CorpusRecord[]): Promise<{
  connection: DuckDBConnection;
  paths: (sql: string) => Promise<Set<string>>;
  close: () => void;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'parry-duckdb-'));
  const file = join(dir, 'rows.jsonl');
  writeFileSync(file, records.map((r) => JSON.stringify(rowOf(r))).join('\n'));
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const columns = [
    ...STRINGS.map((c) => `'${c}': 'VARCHAR'`),
    ...JSON_TEXT.map((c) => `'${c}': 'VARCHAR'`),
    `'useridentity': '${IDENTITY.replace(/\s+/g, ' ')}'`,
    `'$path': 'VARCHAR'`,
    `'account': 'VARCHAR'`,
    `'region': 'VARCHAR'`,
    `'timestamp': 'VARCHAR'`,
  ];
  await connection.run(
    `CREATE TABLE cloudtrail_logs AS SELECT * FROM read_json('${file}', format = 'newline_delimited', columns = {${columns.join(', ')}})`,
  );
  rmSync(dir, { recursive: true, force: true });
  return {
    connection,
    paths: async (sql) => {
      const reader = await connection.runAndReadAll(sql);
      return new Set(reader.getRows().map((row) => String(row[0])));
    },
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
