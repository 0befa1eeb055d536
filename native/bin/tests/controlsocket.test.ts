// clickos-run's -u and -p options end to end: a ControlSocket driven by a plain socket client
// (the checks live in native/elements/control/tests/clickos_run_controlsocket.mjs).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const script = join(here, '..', '..', 'elements', 'control', 'tests', 'clickos_run_controlsocket.mjs');
const binary = join(process.env.CLICKOS_BUILD_DIR ?? join(here, '..', '..', 'build'), 'bin', 'clickos-run');

it('serves handlers over unix and TCP ControlSockets and stops on WRITE stop', () => {
  const r = spawnSync(process.execPath, [script, binary], { encoding: 'utf8', timeout: 60000 });
  expect(r.stdout).toMatch(/^\d+ passed, 0 failed$/m);
  expect(r.status).toBe(0);
});
