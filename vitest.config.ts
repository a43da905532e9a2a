import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Native hnswlib and pdf.js are happiest in forked processes.
    pool: 'forks',
  },
});
