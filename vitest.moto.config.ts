import { defineConfig } from 'vitest/config';

/** `npm run test:e2e`: the end-to-end suite against moto (test/moto/README.md). */
export default defineConfig({
  test: {
    include: ['test/moto/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // The Lambda bundle with the suite's playbooks, built once per run.
    globalSetup: ['test/moto/support/bundle.global.ts'],
    reporters: ['default'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Each file starts its own moto; two at a time fit the 2-core CI machine.
    maxWorkers: 2,
  },
});
