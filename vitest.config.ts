import { defineConfig } from 'vitest/config';

/**
 * Tests that bound wall-clock time (`*.timing.test.ts`, e.g. no request slower than 300 ms during index
 * swaps) run after all others, one file at a time: run beside the parallel suite on two cores they
 * measure the other tests' load, not the code.
 */
const TIMING = 'test/**/*.timing.test.ts';

export default defineConfig({
  test: {
    // The JSON report lets .ci/run print one plain `N passed, N failed` line for both suites.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-artifacts/vitest.json' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Native hnswlib and pdf.js are happiest in forked processes.
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/browser/**', TIMING], sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'timing', include: [TIMING], fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
