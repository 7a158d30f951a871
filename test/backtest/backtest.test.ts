import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { ACCOUNT, deleteTrail, recordFrom, SCOPE_ARGS, trailKey, writeArchive } from './archive.js';

const OTHER = '444455556666';
const ENV = {
  PARRY_NOTIFY_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:parry',
  PARRY_ACCOUNT_ID: ACCOUNT,
};
const NOT_GZIP = Buffer.from('this is not gzip, and opening it is an error');

const archives: string[] = [];
const archive = (files: Parameters<typeof writeArchive>[0]) => {
  const root = writeArchive(files);
  archives.push(root);
  return root;
};
afterAll(() => {
  for (const root of archives) rmSync(root, { recursive: true, force: true });
});

const linesOf = (out: string) =>
  out
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('parry backtest over a folder in CloudTrail layout', () => {
  const root = archive({
    [trailKey(ACCOUNT, 'us-east-1', '2026-03-25', 'a')]: [
      deleteTrail(ACCOUNT, 'us-east-1', '2026-03-25T18:21:37Z', 'e-1'),
      {
        ...deleteTrail(ACCOUNT, 'us-east-1', '2026-03-25T18:22:00Z', 'e-2'),
        errorCode: 'TrailNotFoundException',
      },
      ...(recordFrom('test/events/cloudtrail/log-file-mixed.json').Records as unknown[]),
    ],
    [trailKey(ACCOUNT, 'us-east-1', '2026-03-26', 'b')]: [
      deleteTrail(ACCOUNT, 'us-east-1', '2026-03-26T01:00:00Z', 'e-3'),
    ],
    // Out of every scope below: opening them would be reported as unusable.
    [trailKey(OTHER, 'us-east-1', '2026-03-25', 'c')]: NOT_GZIP,
    [trailKey(ACCOUNT, 'eu-west-1', '2026-03-25', 'd')]: NOT_GZIP,
    [trailKey(ACCOUNT, 'us-east-1', '2026-01-02', 'e')]: NOT_GZIP,
    [`AWSLogs/${ACCOUNT}/CloudTrail-Digest/us-east-1/2026/03/25/digest.json.gz`]: NOT_GZIP,
  });

  it('prunes folders outside the accounts, regions and window before reading them', async () => {
    const run = await runCli(
      [
        'backtest',
        root,
        '--since',
        '2026-03-20',
        '--until',
        '2026-03-27',
        '--accounts',
        ACCOUNT,
        '--regions',
        'us-east-1',
      ],
      { env: ENV },
    );
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    // The mixed log file's records are from another time and account.
    expect(run.out).toContain(
      '2 object(s), 7 record(s): 4 out of scope, 0 read-only (not delivered to any playbook), 0 unusable',
    );
    expect(run.out).toMatch(
      /notify-cloudtrail-tampering \[enforce\]\n {2}matched 3: 2 would act, 0 vetoed, 1 stopped by guards/,
    );
    expect(run.out).toContain('per day: 2026-03-25: 2, 2026-03-26: 1');
    expect(run.out).toContain('guards: failed call (errorCode TrailNotFoundException) (1)');
    expect(run.out).toContain('actions: notify (2)');
    expect(run.out).toContain('top targets: arn:aws:sns:us-east-1:111122223333:parry (2)');
  });

  it('reads the out-of-scope files when not pruned, and names them', async () => {
    const run = await runCli(['backtest', root], { env: ENV });
    expect(run.code).toBe(1);
    expect(run.out).toContain('3 unusable');
    expect(run.out).toContain(
      `${OTHER}_CloudTrail_us-east-1_c.json.gz: cannot read: incorrect header check`,
    );
    // Digest files hold hashes, not events: never read.
    expect(run.out).not.toContain('digest.json.gz');
  });

  it('filters records by time inside the files it reads', async () => {
    const run = await runCli(
      [
        'backtest',
        root,
        '--since',
        '2026-03-26T00:00:00Z',
        '--regions',
        'us-east-1',
        '--accounts',
        ACCOUNT,
      ],
      { env: ENV },
    );
    expect(run.out).toMatch(/notify-cloudtrail-tampering \[enforce\]\n {2}matched 1:/);
    expect(run.out).toContain('6 out of scope');
  });

  it('streams one JSON line per match with --jsonl, and the summary on stderr', async () => {
    const run = await runCli(['backtest', root, '--jsonl', ...SCOPE_ARGS], { env: ENV });
    const lines = linesOf(run.out);
    expect(
      lines.map((l) => [l.playbook, l.status, (l.event as { eventID: string }).eventID]),
    ).toEqual([
      ['notify-cloudtrail-tampering', 'planned', 'e-1'],
      ['notify-cloudtrail-tampering', 'skipped', 'e-2'],
      ['notify-cloudtrail-tampering', 'planned', 'e-3'],
    ]);
    expect(lines[0]).toMatchObject({
      mode: 'enforce',
      event: {
        source: 'aws.cloudtrail',
        account: ACCOUNT,
        region: 'us-east-1',
        eventName: 'DeleteTrail',
      },
      actions: [{ type: 'notify', status: 'planned' }],
      record: 0,
    });
    expect(run.err).toContain('notify-cloudtrail-tampering [enforce]');
  });

  it('names a bad option', async () => {
    const run = await runCli(['backtest', root, '--accounts', '12'], { env: ENV });
    expect(run.code).toBe(1);
    expect(run.err).toBe('parry: --accounts: "12" is not a 12-digit account id\n');
    const late = await runCli(
      ['backtest', root, '--since', '2026-03-02', '--until', '2026-03-01'],
      { env: ENV },
    );
    expect(late.err).toContain('--since (2026-03-02T00:00:00Z) must be before --until');
  });
});

