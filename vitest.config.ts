import { defineConfig } from 'vitest/config';

// Three stages: `unit` (pure code and in-memory adapters, seconds), `integration` (real parts:
// the lab's API servers and Prometheus, a real HTTP server) and `browser` (the dashboard in Chromium).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts', 'web/src/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // One lab (two clusters and Prometheus) for the whole run; see lab/README.md.
          globalSetup: ['test/integration/globalSetup.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'browser',
          // The dashboard in Debian's Chromium against the built `smm demo` (test/browser/harness.ts).
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
