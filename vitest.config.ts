import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'test/**/*.test.ts',
      'verifier/**/*.test.ts',
      'web/src/**/*.test.ts',
    ],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two workers overlap one file's waits (browsers, child processes, PostgreSQL) with another's:
    // vitest's default on 2 cores is one, and the suite had grown past 25 minutes serially.
    // (isolate: false would save the server's import per file, but some tests read module state.)
    maxWorkers: 2,
  },
});
