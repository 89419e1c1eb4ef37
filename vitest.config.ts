import { defineConfig } from 'vitest/config';

// Two projects: unit tests need nothing started; integration tests share one set of real
// servers found (or started) by the global setup.
export default defineConfig({
  test: {
    reporters: ['default', './test/setup/summary-reporter.ts'],
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/setup/global-setup.ts'],
          // One file at a time: DynamoDB Local serves writes one by one, so parallel files only
          // slow each other down past their time limits.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
