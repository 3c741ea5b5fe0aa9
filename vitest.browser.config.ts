import { defineConfig } from 'vitest/config';

/** `npm run test:browser`: the tests that drive headless Chromium (Debian's `chromium` package). */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    globalSetup: ['test/helpers/global-redis.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest-browser.json' },
  },
});
