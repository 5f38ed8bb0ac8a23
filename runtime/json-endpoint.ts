import { createServer, request, type Server } from 'node:http';
import { rmSync } from 'node:fs';
import type { Address } from './transport.ts';

/** Where a {@link JsonEndpoint} listens: a Unix socket path, or a TCP address (keep it on loopback). */
export type JsonEndpointListen = { readonly socketPath: string } | Address;

/**
 * A tiny local JSON-over-HTTP endpoint: GET <path> → provide(url) as JSON (404 when it returns undefined, 500
 * when it throws). On a Unix socket it is how `nanoprobe status` reads a running daemon without a network port;
 * on 127.0.0.1 it is the CMA's API.
 */
export class JsonEndpoint {
  readonly #listen: JsonEndpointListen;
  readonly #provide: (url: URL) => unknown;
  #server: Server | undefined;

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

  async start(): Promise<void> {
    const listen = this.#listen;
    if ('socketPath' in listen) rmSync(listen.socketPath, { force: true }); // a stale socket of a killed daemon
    const server = createServer((req, res) => {
      const reply = (status: number, body: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method !== 'GET') {
        reply(405, { error: 'only GET' });
        return;
      }
      Promise.resolve()
        .then(() => this.#provide(url))
        .then(
          (body) => {
            reply(body === undefined ? 404 : 200, body ?? { error: `no such endpoint ${url.pathname}` });
          },
          (err: unknown) => {
            reply(500, { error: err instanceof Error ? err.message : String(err) });
          },
        );
    });
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
    server.closeAllConnections();
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
    if ('socketPath' in this.#listen) rmSync(this.#listen.socketPath, { force: true });
  }
}

/** GETs `path` from a JsonEndpoint socket; rejects when nobody listens. */
export function getJson(socketPath: string, path: string, timeoutMs = 5_000): Promise<unknown> {
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
