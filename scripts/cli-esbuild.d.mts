import type { BuildOptions } from 'esbuild';

/** See cli-esbuild.mjs. */
export declare const CLI_ESBUILD_OPTIONS: BuildOptions & { entryPoints: Record<string, string> };
