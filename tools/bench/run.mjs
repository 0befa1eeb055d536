#!/usr/bin/env node
// `npm run bench [name ...]`: benchmarks, separate from the tests. Each prints a table and
// writes bench/results/<name>.json. Names: engine, switch, instances, api, middleboxes, platform.
import { benchApi } from './api.mjs';
import { benchEngine } from './engine.mjs';
import { benchInstances } from './instances.mjs';
import { benchMiddleboxes } from './middleboxes.mjs';
import { benchPlatform } from './platform.mjs';
import { benchSwitch } from './switch.mjs';

const benches = {
  engine: benchEngine,
  switch: benchSwitch,
  instances: benchInstances,
  api: benchApi,
  middleboxes: benchMiddleboxes,
  platform: benchPlatform,
};
const wanted = process.argv.slice(2);
for (const name of wanted.length ? wanted : Object.keys(benches)) {
  const bench = benches[name];
  if (!bench) {
    console.error(`bench: unknown benchmark '${name}' (known: ${Object.keys(benches).join(', ')})`);
    process.exit(2);
  }
  console.log(`\n=== ${name} ===`);
  await bench();
}
