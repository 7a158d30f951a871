// An esbuild plugin for the Lambda build: in the SDK's own modules, `import { a, b } from
// "@aws-sdk/core/protocols"` (a barrel: a file of nothing but `export { ... } from "..."`)
// becomes one import per name from the module that defines it. esbuild puts a module in the
// chunks an entry loads when the entry reaches the module, whether or not it uses its code; so
// through the protocols barrel, the DynamoDB client the Lambda loads at cold start would bring
// the XML and Query protocols of the clients that the actions load later.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

const NAMED_IMPORT =
  /import\s*\{([^}]*)\}\s*from\s*"(@(?:aws-sdk|smithy)\/[a-z0-9-]+(?:\/[a-z0-9-]+)?)";/g;
const RE_EXPORT = /export\s*\{([^}]*)\}\s*from\s*"([^"]+)";/g;

/** `a, b as c` as [name, alias] pairs. */
const namesOf = (list) =>
  list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [name, alias] = s.split(/\s+as\s+/);
      return [name, alias ?? name];
    });

/** The file a relative re-export names: `./x.js`, `./x` (x.js) or `./dir` (dir/index.js). */
const fileOf = (path) =>
  [path, `${path}.js`, `${path}/index.js`].find((f) => f.endsWith('.js') && existsSync(f));

export const sdkBarrels = {
  name: 'sdk-barrels',
  setup(b) {
    const barrels = new Map();
    /** Each name of a pure barrel, with the specifier of the module that exports it. */
    const barrelOf = (path) => {
      if (!barrels.has(path)) barrels.set(path, readBarrel(path));
      return barrels.get(path);
    };
    async function readBarrel(path) {
      const text = await readFile(path, 'utf8');
      const names = new Map();
      for (const m of text.matchAll(RE_EXPORT)) {
        const from = m[2].startsWith('.') ? fileOf(resolve(dirname(path), m[2])) : m[2];
        if (!from) return undefined;
        for (const [name, exported] of namesOf(m[1])) names.set(exported, { from, name });
      }
      const rest = text.replace(RE_EXPORT, '').replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\/|\s/g, '');
      return rest === '' ? names : undefined;
    }

    b.onLoad({ filter: /[/\\]node_modules[/\\]@(aws-sdk|smithy)[/\\].*\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      let contents = text;
      for (const m of text.matchAll(NAMED_IMPORT)) {
        const found = await b.resolve(m[2], {
          kind: 'import-statement',
          resolveDir: dirname(args.path),
        });
        const names = found.errors.length === 0 ? await barrelOf(found.path) : undefined;
        const pairs = namesOf(m[1]);
        if (!names || pairs.some(([name]) => !names.has(name))) continue;
        const direct = pairs.map(([name, local]) => {
          const { from, name: original } = names.get(name);
          return `import { ${original} as ${local} } from ${JSON.stringify(from)};`;
        });
        contents = contents.replace(m[0], direct.join('\n'));
      }
      return contents === text
        ? undefined
        : { contents, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};
