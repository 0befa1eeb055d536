#!/usr/bin/env node
// Entry point of the `cosmos` command.
import { runCli } from '../program.js';

// A reader that stops early (`cosmos config flatten big.click | head`) is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

process.exitCode = await runCli(process.argv.slice(2));
