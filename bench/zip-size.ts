// The deployment zip, built as `npm run package` builds it (osls package, offline, from dist/),
// and the source maps the build leaves beside it.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './data.js';

export interface ZipSize {
  zipBytes: number;
  /** The `.map` files under dist/lambda: kept beside the zip, not in it. */
  mapBytes: number;
}

const mapBytesUnder = (dir: string): number =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.map'))
    .reduce((n, f) => n + statSync(join(dir, f)).size, 0);

/** `osls package` of the default stage into a temporary folder; the size of parry.zip. */
export async function measureZip(): Promise<ZipSize> {
  const out = mkdtempSync(join(tmpdir(), 'parry-bench-zip-'));
  try {
    await promisify(execFile)(
      process.execPath,
      ['node_modules/osls/bin/serverless.js', 'package', '--package', out],
      {
        cwd: ROOT,
        env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' },
        timeout: 180_000,
      },
    );
    return {
      zipBytes: statSync(join(out, 'parry.zip')).size,
      mapBytes: mapBytesUnder(join(ROOT, 'dist', 'lambda')),
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
