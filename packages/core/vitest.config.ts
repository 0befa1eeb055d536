import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'core',
    include: ['src/**/*.test.ts'],
    // Life-cycle tests start real instances; the machine has two shared vCPUs.
    testTimeout: 30000,
  },
});
