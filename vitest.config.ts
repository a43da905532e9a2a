import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The JSON report lets .ci/run print one plain `N passed, N failed` line for both suites.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-artifacts/vitest.json' },
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Native hnswlib and pdf.js are happiest in forked processes.
    pool: 'forks',
  },
});
