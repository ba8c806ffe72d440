import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A plain HTTP server on 127.0.0.1 that plays the web servers of several domains: what it answers
 * depends on the Host header (port stripped) and the path, as set in `sites`. Paths not set
 * answer 404. Each response can be delayed (to test timeouts) or be a redirect. With `tls`, it
 * speaks HTTPS with the given key and certificate instead.
 */
export interface WellKnownResponse {
  status?: number;
  body?: string | Buffer;
  headers?: Record<string, string>;
  /** Wait this long before sending the headers. */
  delayMs?: number;
}

export interface WellKnownStandIn {
  readonly port: number;
  /** host (lower-case, no port) → path → response. */
  readonly sites: Map<string, Map<string, WellKnownResponse>>;
  /** Sets the response for one host and path. */
  serve(host: string, path: string, response: WellKnownResponse): void;
  /** Every request received, as `host path`, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function startWellKnownStandIn(
  options: { tls?: { key: string; cert: string } } = {},
): Promise<WellKnownStandIn> {
  const sites = new Map<string, Map<string, WellKnownResponse>>();
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const host = (request.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const path = request.url ?? '/';
    requests.push(`${host} ${path}`);
    const planned = sites.get(host)?.get(path);
    const send = (): void => {
      if (planned === undefined) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const body = planned.body ?? '';
      response
        .writeHead(planned.status ?? 200, { 'content-type': 'text/plain', ...planned.headers })
        .end(body);
    };
    if (planned?.delayMs !== undefined) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!response.destroyed) send();
      }, planned.delayMs);
      timers.add(timer);
    } else {
      send();
    }
  };
  const server =
    options.tls !== undefined ? createTlsServer(options.tls, handle) : createServer(handle);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    port,
    sites,
    requests,
    serve(host, path, response) {
      const key = host.toLowerCase();
      const paths = sites.get(key) ?? new Map<string, WellKnownResponse>();
      paths.set(path, response);
      sites.set(key, paths);
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
