import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { CLI_ESBUILD_OPTIONS } from '../../scripts/cli-esbuild.mjs';
import { staticGraph } from '../helpers/static-graph.js';

/** Bundled packages (zod, yaml: cli-esbuild.mjs) are inputs; the others are left external. */
const bundledPackages = (inputs: readonly string[]): string[] =>
  inputs.flatMap((i) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(i)?.[1] ?? []);

/** What a backtest worker loads before its first object: the static import graph of its entry. */
async function workerStart(): Promise<{ inputs: string[]; packages: Set<string> }> {
  const { metafile } = (await build({
    ...CLI_ESBUILD_OPTIONS,
    outdir: 'dist/test-worker-graph',
    write: false,
    sourcemap: false,
    metafile: true,
  })) as { metafile: Metafile };
  const { inputs, externals } = staticGraph(metafile, '/backtest-worker.js');
  return { inputs, packages: new Set([...externals, ...bundledPackages(inputs)]) };
}

describe('a backtest worker at start', () => {
  // Each worker starts while the clock runs: the main thread validated the playbooks, and a
  // worker compiles them from plain data (src/playbook/compile-bundled.ts).
  it('loads no YAML parser, no schema library and no playbook loader', async () => {
    const { inputs, packages } = await workerStart();
    expect(inputs).toContain('src/backtest/process.ts');
    expect(inputs).toContain('src/playbook/compile-bundled.ts');
    for (const unwanted of ['yaml', 'zod']) expect([...packages], unwanted).not.toContain(unwanted);
    expect(
      inputs.filter((i) => /src\/playbook\/(load|load-file|schema|yaml)\.ts$/.test(i)),
    ).toEqual([]);
  });
});
