import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // test/moto/ is the end-to-end suite (npm run test:e2e).
    exclude: ['test/moto/**', '**/node_modules/**'],
    setupFiles: ['test/setup.ts'],
    reporters: ['default'],
    // A few tests wait for real backoffs (SDK retries, EC2 consistency waits): room for a loaded CI machine.
    testTimeout: 30_000,
  },
});
