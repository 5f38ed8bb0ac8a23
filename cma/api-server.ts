import { JsonEndpoint, formatAddress, type Address, type Logger } from '../runtime/index.ts';
import type { CmaDaemon } from './daemon.ts';

/**
 * The CMA's local HTTP API (127.0.0.1 by default): GET /status, /hosts, /rings, /events?since=<wall ms> as JSON —
 * what `cma status`, `cma hosts` and `cma rings` print, and what scripts and the dashboard read.
 */
export class CmaApiServer {
  readonly #endpoint: JsonEndpoint;
  readonly #log: Logger;

  constructor(daemon: CmaDaemon, listen: Address, logger: Logger) {
    this.#log = logger;
    this.#endpoint = new JsonEndpoint(listen, (url) => route(daemon, url));
  }

  /** The bound address (port 0 resolved). */
  address(): Address {
    return this.#endpoint.address();
  }

  async start(): Promise<void> {
    await this.#endpoint.start();
    this.#log.info('api listening', { address: formatAddress(this.address()) });
  }

  stop(): Promise<void> {
    return this.#endpoint.stop();
  }
}

function route(d: CmaDaemon, url: URL): unknown {
  switch (url.pathname) {
    case '/status':
      return { ...d.core.status(), daemon: d.stats, link: d.link.stats };
    case '/hosts':
      return d.core.hosts();
    case '/rings':
      return d.core.rings();
    case '/events':
      return d.events(Number(url.searchParams.get('since') ?? '0') || 0);
    default:
      return undefined;
  }
}
