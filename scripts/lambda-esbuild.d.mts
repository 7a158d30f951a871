import type { BuildOptions } from 'esbuild';

/** See lambda-esbuild.mjs. */
export declare const LAMBDA_ESBUILD_OPTIONS: BuildOptions;
