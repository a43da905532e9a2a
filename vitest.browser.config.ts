import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The JSON report lets .ci/run print one plain `N passed, N failed` line for both suites.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-artifacts/vitest-browser.json' },
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
