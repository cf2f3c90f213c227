import { defineConfig } from 'vitest/config';

/**
 * `npm run test:reliability` (docs/reliability-operations.md): load, crash loop, backups and reads
 * during long writes. Separate from `npm test` — minutes, not seconds, and real server processes.
 */
export default defineConfig({
  test: {
    name: 'reliability',
    include: ['test/reliability/**/*.rel.ts'],
    environment: 'node',
    testTimeout: 300_000,
    hookTimeout: 120_000,
    // One at a time: each file measures, and a neighbour's load would spoil its figures.
    fileParallelism: false,
  },
});
