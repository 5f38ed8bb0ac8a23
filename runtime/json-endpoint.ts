import { createServer, request, type Server } from 'node:http';
import { rmSync } from 'node:fs';

/**
 * A tiny local JSON endpoint on a Unix socket (mode 0600 by virtue of its directory): how `nanoprobe status`
 * reads a running daemon without opening a network port. GET <path> → provider(path) as JSON, 404 when undefined.
 */
export class JsonEndpoint {
  readonly #socketPath: string;
  readonly #provide: (path: string) => unknown;
  #server: Server | undefined;

  constructor(socketPath: string, provide: (path: string) => unknown) {
    this.#socketPath = socketPath;
    this.#provide = provide;
  }

  async start(): Promise<void> {
    rmSync(this.#socketPath, { force: true }); // a stale socket of a killed daemon
    const server = createServer((req, res) => {
      let body: unknown;
      try {
        body = this.#provide((req.url ?? '/').split('?')[0] ?? '/');
      } catch (err) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: err instanceof Error ? err.message : String(err) }));
        return;
      }
      res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body ?? { error: 'no such endpoint' }));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#socketPath, () => {
        server.off('error', reject);
        resolve();
      });
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
    rmSync(this.#socketPath, { force: true });
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
