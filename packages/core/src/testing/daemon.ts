// Test support: a "daemon" in a process of its own. It opens an InstanceManager with the
// options given as JSON in argv[2], runs the instance named in them, prints the engine's pid
// and dies with SIGKILL: nothing of it gets to clean up, as when a real daemon crashes.
import { InstanceManager, type InstanceManagerOptions } from '../instances/manager.js';

const { options, name, config } = JSON.parse(process.argv[2] as string) as {
  options: InstanceManagerOptions;
  name: string;
  config: string;
};
const m = await InstanceManager.open(options);
await m.create({ name, config });
await m.start(name);
await m.write(name, 'q.capacity', '77');
const runtime = m.supervisor.handle(name)?.runtime as { enginePid: number };
process.stdout.write(`${JSON.stringify({ enginePid: runtime.enginePid })}\n`, () => {
  process.kill(process.pid, 'SIGKILL');
});
