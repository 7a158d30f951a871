#!/usr/bin/env node
// The CLI is bundled by `npm run build` (run by `prepare` on `npm ci`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write(
    'parry: dist/cli.js is missing; run `npm run build` (npm ci runs it for you)\n',
  );
  process.exit(1);
}
// `parry replay ... | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
const { main } = await import(bundle);
process.exitCode = await main(process.argv.slice(2));
