// Whether clickos-run is built (the harness runs it); prints why the tests are skipped if not.
import { locateRunProgram } from '@clickos/core';

export function haveRunner(): boolean {
  try {
    locateRunProgram();
    return true;
  } catch (err) {
    console.log(`skipping: ${(err as Error).message}`);
    return false;
  }
}
