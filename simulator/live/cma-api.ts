/**
 * What live mode reads from the real CMA: its local HTTP API (the same JSON `cma status --json`, `cma hosts
 * --json` print; /events is the stored event log).
 */
import { formatAddress, type Address } from '../../runtime/index.ts';

export interface CmaStatus {
  readonly hosts: { readonly total: number; readonly up: number; readonly dead: number; readonly shutdown: number };
  readonly localRings: number;
  readonly topRingMembers: number;
  readonly suspects: number;
  readonly daemon: { readonly datagramsReceived: number; readonly messages: Readonly<Record<string, number>>; readonly storeTransactions: number; readonly storeFailures: number };
}

export interface CmaHostRow {
  readonly hostId: string;
  readonly status: string;
  readonly ringId: string | null;
}

export interface CmaEventRow {
  readonly type: string;
  readonly hostId: string | null;
  readonly wallMs: number;
}

export class CmaApi {
  readonly #base: string;

  constructor(api: Address) {
    this.#base = `http://${formatAddress(api)}`;
  }

  async #get<T>(path: string): Promise<T> {
    const res = await fetch(`${this.#base}${path}`, { signal: AbortSignal.timeout(30_000) });
    if (!res.ok) throw new Error(`CMA API ${path} answered ${res.status}`);
    return (await res.json()) as T;
  }

  status(): Promise<CmaStatus> {
    return this.#get('/status');
  }

  hosts(): Promise<CmaHostRow[]> {
    return this.#get('/hosts');
  }

  events(sinceWallMs: number): Promise<CmaEventRow[]> {
    return this.#get(`/events?since=${sinceWallMs}`);
  }
}

/** Application messages the CMA received so far (every type; channel ACKs are not messages). */
export function messagesOf(s: CmaStatus): number {
  let n = 0;
  for (const v of Object.values(s.daemon.messages)) n += v;
  return n;
}
