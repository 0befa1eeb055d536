import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: {
    // In-process tests run against core's sources, so they do not depend on core being built.
    alias: { '@clickos/core': fileURLToPath(new URL('../core/src/index.ts', import.meta.url)) },
  },
  test: {
    name: 'api',
    include: ['src/**/*.test.ts'],
    // Route tests start real instances and a real switch; the machine has two shared vCPUs.
    testTimeout: 30000,
    hookTimeout: 30000,
  },
});
