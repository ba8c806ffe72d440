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
    // 135 files each importing the whole server cost more than their tests on 2 cores: a worker
    // keeps its modules between files (every file builds its own platform and closes it), and
    // two workers overlap one file's waits (browsers, child processes, PostgreSQL) with another's.
    isolate: false,
    maxWorkers: 2,
  },
});
