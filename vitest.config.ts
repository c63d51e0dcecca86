import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    globalSetup: ['./test/support/pg-global-setup.ts'],
    reporters: ['default', './test/plain-summary-reporter.ts'],
  },
});
