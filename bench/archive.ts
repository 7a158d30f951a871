// A CloudTrail archive for the backtest benchmark, built here: the corpus's CloudTrail records
// replicated with fresh event ids, spread over accounts, regions and 90 days, written as
// gzipped log files of 5,000 records (CloudTrail's own files hold up to a few thousand) in
// CloudTrail's key layout. Built once per size into the temp folder and reused.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { wrapCloudTrailRecord } from '../src/intake/index.js';
import { CORPUS_DIR } from './data.js';
import { seeded } from './patterns.js';

export const RECORDS_PER_FILE = 5000;
const ACCOUNTS = ['111122223333', '222233334444', '333344445555', '444455556666'];
const REGIONS = ['us-east-1', 'eu-west-1'];
const DAYS = 90;
const START = Date.parse('2026-01-01T00:00:00Z');

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A trail writes whole records: the corpus's detection-rule fragments are left out. */
const wraps = (record: Record<string, unknown>): boolean => {
  try {
    wrapCloudTrailRecord(record, { includeReadOnly: true });
    return true;
  } catch {
    return false;
  }
};

/** The records of one corpus file: a log file's, or the file itself. */
function recordsIn(file: string): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
  return isObject(value) && Array.isArray(value.Records) ? value.Records : [value];
}

/** The corpus's CloudTrail records that parry can wrap. */
function templates(): Record<string, unknown>[] {
  const dir = join(CORPUS_DIR, 'cloudtrail');
  return ['raw_records', 'log_files']
    .flatMap((folder) =>
      readdirSync(join(dir, folder))
        .sort()
        .map((name) => join(dir, folder, name)),
    )
    .flatMap(recordsIn)
    .filter((r): r is Record<string, unknown> => isObject(r) && wraps(r));
}

const hex = (random: () => number, n: number): string =>
  Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');

export interface Archive {
  root: string;
  files: number;
  records: number;
  bytes: number;
}

/** Builds (or reuses) an archive of `records` records. */
export function archiveOf(records: number): Archive {
  const files = Math.ceil(records / RECORDS_PER_FILE);
  const root = join(tmpdir(), `parry-bench-archive-v2-${records}`);
  const done = join(root, 'DONE');
  if (existsSync(done)) return JSON.parse(readFileSync(done, 'utf8')) as Archive;
  rmSync(root, { recursive: true, force: true });
  const pool = templates();
  if (pool.length === 0) throw new Error(`bench: no CloudTrail records in ${CORPUS_DIR}`);
  const random = seeded(records);
  let bytes = 0;
  for (let f = 0; f < files; f++) {
    const account = ACCOUNTS[f % ACCOUNTS.length] as string;
    const region = REGIONS[Math.floor(f / ACCOUNTS.length) % REGIONS.length] as string;
    const dayStart = START + (f % DAYS) * 86_400_000;
    const batch: unknown[] = [];
    for (let i = 0; i < RECORDS_PER_FILE && f * RECORDS_PER_FILE + i < records; i++) {
      const template = pool[Math.floor(random() * pool.length)] as Record<string, unknown>;
      batch.push({
        ...template,
        eventID: `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-a${hex(random, 3)}-${hex(random, 12)}`,
        eventTime: new Date(dayStart + Math.floor(random() * 86_400_000))
          .toISOString()
          .replace(/\.\d{3}Z$/, 'Z'),
        recipientAccountId: account,
        awsRegion: region,
      });
    }
    const day = new Date(dayStart).toISOString().slice(0, 10).split('-');
    const folder = join(root, 'AWSLogs', account, 'CloudTrail', region, ...day);
    mkdirSync(folder, { recursive: true });
    const file = join(
      folder,
      `${account}_CloudTrail_${region}_${day.join('')}T0000Z_${hex(random, 16)}.json.gz`,
    );
    writeFileSync(file, gzipSync(JSON.stringify({ Records: batch })));
    bytes += statSync(file).size;
  }
  const archive: Archive = { root, files, records, bytes };
  writeFileSync(done, JSON.stringify(archive));
  return archive;
}