describe('a log file that is not valid JSON', () => {
  // Its first records would parse one at a time (src/backtest/log-records.ts): they are not
  // counted, and the file is named with the error of the whole text, as any bad document is.
  const good = JSON.stringify(deleteTrail(ACCOUNT, 'us-east-1', '2026-03-25T18:21:37Z', 'e-1'));
  const root = archive({
    [trailKey(ACCOUNT, 'us-east-1', '2026-03-25', 'broken')]: gzipSync(
      `{"Records":[${good},${good},{"eventVersion":"1.08","eventName":}]}`,
    ),
  });

  it('counts none of its records and names it with the parse error', async () => {
    const run = await runCli(['backtest', root, '--jsonl'], { env: ENV });
    expect(run.code).toBe(1);
    expect(run.out).toBe('');
    expect(run.err).toContain('1 object(s), 0 record(s)');
    expect(run.err).toMatch(/_broken\.json\.gz: .*line 1 column \d+/);
  });
});

describe('the circuit breaker model', () => {
  it('caps runs past the limit per target account and clock hour, earliest first', async () => {
    const records = Array.from({ length: 25 }, (_, i) =>
      deleteTrail(
        ACCOUNT,
        'us-east-1',
        `2026-03-25T18:${String(10 + i).padStart(2, '0')}:00Z`,
        `burst-${i}`,
      ),
    );
    const root = archive({
      [trailKey(ACCOUNT, 'us-east-1', '2026-03-25', 'a')]: records.slice(0, 12),
      [trailKey(ACCOUNT, 'us-east-1', '2026-03-25', 'b')]: records.slice(12),
      [trailKey(ACCOUNT, 'us-east-1', '2026-03-25', 'c')]: [
        deleteTrail(ACCOUNT, 'us-east-1', '2026-03-25T19:01:00Z', 'next-hour'),
      ],
    });
    const run = await runCli(['backtest', root], { env: ENV });
    expect(run.out).toContain('circuit breaker (20 runs per account per hour): 5 run(s) capped');
    const low = await runCli(['backtest', root, '--max-actions-per-hour', '3'], { env: ENV });
    expect(low.out).toContain('circuit breaker (3 runs per account per hour): 22 run(s) capped');
  });
});

describe('read-only management events', () => {
  const root = archive({
    [trailKey(ACCOUNT, 'us-east-1', '2026-03-25', 'a')]: [
      recordFrom('test/fixtures/backtest/list-buckets.json'),
    ],
  });
  const playbooks = join('test', 'fixtures', 'backtest');

  it('reach only the playbook with read-only-events: true, as EventBridge delivers them', async () => {
    const run = await runCli(['backtest', root, '--playbooks', playbooks, '--jsonl'], { env: ENV });
    expect(linesOf(run.out).map((l) => l.playbook)).toEqual(['detect-bucket-recon']);
    expect(run.err).toMatch(/bucket-recon-without-read-only \[dry-run\]\n {2}no match/);
    expect(run.err).toMatch(
      /detect-bucket-recon \[dry-run, read-only events\]\n {2}matched 1: 1 would act/,
    );
  });

  it('are counted as not delivered when no playbook opts in', async () => {
    const run = await runCli(['backtest', root], { env: ENV });
    expect(run.out).toContain('1 read-only (not delivered to any playbook)');
  });

  it('reach the opted-in playbook in replay too', async () => {
    const run = await runCli(
      [
        'replay',
        join('test', 'fixtures', 'backtest', 'list-buckets.json'),
        '--playbooks',
        playbooks,
      ],
      { env: ENV },
    );
    expect(run.out).toContain('detect-bucket-recon [dry-run] planned');
    expect(run.out).not.toContain('bucket-recon-without-read-only');
  });
});
