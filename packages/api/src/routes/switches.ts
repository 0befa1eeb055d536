// /v1/switches: the clickos-switch the daemon uses (docs/switch.md): switches, ports and their
// counters, NIC/TAP ports, the static MAC table, and pcap capture of a port.
import { isAbsolute } from 'node:path';
import { UsageError } from '@clickos/core';
import type { FastifyPluginAsync } from 'fastify';
import type { z } from 'zod';
import {
  AttachBody,
  CaptureBody,
  PortParams,
  SwitchParams,
  TableAddBody,
  TableEntryParams,
} from '../schemas.js';

type SwitchP = z.output<typeof SwitchParams>;
type PortP = z.output<typeof PortParams>;

export const switchRoutes: FastifyPluginAsync = async (app) => {
  const svc = app.cosmos;
  const tags = ['switches'];

  app.get(
    '/switches',
    { schema: { tags, summary: 'Switches with their port and MAC counts' } },
    async () => ({
      socket: svc.switchStatus.socket,
      switches: svc.switchClient().switches(),
    }),
  );

  app.get(
    '/switches/ports',
    { schema: { tags, summary: 'Ports of every switch, with counters' } },
    async () => ({
      ports: svc.switchClient().ports(),
    }),
  );

  app.get<{ Params: SwitchP }>(
    '/switches/:switch/ports',
    { schema: { tags, summary: "A switch's ports, with counters", params: SwitchParams } },
    async (request) => ({ ports: svc.switchClient().ports(request.params.switch) }),
  );

  app.post<{ Params: SwitchP; Body: z.output<typeof AttachBody> }>(
    '/switches/:switch/ports',
    {
      schema: {
        tags,
        summary: 'Attach a Linux interface (nic) or a new TAP interface',
        params: SwitchParams,
        body: AttachBody,
      },
    },
    async (request, reply) => {
      const b = request.body;
      svc.switchClient(); // no switch: a BackendError saying why
      // Recorded in the store: attached again after a switch restart.
      const r = svc.manager.attachInterface({
        switch: request.params.switch,
        kind: b.kind,
        ifname: b.ifname,
        ...(b.mode ? { mode: b.mode } : {}),
        ...(b.zerocopy !== undefined ? { zerocopy: b.zerocopy } : {}),
        ...(b.busy !== undefined ? { busy: b.busy } : {}),
      });
      return reply.status(201).send(r);
    },
  );

  app.delete<{ Params: PortP }>(
    '/switches/ports/:port',
    { schema: { tags, summary: 'Detach a port (an interface port is forgotten too)', params: PortParams } },
    async (request, reply) => {
      svc.switchClient();
      svc.manager.detachPort(request.params.port);
      return reply.status(204).send();
    },
  );

  app.get<{ Params: SwitchP }>(
    '/switches/:switch/table',
    { schema: { tags, summary: 'The MAC table (static and learned entries)', params: SwitchParams } },
    async (request) => ({ entries: svc.switchClient().table(request.params.switch) }),
  );

  app.post<{ Params: SwitchP; Body: z.output<typeof TableAddBody> }>(
    '/switches/:switch/table',
    { schema: { tags, summary: 'Add a static MAC entry', params: SwitchParams, body: TableAddBody } },
    async (request, reply) => {
      svc.switchClient().tableAdd(request.params.switch, request.body.mac, request.body.port);
      return reply.status(201).send({ switch: request.params.switch, ...request.body });
    },
  );

  app.delete<{ Params: z.output<typeof TableEntryParams> }>(
    '/switches/:switch/table/:mac',
    { schema: { tags, summary: 'Remove a static MAC entry', params: TableEntryParams } },
    async (request, reply) => {
      svc.switchClient().tableRemove(request.params.switch, request.params.mac);
      return reply.status(204).send();
    },
  );

  app.post<{ Params: PortP; Body: z.output<typeof CaptureBody> }>(
    '/switches/ports/:port/capture',
    {
      schema: {
        tags,
        summary: "Mirror a port's frames to a pcap file",
        params: PortParams,
        body: CaptureBody,
      },
    },
    async (request) => {
      const { file, snaplen } = request.body;
      if (!isAbsolute(file)) throw new UsageError('the capture file must be an absolute path');
      const r = svc.switchClient().request({
        op: 'capture',
        port: request.params.port,
        file,
        ...(snaplen ? { snaplen } : {}),
      });
      return { ...r, port: request.params.port, file };
    },
  );

  app.delete<{ Params: PortP }>(
    '/switches/ports/:port/capture',
    { schema: { tags, summary: 'Stop capturing a port', params: PortParams } },
    async (request) => {
      const r = svc.switchClient().request({ op: 'capture-stop', port: request.params.port });
      return { ...r, port: request.params.port };
    },
  );
};
