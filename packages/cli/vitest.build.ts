// Vitest global setup: brings dist/ up to date (tsc -b also builds core, a project reference).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export default function buildCli(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-b', fileURLToPath(new URL('.', import.meta.url))], {
    stdio: 'inherit',
  });
}
