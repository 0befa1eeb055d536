#!/usr/bin/env node
// `npm run bench [name ...]`: benchmarks, separate from the tests. Each prints a table and
// writes bench/results/<name>.json. Names: engine.
import { benchEngine } from './engine.mjs';

const benches = { engine: benchEngine };
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
