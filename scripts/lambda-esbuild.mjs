// The esbuild options of the Lambda bundle, in one place: scripts/build-lambda.mjs builds the
// handler with them, and the cold-start benchmark builds its baseline (an eager bundle of the
// SDK clients) with the same ones, so that the two compare like with like.
import { dirname, join } from 'node:path';
import { sdkBarrels } from './sdk-barrels.mjs';

/**
 * zod's namespace of locales (`z.locales`, 260 KB of messages in 40 languages) is kept whole by
 * any import of zod; parry uses English only (zod's default, which zod imports by itself).
 */
const englishOnlyZod = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[/\\]zod[/\\]v4[/\\]/.test(args.importer)
        ? { path: join(dirname(args.importer), '../locales/index.js'), namespace: 'zod-locales' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: "export { default as en } from './en.js';",
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

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
