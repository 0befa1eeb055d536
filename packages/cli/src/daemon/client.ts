// The CLI's side of cosmosd's API: JSON requests over the unix socket (or loopback TCP with a
// bearer token), and the daemon's {error, detail} answers turned back into core's typed errors,
// so the CLI maps them to exit codes the one way it maps every error.
import { request } from 'node:http';
import { BackendError, ConfigError, Conflict, type Diagnostic, NotFound, UsageError } from '@clickos/core';

export type Endpoint = { socket: string } | { url: string; token: string };

export function describeEndpoint(e: Endpoint): string {
  return 'socket' in e ? e.socket : e.url;
}

interface ErrorAnswer {
  error?: string;
  detail?: string;
  diagnostics?: Diagnostic[];
}

/** The typed error an error answer stands for. */
export function errorFromAnswer(status: number, body: ErrorAnswer | undefined): Error {
  const detail = body?.detail ?? `cosmosd answered ${status}`;
  switch (body?.error) {
    case 'CONFIG':
      return body.diagnostics?.length ? new ConfigError(body.diagnostics) : new UsageError(detail);
    case 'NOT_FOUND':
      return new NotFound(detail);
    case 'CONFLICT':
      return new Conflict(detail);
    case 'USAGE':
    case 'TOO_LARGE':
      return new UsageError(detail);
    case 'UNAUTHORIZED':
      return new UsageError(`cosmosd refused the request: ${detail} (check --token-file or COSMOS_TOKEN)`);
    case 'BACKEND':
      return new BackendError(detail);
    default:
      return new Error(detail);
  }
}

/** Raised when nothing answers at the endpoint (the caller may then start the daemon). */
export class Unreachable extends BackendError {
  constructor(
    readonly endpoint: Endpoint,
    readonly reason: string,
  ) {
    super(`cannot reach cosmosd at ${describeEndpoint(endpoint)}: ${reason}`);
  }
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export class DaemonClient {
  constructor(
    readonly endpoint: Endpoint,
    private readonly timeoutMs = 120_000,
  ) {}

  raw(method: string, path: string, body?: unknown): Promise<RawAnswer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const e = this.endpoint;
    const headers: Record<string, string> = {};
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    let target: { socketPath: string } | { host: string; port: string; protocol: string };
    if ('socket' in e) target = { socketPath: e.socket };
    else {
      const u = new URL(e.url);
      target = { host: u.hostname.replace(/^\[|\]$/g, ''), port: u.port || '80', protocol: u.protocol };
      headers.authorization = `Bearer ${e.token}`;
    }
    return new Promise((resolve, reject) => {
      const req = request({ ...target, method, path, headers, timeout: this.timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.timeoutMs / 1000} s`)));
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') reject(new Unreachable(e, err.code));
        else reject(new BackendError(`cosmosd at ${describeEndpoint(e)}: ${err.message}`));
      });
      req.end(payload);
    });
  }

  /** One JSON request; a typed error for 4xx/5xx answers. */
  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const r = await this.raw(method, path, body);
    let json: unknown;
    try {
      json = r.body ? JSON.parse(r.body) : undefined;
    } catch {
      json = undefined;
    }
    if (r.status >= 400) throw errorFromAnswer(r.status, json as ErrorAnswer | undefined);
    return json as T;
  }

  /** Server-sent events of `path`, one callback per event, until `signal` aborts. */
  stream(
    path: string,
    onEvent: (event: { id: string; event: string; data: string }) => void,
    signal: AbortSignal,
  ) {
    const e = this.endpoint;
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    let target: object;
    if ('socket' in e) target = { socketPath: e.socket };
    else {
      const u = new URL(e.url);
      target = { host: u.hostname.replace(/^\[|\]$/g, ''), port: u.port || '80' };
      headers.authorization = `Bearer ${e.token}`;
    }
    return new Promise<void>((resolve, reject) => {
      const req = request({ ...target, method: 'GET', path, headers, signal }, (res) => {
        if ((res.statusCode ?? 0) >= 400) {
          let text = '';
          res.on('data', (c: Buffer) => {
            text += c.toString('utf8');
          });
          res.on('end', () => {
            let body: ErrorAnswer | undefined;
            try {
              body = JSON.parse(text) as ErrorAnswer;
            } catch {
              body = undefined;
            }
            reject(errorFromAnswer(res.statusCode ?? 0, body));
          });
          return;
        }
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          buffer += chunk;
          for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, i);
            buffer = buffer.slice(i + 2);
            const field = (name: string) => new RegExp(`^${name}: (.*)$`, 'm').exec(block)?.[1];
            const data = field('data');
            if (data !== undefined)
              onEvent({ id: field('id') ?? '', event: field('event') ?? 'message', data });
          }
        });
        res.on('end', () => resolve());
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (err.name === 'AbortError') resolve();
        else if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') reject(new Unreachable(e, err.code));
        else reject(new BackendError(`cosmosd at ${describeEndpoint(e)}: ${err.message}`));
      });
      req.end();
    });
  }
}
