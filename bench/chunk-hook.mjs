// Preloaded with `node --import bench/chunk-hook.mjs`: installs chunk-loader.mjs,
// which records every module of dist/lambda/ the process loads.
import { register } from 'node:module';

register('./chunk-loader.mjs', import.meta.url, {
  data: { log: process.env.PARRY_BENCH_CHUNK_LOG },
});
