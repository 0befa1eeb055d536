// The request bodies and parameters of the cosmosd API, as zod schemas: the daemon validates
// every request with them and the CLI builds its requests with them, so one definition
// validates everywhere. Instance specifications come from @clickos/core (CreateSpec, Selector).
import { CreateSpec, Definitions, InstanceName, Labels, Mac } from '@clickos/core';
import { z } from 'zod';

export { CreateSpec, Definitions, InstanceName, Labels, Mac };

export const InstanceParams = z.object({ name: InstanceName });

/** PUT /v1/instances/:name/config: install a configuration (hot-swap when it runs). */
export const InstallBody = z.object({
  text: z.string(),
  definitions: Definitions.default({}),
  /** The name errors are reported under (file:line:col), e.g. the file the CLI read. */
  filename: z.string().min(1).max(255).optional(),
  /** Restart the instance when it cannot take the configuration in place (default true). */
  restart: z.boolean().default(true),
});

/** POST /v1/instances/:name/start: optionally install first, then run. */
export const StartBody = z
  .object({
    text: z.string().optional(),
    definitions: Definitions.default({}),
    filename: z.string().min(1).max(255).optional(),
  })
  .default({ definitions: {} });

/** Handler names: "element.handler" (element names may hold '/'), or a global like "config". */
export const HandlerName = z
  .string()
  .regex(
    /^([A-Za-z0-9_@/.-]*[A-Za-z0-9_@-]\.)?[A-Za-z0-9_.-]+$/,
    'expected ELEMENT.HANDLER or a global handler',
  )
  .max(512);

export const HandlerParams = z.object({ name: InstanceName, handler: HandlerName });
export const HandlerQuery = z.object({ params: z.string().max(65536).optional() });
export const WriteBody = z.object({
  value: z
    .string()
    .max(1 << 20)
    .default(''),
});

export const LogsQuery = z.object({ lines: z.coerce.number().int().min(1).max(10000).default(100) });

export const SwitchName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/, 'invalid switch name');
export const SwitchParams = z.object({ switch: SwitchName });
export const PortParams = z.object({ port: z.coerce.number().int().min(0).max(65535) });

/** POST /v1/switches/:switch/ports: join a Linux interface (NIC) or a new TAP interface. */
export const AttachBody = z.object({
  kind: z.enum(['nic', 'tap']),
  ifname: z.string().regex(/^[A-Za-z0-9_.:-]{1,15}$/, 'expected an interface name (1-15 characters)'),
  /** NIC ports: AF_PACKET ("packet", the default) or AF_XDP ("xdp"). */
  mode: z.enum(['packet', 'xdp']).optional(),
  zerocopy: z.boolean().optional(),
  busy: z.boolean().optional(),
});

export const TableAddBody = z.object({ mac: Mac, port: z.number().int().min(0).max(65535) });
export const TableEntryParams = z.object({ switch: SwitchName, mac: Mac });

export const CaptureBody = z.object({
  /** An absolute path the switch writes the pcap file to. */
  file: z.string().startsWith('/', 'the capture file must be an absolute path').max(4096),
  snaplen: z.number().int().min(64).max(262144).optional(),
});

export const EventsQuery = z.object({
  instance: InstanceName.optional(),
  kind: z.string().max(64).optional(),
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(10000).default(1000),
});

export const BackupBody = z.object({
  file: z.string().startsWith('/', 'the backup file must be an absolute path').max(4096),
});

export const ShutdownBody = z
  .object({
    /** Stop every instance too (by default they keep running and the next daemon adopts them). */
    stopInstances: z.boolean().default(false),
    /** Stop the switch this daemon started. */
    stopSwitch: z.boolean().default(false),
  })
  .default({ stopInstances: false, stopSwitch: false });

export const PluginParams = z.object({ name: z.string().min(1).max(214) });
/** A plugin to install or upgrade to: a directory or .tgz on the daemon's host, or an npm package name. */
export const PluginSource = z.object({
  source: z.string().min(1).max(4096),
  /** For upgrades: stop the instances using the plugin, reinstall and start them on the new version. */
  drain: z.boolean().default(false),
});
export const PluginRemoveQuery = z.object({ drain: z.enum(['true', 'false']).default('false') });
export const ChainParams = z.object({
  chain: z.string().regex(/^[A-Za-z0-9_./:-]{1,63}$/, 'invalid chain name'),
});

/** The error body of every 4xx/5xx answer. */
export const ErrorBody = z.object({
  error: z.string(),
  detail: z.string(),
  diagnostics: z.array(z.unknown()).optional(),
});
export type ErrorBodyValue = z.infer<typeof ErrorBody>;
