import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

// `npm run map-stack`: a trace of the minified bundle, mapped back with the maps the build
// leaves beside the zip. A small bundle built the way the Lambda's is stands in for it.
const root = mkdtempSync(join(tmpdir(), 'parry-map-stack-'));
const out = join(root, 'dist', 'lambda');

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('npm run map-stack', () => {
  it("maps each frame of the bundle to parry's source line, and leaves other lines alone", async () => {
    const source = join(root, 'src', 'fail.ts');
    mkdirSync(join(root, 'src'));
    writeFileSync(
      source,
      [
        'export function handler(): never {',
        "  const reason: string = 'boom';",
        '  throw new Error(reason);',
        '}',
        '',
      ].join('\n'),
    );
    await build({
      entryPoints: { respond: source },
      outdir: out,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      format: 'esm',
      platform: 'node',
      minify: true,
      keepNames: true,
      sourcemap: 'linked',
      logLevel: 'silent',
    });
    // In a process of its own: vitest maps the stacks of its own process.
    const url = pathToFileURL(join(out, 'respond.mjs')).href;
    const stack = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `try { (await import(${JSON.stringify(url)})).handler(); } catch (e) { process.stdout.write(e.stack); }`,
      ],
      { encoding: 'utf8' },
    );
    expect(stack).toMatch(/dist\/lambda\/respond\.mjs:1:\d+/);
    const mapped = execFileSync(process.execPath, ['scripts/map-stack.mjs', out], {
      input: stack,
      encoding: 'utf8',
    });
    expect(mapped).toContain(`${source}:3:`);
    expect(mapped.split('\n')[0]).toBe('Error: boom');
    expect(mapped).not.toMatch(/dist\/lambda\/respond\.mjs:1:\d+/);
  });
});
