import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: {
    // In-process tests run against core's sources, so they do not depend on core being built.
    alias: {
      '@clickos/core': fileURLToPath(new URL('../core/src/index.ts', import.meta.url)),
      '@clickos/api/schemas': fileURLToPath(new URL('../api/src/schemas.ts', import.meta.url)),
      '@clickos/api/paths': fileURLToPath(new URL('../api/src/paths.ts', import.meta.url)),
    },
  },
  test: {
    name: 'cli',
    include: ['src/**/*.test.ts'],
    // The bin tests run dist/bin/cosmos.js: build it (and core) first; incremental, so cheap.
    globalSetup: ['./vitest.build.ts'],
    // The daemon tests start real instances; the machine has two shared vCPUs.
    testTimeout: 60000,
    hookTimeout: 60000,
  },
});
