// Runs every package's tests from the root: `npx vitest run`. Each package has its own vitest.config.ts.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*', 'middleboxes/*/vitest.config.ts', 'native', 'tests/e2e', 'tools'],
  },
});
