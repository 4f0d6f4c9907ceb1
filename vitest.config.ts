import { defineConfig } from 'vitest/config';

// Every test file gets its own store (an in-memory PGlite, or a fresh database on the
// PostgreSQL server when TEST_DATABASE_URL is set), so files may run in parallel.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/globalSetup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
  },
});
