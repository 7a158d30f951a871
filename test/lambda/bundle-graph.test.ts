import { build, type Metafile, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { LAMBDA_ESBUILD_OPTIONS } from '../../scripts/lambda-esbuild.mjs';
import { staticGraph } from '../helpers/static-graph.js';

// What the Lambda loads at cold start: the static import graph of respond.mjs, built with the
// Lambda build's own options (no playbooks embedded: they are data, not code).
const noPlaybooks: Plugin = {
  name: 'no-playbooks',
  setup(b) {
    b.onResolve({ filter: /^parry:playbooks$/ }, () => ({ path: 'playbooks', namespace: 'parry' }));
    b.onLoad({ filter: /.*/, namespace: 'parry' }, () => ({
      contents: 'export const PLAYBOOKS = [];',
      loader: 'js',
    }));
  },
};

async function coldStartInputs(): Promise<Set<string>> {
  const { metafile } = (await build({
    ...LAMBDA_ESBUILD_OPTIONS,
    entryPoints: { respond: 'functions/respond.ts' },
    outdir: 'dist/test-bundle-graph',
    write: false,
    sourcemap: false,
    metafile: true,
    plugins: [...(LAMBDA_ESBUILD_OPTIONS.plugins ?? []), noPlaybooks],
  })) as { metafile: Metafile };
  return new Set(staticGraph(metafile, '/respond.mjs').inputs);
}

describe('the Lambda bundle at cold start', () => {
  it('loads no YAML parser, no schema library and no client of an action', async () => {
    const inputs = [...(await coldStartInputs())];
    const packages = new Set(
      inputs.map((i) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(i)?.[1]).filter(Boolean),
    );
    for (const unwanted of [
      'zod',
      'yaml',
      '@aws-sdk/client-ec2',
      '@aws-sdk/client-iam',
      '@aws-sdk/client-sns',
    ])
      expect(packages, unwanted).not.toContain(unwanted);
    expect(packages).toContain('@aws-sdk/client-dynamodb');
    expect(inputs.filter((i) => /src\/actions\/[^/]+\/(params|execute)\.ts$/.test(i))).toEqual([]);
    expect(inputs).toContain('src/actions/quarantine-instance/behaviour.ts');
    // Through the SDK's barrels, DynamoDB's JSON protocol would bring the others (sdk-barrels.mjs).
    expect(inputs.filter((i) => /submodules\/protocols\/(query|xml)\//.test(i))).toEqual([]);
    expect(inputs.filter((i) => i.endsWith('protocols/json/AwsJson1_0Protocol.js'))).toHaveLength(
      1,
    );
  }, 60_000);
});
