import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A record of test/events or test/fixtures, parsed afresh. */
export const recordFrom = (relative: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(ROOT, relative), 'utf8')) as Record<string, unknown>;

/** The DeleteTrail record of test/events, moved to an account, a region and a time. */
export const deleteTrail = (account: string, region: string, time: string, id: string) => ({
  ...recordFrom('test/events/cloudtrail/raw-record-delete-trail.json'),
  recipientAccountId: account,
  awsRegion: region,
  eventTime: time,
  eventID: id,
});

/** The key CloudTrail gives a log file (`AWSLogs/<account>/CloudTrail/<region>/yyyy/mm/dd/…`). */
export const trailKey = (
  account: string,
  region: string,
  day: string,
  name: string,
  org?: string,
) =>
  [
    'AWSLogs',
    ...(org ? [org] : []),
    account,
    'CloudTrail',
    region,
    ...day.split('-'),
    `${account}_CloudTrail_${region}_${name}.json.gz`,
  ].join('/');

/** Writes gzipped log files (`{"Records": [...]}`) at the given keys below a new folder. */
export function writeArchive(files: Record<string, unknown[] | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'parry-archive-'));
  for (const [key, content] of Object.entries(files)) {
    const path = join(root, key);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(
      path,
      Buffer.isBuffer(content) ? content : gzipSync(JSON.stringify({ Records: content })),
    );
  }
  return root;
}

export const ACCOUNT = '111122223333';

/** One account, one region, since March 2026: the scope most tests read. */
export const SCOPE_ARGS = [
  '--accounts',
  ACCOUNT,
  '--regions',
  'us-east-1',
  '--since',
  '2026-03-01',
];
