import { defineProject } from 'vitest/config';

// Tests of the repository's own tools (the element doc generator).
export default defineProject({
  test: {
    name: 'tools',
    include: ['elementdoc/**/*.test.mjs'],
  },
});
