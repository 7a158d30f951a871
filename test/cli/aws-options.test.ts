import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const VARS = [
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_EC2_METADATA_DISABLED',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
] as const;
const EVENT = 'test/events/cloudtrail/stop-logging.json';

describe('--profile and --region for --execute', () => {
  let saved: Record<string, string | undefined>;
  beforeEach(() => {
    saved = Object.fromEntries(VARS.map((k) => [k, process.env[k]]));
    // The SDK reads the process environment: empty credential files, no instance metadata (no network).
    const dir = mkdtempSync(join(tmpdir(), 'parry-aws-'));
    writeFileSync(join(dir, 'config'), '[profile other]\nregion = eu-west-1\n');
    writeFileSync(join(dir, 'credentials'), '');
    for (const k of VARS) delete process.env[k];
    process.env.AWS_CONFIG_FILE = join(dir, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
  });
  afterEach(() => {
    for (const k of VARS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  it('names the profile whose credentials cannot be had, before any event is read', async () => {
    const run = await runCli(['replay', EVENT, '--execute', '--profile', 'prod']);
    expect(run.code).toBe(1);
    expect(run.out).toBe('');
    expect(run.err).toBe(
      'parry: cannot get AWS credentials from profile "prod": Could not resolve credentials using profile: [prod] in configuration/credentials file(s).\n',
    );
  });

  it('says the default chain was used when no profile is given', async () => {
    const run = await runCli(['replay', EVENT, '--execute']);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(
      /^parry: cannot get AWS credentials from the default credential chain \(no --profile or AWS_PROFILE\): /,
    );
  });

  it('needs no credentials when only dry-run playbooks would run', async () => {
    const run = await runCli(['replay', EVENT, '--execute', '--profile', 'prod'], {
      env: { PARRY_MODE: 'dry-run' },
    });
    expect(run.code).toBe(0);
  });

  it('lists --profile and --region in replay help', async () => {
    const run = await runCli(['replay', '--help']);
    expect(run.out).toMatch(/--profile <name>/);
    expect(run.out).toMatch(/--region <region>/);
  });
});
