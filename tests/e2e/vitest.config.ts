import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'e2e',
    include: ['**/*.test.ts'],
    // Real daemons, switches, instances and network namespaces on two shared vCPUs.
    testTimeout: 60000,
    hookTimeout: 60000,
    // Scenarios run one after the other: each builds on the previous one's state.
    sequence: { concurrent: false },
    fileParallelism: false,
  },
});
