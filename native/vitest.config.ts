import { defineProject } from 'vitest/config';

// Tests of the native programs (clickos-run) driven from outside, as an operator would.
export default defineProject({
  test: {
    name: 'native',
    include: ['bin/tests/**/*.test.ts'],
    testTimeout: 30000,
  },
});
