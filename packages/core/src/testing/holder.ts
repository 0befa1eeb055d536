// Test support: a supervisor in a process of its own that holds its store until it is killed.
// It opens an InstanceManager with the options given as JSON in argv[2], prints its pid once
// the store is held, and waits.
import { InstanceManager, type InstanceManagerOptions } from '../instances/manager.js';

const options = JSON.parse(process.argv[2] as string) as InstanceManagerOptions;
await InstanceManager.open(options);
process.stdout.write(`${JSON.stringify({ pid: process.pid })}\n`);
setInterval(() => undefined, 1 << 30);
