// The esbuild options of the Lambda bundle, in one place: scripts/build-lambda.mjs builds the
// handler with them, and the cold-start benchmark builds its baseline (an eager bundle of the
// SDK clients) with the same ones, so that the two compare like with like.
import { sdkBarrels } from './sdk-barrels.mjs';
import { englishOnlyZod } from './zod-english-only.mjs';

export const LAMBDA_ESBUILD_OPTIONS = {
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node22',
  minify: true,
  keepNames: true,
  // Written beside the code and left out of the deployment zip (serverless.yml's patterns);
  // `npm run map-stack` maps a stack trace with them.
  sourcemap: 'linked',
  metafile: true,
  mainFields: ['module', 'main'],
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  plugins: [englishOnlyZod, sdkBarrels],
  logLevel: 'warning',
};
