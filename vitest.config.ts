import { defineConfig } from 'vitest/config';

// Two projects: pure tests run in parallel; tests that drive real containers
// run one file at a time, because they share the Docker engine and two cores.
export default defineConfig({
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    // One temporary directory per test run, removed at its end (test/temp-root.ts).
    globalSetup: ['./test/temp-root.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['test/**/*.test.ts'],
          exclude: ['test/integration/**', 'node_modules/**'],
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'docker',
          // After the unit tests, so timing-sensitive container tests do not share the CPUs with them.
          sequence: { groupOrder: 1 },
          include: ['test/integration/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 600_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
