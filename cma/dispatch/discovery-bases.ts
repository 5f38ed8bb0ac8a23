/**
 * The discovery payloads the CMA keeps to apply DISCOVERY diffs to (protocol/discovery-diff.ts): the latest
 * whole state per host and kind with its content hash, least recently used dropped first once the kept payloads
 * exceed a budget of canonical-JSON characters (CmaConfig.discoveryBaseChars). Pure data structure, no I/O.
 */
import type { HostId } from '../../protocol/index.ts';

interface Base {
  readonly hash: string;
  readonly payload: unknown;
  readonly chars: number;
}

/** Payloads by host and kind, bounded by a character budget. */
export class DiscoveryBases {
  readonly #budgetChars: number;
  /** `hostId kind` → base, in least-recently-used order (Map insertion order). */
  readonly #bases = new Map<string, Base>();
  #chars = 0;

  constructor(budgetChars: number) {
    this.#budgetChars = budgetChars;
  }

  /** Remembers `payload` (content hash `hash`, `chars` canonical JSON characters) as the host's state of `kind`. */
  set(hostId: HostId, kind: string, hash: string, payload: unknown, chars: number): void {
    const key = `${hostId} ${kind}`;
    this.delete(hostId, kind);
    if (chars > this.#budgetChars) return;
    this.#bases.set(key, { hash, payload, chars });
    this.#chars += chars;
    for (const [k, b] of this.#bases) {
      if (this.#chars <= this.#budgetChars) break;
      this.#bases.delete(k);
      this.#chars -= b.chars;
    }
  }

  /** The kept state of `kind` on the host, if any (and marks it recently used). */
  get(hostId: HostId, kind: string): { readonly hash: string; readonly payload: unknown } | undefined {
    const key = `${hostId} ${kind}`;
    const b = this.#bases.get(key);
    if (b === undefined) return undefined;
    this.#bases.delete(key);
    this.#bases.set(key, b);
    return b;
  }

  delete(hostId: HostId, kind: string): void {
    const key = `${hostId} ${kind}`;
    const old = this.#bases.get(key);
    if (old === undefined) return;
    this.#bases.delete(key);
    this.#chars -= old.chars;
  }

  /** Characters kept now. */
  get chars(): number {
    return this.#chars;
  }

  get size(): number {
    return this.#bases.size;
  }
}
