// /v1/events: the control store's event log (created, installed, started, crashed, restarted...),
// as a page of JSON or as server-sent events that follow the log (/v1/events/stream; each event's
// id is its log id, so a client resumes with ?after=ID or the Last-Event-ID header).
import type { FastifyPluginAsync } from 'fastify';
import type { z } from 'zod';
import { EventsQuery } from '../schemas.js';

type Query = z.output<typeof EventsQuery>;

const POLL_MS = 200;
const HEARTBEAT_MS = 15_000;

export const eventRoutes: FastifyPluginAsync = async (app) => {
  const svc = app.cosmos;
  const select = (q: Query, afterId: number) =>
    svc.manager.events({
      afterId,
      limit: q.limit,
      ...(q.instance ? { instance: q.instance } : {}),
      ...(q.kind ? { kind: q.kind } : {}),
    });

  app.get<{ Querystring: Query }>(
    '/events',
    {
      schema: { tags: ['events'], summary: 'Events after ?after=ID, oldest first', querystring: EventsQuery },
    },
    async (request) => ({ events: select(request.query, request.query.after) }),
  );

  app.get<{ Querystring: Query }>(
    '/events/stream',
    {
      schema: {
        tags: ['events'],
        summary: 'Events as server-sent events, following the log',
        querystring: EventsQuery,
      },
    },
    (request, reply) => {
      const lastHeader = Number(request.headers['last-event-id']);
      let after = Number.isInteger(lastHeader) && lastHeader > 0 ? lastHeader : request.query.after;
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      });
      res.write(': cosmosd events\n\n');
      let closed = false;
      const pump = () => {
        if (closed) return;
        try {
          for (const e of select(request.query, after)) {
            res.write(`id: ${e.id}\nevent: ${e.kind}\ndata: ${JSON.stringify(e)}\n\n`);
            after = e.id;
          }
        } catch (err) {
          // The store is being restored: the next poll continues.
          request.log.debug({ err }, 'event poll failed');
        }
      };
      pump();
      const poll = setInterval(pump, POLL_MS);
      const beat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
      const stop = () => {
        closed = true;
        clearInterval(poll);
        clearInterval(beat);
      };
      request.raw.on('close', stop);
      res.on('close', stop);
    },
  );
};
