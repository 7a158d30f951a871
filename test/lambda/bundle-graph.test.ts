import { build, type Metafile, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { LAMBDA_ESBUILD_OPTIONS } from '../../scripts/lambda-esbuild.mjs';

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
  const outputs = metafile.outputs;
  const entry = Object.keys(outputs).find((f) => f.endsWith('/respond.mjs')) ?? '';
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const file = todo.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const i of outputs[file]?.imports ?? [])
      if (i.kind === 'import-statement' && !i.external) todo.push(i.path);
  }
  return new Set([...seen].flatMap((f) => Object.keys(outputs[f]?.inputs ?? {})));
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
