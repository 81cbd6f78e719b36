import { defineConfig } from 'vitest/config';

// Browser journeys: each file starts its own server on embedded PGlite and drives Debian's Chromium.
export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
