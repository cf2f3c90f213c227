import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          // API tests hash passwords and write real SQLite files; on 2 busy cores 5 s is too tight.
          testTimeout: 20_000,
          // Hooks load the sample county and sign several users in (scrypt): same allowance.
          hookTimeout: 60_000,
          include: [
            'common/**/*.test.ts',
            'server/**/*.test.ts',
            'client/src/**/*.test.ts',
            'scripts/**/*.test.ts',
            'test/api/**/*.test.ts',
          ],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // A browser on a busy 2-core CI machine: polls wait up to 10 s, not vitest's default 1 s.
          expect: { poll: { timeout: 10_000, interval: 100 } },
          fileParallelism: false,
        },
      },
    ],
  },
});
