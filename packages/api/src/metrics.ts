// Prometheus metrics of one daemon (prom-client, a registry of its own): instances by status,
// per-instance CPU, memory and uptime, per-port packets, bytes and drops from the switch, and
// boot times (boot + install of every start the daemon ran).
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { InstanceStats, SupervisorEvent } from '@clickos/core';
import type { BootSample, Services } from './daemon/services.js';

export function createMetrics(services: Services): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'cosmosd_' });

  new Gauge({
    name: 'clickos_instances',
    help: 'Instances by status',
    labelNames: ['status'],
    registers: [registry],
    collect() {
      this.reset();
      const counts: Record<string, number> = { running: 0, suspended: 0, stopped: 0, restarting: 0 };
      for (const i of services.manager.list()) counts[i.status] = (counts[i.status] ?? 0) + 1;
      for (const [status, n] of Object.entries(counts)) this.set({ status }, n);
    },
  });

  // prom-client starts every metric's collect in the same tick of a scrape: the instance gauges
  // share one stats call per instance (a snapshot forgotten once that tick is over).
  let snapshot: Promise<Array<{ name: string; stats: InstanceStats }>> | undefined;
  const instanceStats = () => {
    if (!snapshot) {
      const running = services.manager
        .list()
        .filter((i) => i.status === 'running' || i.status === 'suspended');
      setImmediate(() => {
        snapshot = undefined;
      });
      snapshot = Promise.all(
        running.map(async (i) => ({
          name: i.name,
          stats: await services.manager.stats(i.name).catch(() => undefined),
        })),
      ).then((all) => all.filter((x): x is { name: string; stats: InstanceStats } => x.stats !== undefined));
    }
    return snapshot;
  };
  const instanceGauge = (name: string, help: string, field: 'uptimeSeconds' | 'cpuSeconds' | 'pssBytes') =>
    new Gauge({
      name,
      help,
      labelNames: ['instance'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const { name: instance, stats } of await instanceStats()) {
          const v = stats[field];
          if (v !== undefined) this.set({ instance }, v);
        }
      },
    });
  instanceGauge(
    'clickos_instance_uptime_seconds',
    'Seconds since the instance process started',
    'uptimeSeconds',
  );
  instanceGauge(
    'clickos_instance_cpu_seconds',
    'CPU time (user + system) of the instance since it started',
    'cpuSeconds',
  );
  instanceGauge(
    'clickos_instance_memory_pss_bytes',
    'Proportional set size of the instance process',
    'pssBytes',
  );

  // Switch counters: one scrape of the switch feeds every port metric.
  const portLabels = ['switch', 'port', 'name', 'instance'];
  const portMetric = (name: string, help: string, field: string) => ({
    gauge: new Gauge({ name, help, labelNames: portLabels, registers: [] }),
    field,
  });
  const portMetrics = [
    portMetric('clickos_port_rx_packets', 'Frames the switch received from the port', 'rx_packets'),
    portMetric('clickos_port_tx_packets', 'Frames the switch sent to the port', 'tx_packets'),
    portMetric('clickos_port_rx_bytes', 'Bytes the switch received from the port', 'rx_bytes'),
    portMetric('clickos_port_tx_bytes', 'Bytes the switch sent to the port', 'tx_bytes'),
    portMetric(
      'clickos_port_drops',
      'Frames dropped on their way to the port (its ring was full)',
      'tx_drops',
    ),
    portMetric('clickos_port_bad_frames', 'Malformed slots the port sent', 'bad_frames'),
  ];
  const switchUp = new Gauge({
    name: 'clickos_switch_up',
    help: '1 when the switch answers its control socket',
    registers: [],
    collect() {
      for (const m of portMetrics) m.gauge.reset();
      let ports: Array<Record<string, unknown>>;
      try {
        ports = services.switchClient().ports();
      } catch {
        this.set(0);
        return;
      }
      this.set(1);
      for (const p of ports) {
        const name = String(p.name ?? '');
        const labels = {
          switch: String(p.switch ?? ''),
          port: String(p.port ?? ''),
          name,
          // Ring ports of instances are named INSTANCE:DEVID.
          instance: p.kind === 'ring' && name.includes(':') ? name.slice(0, name.lastIndexOf(':')) : '',
        };
        for (const m of portMetrics) {
          const v = Number(p[m.field]);
          if (Number.isFinite(v)) m.gauge.set(labels, v);
        }
      }
    },
  });

  registry.registerMetric(switchUp);
  for (const m of portMetrics) registry.registerMetric(m.gauge);

  const boots = new Histogram({
    name: 'clickos_instance_boot_seconds',
    help: 'Time from a start request to the instance running its configuration (boot + install)',
    buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  const bootsByInstance = new Gauge({
    name: 'clickos_instance_last_boot_seconds',
    help: 'How long the instance took to boot the last time the daemon started it',
    labelNames: ['instance'],
    registers: [registry],
  });
  const starts = new Counter({
    name: 'clickos_instance_starts_total',
    help: 'Instance starts the daemon ran',
    registers: [registry],
  });
  const supervised = new Counter({
    name: 'clickos_instance_events_total',
    help: "The supervisor's events: crashed, restarted, restart-failed, unresponsive, adopted, missing...",
    labelNames: ['kind'],
    registers: [registry],
  });
  services.on('instance-event', (e: SupervisorEvent) => supervised.inc({ kind: e.kind }));
  services.on('boot', (b: BootSample) => {
    boots.observe(b.seconds);
    bootsByInstance.set({ instance: b.instance }, b.seconds);
    starts.inc();
  });
  return registry;
}
