import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    // beforeAll hooks run the CLI over several files; on 2 shared cores 10 s is not enough.
    hookTimeout: 120_000,
  },
});
