import { createServer, type Server } from 'node:http';
import { formatAddress, type Address, type Logger } from '../runtime/index.ts';
import type { CmaDaemon } from './daemon.ts';

/**
 * The CMA's local HTTP API (127.0.0.1 by default): GET /status, /hosts, /rings, /events?since=<wall ms> as JSON — what `cma status`,
 * `cma hosts` and `cma rings` print, and what scripts and the dashboard read.
 */
export class CmaApiServer {
  readonly #daemon: CmaDaemon;
  readonly #listen: Address;
  readonly #log: Logger;
  #server: Server | undefined;

  constructor(daemon: CmaDaemon, listen: Address, logger: Logger) {
    this.#daemon = daemon;
    this.#listen = listen;
    this.#log = logger;
  }

  /** The bound address (port 0 resolved). */
  address(): Address {
    const a = this.#server?.address();
    if (a === undefined || a === null || typeof a === 'string') throw new Error('CmaApiServer: not started');
    return { host: a.address, port: a.port };
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      this.#route(req.method ?? 'GET', url).then(
        (body) => {
          res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body ?? { error: `no such endpoint ${url.pathname}` }));
        },
        (err: unknown) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: err instanceof Error ? err.message : String(err) }));
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#listen.port, this.#listen.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.#server = server;
    this.#log.info('api listening', { address: formatAddress(this.address()) });
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
  }

  async #route(method: string, url: URL): Promise<unknown> {
    if (method !== 'GET') return undefined;
    const d = this.#daemon;
    switch (url.pathname) {
      case '/events':
        return d.events(Number(url.searchParams.get('since') ?? '0') || 0);
      case '/status':
        return { ...d.core.status(), daemon: d.stats, link: d.link.stats };
      case '/hosts':
        return d.core.hosts();
      case '/rings':
        return d.core.rings();
      default:
        return undefined;
    }
  }
}
