// Shared by the Lambda's build (lambda-esbuild.mjs) and the CLI's (cli-esbuild.mjs).
import { dirname, join } from 'node:path';

/**
 * zod's namespace of locales (`z.locales`, 260 KB of messages in 40 languages) is kept whole by
 * any import of zod; parry uses English only (zod's default, which zod imports by itself).
 */
export const englishOnlyZod = {
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
