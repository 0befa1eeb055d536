// Declarative chains: PUT /v1/chains/NAME applies a chain document (the switches' NIC ports,
// the chain's instances with their configurations inlined), POST /v1/chains/NAME/diff says
// what that would change, DELETE /v1/chains/NAME removes what the chain owns. The plan and
// its execution are @clickos/core's (chains/); this only checks the name, hands over the
// daemon's plugin registry (for instances declared with `plugin:`) and maps the errors.
import { join } from 'node:path';
import {
  ApplyError,
  applyChain,
  Chain,
  type ChainValue,
  diffChain,
  emptyChain,
  PluginRegistry,
  UsageError,
} from '@clickos/core';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { errorBody, httpStatusFor } from '../errors.js';
import { ChainParams } from '../schemas.js';

type Params = z.output<typeof ChainParams>;

/** DELETE's query: the switches whose NIC ports go too (the chain's file named them). */
const DeleteQuery = z.object({ switches: z.string().max(4096).optional() });

function named(params: Params, chain: ChainValue): ChainValue {
  if (chain.chain !== params.chain) {
    throw new UsageError(`the document is chain '${chain.chain}', the path names '${params.chain}'`);
  }
  return chain;
}

export const chainApplyRoutes: FastifyPluginAsync = async (app) => {
  const svc = app.cosmos;
  const tags = ['chains'];
  const options = () => ({
    plugins: new PluginRegistry({ store: svc.manager.store, dir: join(svc.stateDir, 'plugins') }),
  });
  const sw = () => {
    try {
      return svc.switchClient();
    } catch {
      return undefined;
    }
  };
  // Applies run one at a time: two at once would plan against the same state.
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(op: () => Promise<T>): Promise<T> => {
    const next = queue.then(op, op);
    queue = next.catch(() => undefined);
    return next;
  };

  app.post<{ Params: Params; Body: ChainValue }>(
    '/chains/:chain/diff',
    {
      schema: {
        tags,
        summary: 'What applying the chain document would change',
        params: ChainParams,
        body: Chain,
      },
    },
    async (request) => ({
      chain: request.params.chain,
      changes: diffChain(svc.manager, sw(), named(request.params, request.body), options()),
    }),
  );

  app.put<{ Params: Params; Body: ChainValue }>(
    '/chains/:chain',
    {
      schema: {
        tags,
        summary: 'Apply a chain document: create, change and remove what differs (idempotent)',
        params: ChainParams,
        body: Chain,
      },
    },
    async (request, reply) => {
      const chain = named(request.params, request.body);
      try {
        const changes = await serialized(() => applyChain(svc.manager, sw(), chain, options()));
        return { chain: chain.chain, changes };
      } catch (err) {
        if (!(err instanceof ApplyError)) throw err;
        return reply
          .status(httpStatusFor(err.error))
          .send({ ...errorBody(err.error), detail: err.message, applied: err.applied, failed: err.change });
      }
    },
  );

  app.delete<{ Params: Params; Querystring: z.output<typeof DeleteQuery> }>(
    '/chains/:chain',
    {
      schema: {
        tags,
        summary: "Remove the chain's instances (and the NIC ports of the switches named in ?switches=a,b)",
        params: ChainParams,
        querystring: DeleteQuery,
      },
    },
    async (request) => {
      const switches = (request.query.switches ?? '')
        .split(',')
        .filter(Boolean)
        .map((name) => ({ name, nics: [] }));
      const chain = Chain.parse(emptyChain(request.params.chain, switches));
      const changes = await serialized(() => applyChain(svc.manager, sw(), chain));
      return { chain: chain.chain, changes };
    },
  );
};
