// /v1/chains: instances grouped by their "chain" label, in the order of their "chain.position"
// label (then by name). Declarative chains (apply/diff) build on these labels.
import { type InstanceInfo, NotFound } from '@clickos/core';
import type { FastifyPluginAsync } from 'fastify';
import type { z } from 'zod';
import { ChainParams } from '../schemas.js';

export const CHAIN_LABEL = 'chain';
export const POSITION_LABEL = 'chain.position';

function chainsOf(instances: InstanceInfo[]): Map<string, InstanceInfo[]> {
  const chains = new Map<string, InstanceInfo[]>();
  for (const i of instances) {
    const chain = i.labels[CHAIN_LABEL];
    if (chain === undefined) continue;
    chains.set(chain, [...(chains.get(chain) ?? []), i]);
  }
  const position = (i: InstanceInfo) => Number(i.labels[POSITION_LABEL] ?? Number.POSITIVE_INFINITY);
  for (const members of chains.values()) {
    members.sort((a, b) => position(a) - position(b) || a.name.localeCompare(b.name));
  }
  return chains;
}

const summary = (name: string, members: InstanceInfo[]) => ({
  name,
  instances: members.map((m) => ({ name: m.name, status: m.status, ports: m.ports })),
  running: members.filter((m) => m.status === 'running').length,
});

export const chainRoutes: FastifyPluginAsync = async (app) => {
  const svc = app.cosmos;
  app.get(
    '/chains',
    { schema: { tags: ['chains'], summary: 'Chains (instances labelled chain=NAME)' } },
    async () => ({
      chains: [...chainsOf(svc.manager.list()).entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, members]) => summary(name, members)),
    }),
  );
  app.get<{ Params: z.output<typeof ChainParams> }>(
    '/chains/:chain',
    { schema: { tags: ['chains'], summary: 'One chain, its instances in order', params: ChainParams } },
    async (request) => {
      const members = chainsOf(svc.manager.list({ labels: { [CHAIN_LABEL]: request.params.chain } })).get(
        request.params.chain,
      );
      if (!members)
        throw new NotFound(
          `no chain named '${request.params.chain}' (no instance has label chain=${request.params.chain})`,
        );
      return summary(request.params.chain, members);
    },
  );
};
