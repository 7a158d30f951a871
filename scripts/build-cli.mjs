// Bundles the CLI into dist/cli.js so `npx parry` starts without a TypeScript loader.
import { build } from 'esbuild';
import { CLI_ESBUILD_OPTIONS } from './cli-esbuild.mjs';

await build(CLI_ESBUILD_OPTIONS);
