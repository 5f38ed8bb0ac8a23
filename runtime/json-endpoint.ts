import type { Server as HttpServer } from 'node:http';
import type { Server as NetServer, Socket } from 'node:net';
import { rmSync } from 'node:fs';
import { createSocketHttpServer } from './socket-http.ts';
import type { Address } from './transport.ts';

/** Where a {@link JsonEndpoint} listens: a Unix socket path, or a TCP address (keep it on loopback). */
export type JsonEndpointListen = { readonly socketPath: string } | Address;

/**
 * A tiny local JSON-over-HTTP endpoint: GET <path> → provide(url) as JSON (404 when it returns undefined, 500
 * when it throws). On a Unix socket it is how `nanoprobe status` reads a running daemon without a network port;
 * on 127.0.0.1 it is the CMA's API. On a Unix socket it speaks HTTP through socket-http.ts (node:net), on TCP through
 * node:http, loaded only then: a nanoprobe never loads node:http.
 */
export class JsonEndpoint {
  readonly #listen: JsonEndpointListen;
  readonly #provide: (url: URL) => unknown;
  #server: HttpServer | NetServer | undefined;
  /** Connections of the Unix socket server, destroyed on stop. */
  #open: Set<Socket> | undefined;

  constructor(listen: JsonEndpointListen, provide: (url: URL) => unknown) {
    this.#listen = listen;
    this.#provide = provide;
  }

  /** The bound TCP address (port 0 resolved); throws for a Unix socket or before start. */
  address(): Address {
    const a = this.#server?.address();
    if (a === undefined || a === null || typeof a === 'string') throw new Error('JsonEndpoint: not listening on TCP');
    return { host: a.address, port: a.port };
  }

  /** The answer to one request: GET → provide(url) (404 when undefined, 500 when it throws), else 405. */
  async #answer(method: string, target: string): Promise<{ status: number; body: unknown }> {
    const url = new URL(target, 'http://localhost');
    if (method !== 'GET') return { status: 405, body: { error: 'only GET' } };
    try {
      const body = await this.#provide(url);
      return body === undefined ? { status: 404, body: { error: `no such endpoint ${url.pathname}` } } : { status: 200, body };
    } catch (err) {
      return { status: 500, body: { error: err instanceof Error ? err.message : String(err) } };
    }
  }

  async start(): Promise<void> {
    const listen = this.#listen;
    let server: HttpServer | NetServer;
    if ('socketPath' in listen) {
      rmSync(listen.socketPath, { force: true }); // a stale socket of a killed daemon
      const s = createSocketHttpServer((method, target) => this.#answer(method, target));
      server = s.server;
      this.#open = s.open;
    } else {
      const { createServer } = await import('node:http');
      server = createServer((req, res) => {
        void this.#answer(req.method ?? '', req.url ?? '/').then(({ status, body }) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        });
      });
    }
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      const done = (): void => {
        server.off('error', reject);
        resolve();
      };
      if ('socketPath' in listen) server.listen(listen.socketPath, done);
      else server.listen(listen.port, listen.host, done);
    });
    this.#server = server;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (server === undefined) return;
    if ('closeAllConnections' in server) server.closeAllConnections();
    for (const socket of this.#open ?? []) socket.destroy();
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
    if ('socketPath' in this.#listen) rmSync(this.#listen.socketPath, { force: true });
  }
}

/** GETs `path` from a JsonEndpoint socket; rejects when nobody listens. */
export async function getJson(socketPath: string, path: string, timeoutMs = 5_000): Promise<unknown> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, method: 'GET', timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
    });
    req.on('timeout', () => {
      req.destroy(new Error(`no answer within ${timeoutMs} ms`));
    });
    req.on('error', reject);
    req.end();
  });
}
