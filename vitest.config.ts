import { defineConfig } from 'vitest/config';

/**
 * Test files that read module state another file may already have changed: which fonts are
 * loaded (font-library). They get a fresh module registry each. (template-renderer left this
 * list once fontkit's shared glyph cache stopped losing code points: src/pdf/glyph-code-points.ts.)
 */
const STATE_READING_FILES = ['src/pdf/text/font-library.test.ts'];

export default defineConfig({
  test: {
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two workers overlap one file's waits (browsers, child processes, PostgreSQL) with another's:
    // vitest's default on 2 cores is one, and the suite had grown past 25 minutes serially.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'shared-modules',
          include: [
            'src/**/*.test.ts',
            'test/**/*.test.ts',
            'verifier/**/*.test.ts',
            'web/src/**/*.test.ts',
          ],
          exclude: STATE_READING_FILES,
          // Each worker keeps the server's modules between files instead of importing them again
          // for each of ~140 files (every file still builds its own platform and database).
          isolate: false,
        },
      },
      { extends: true, test: { name: 'isolated', include: STATE_READING_FILES, isolate: true } },
    ],
  },
});
