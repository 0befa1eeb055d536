import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: {
    alias: { '@clickos/core': fileURLToPath(new URL('../../packages/core/src/index.ts', import.meta.url)) },
  },
  test: {
    name: 'middlebox-firewall',
    include: ['tests/**/*.test.ts'],
    testTimeout: 60000,
  },
});
