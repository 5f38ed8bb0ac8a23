/**
 * The switch neighbours heard on each interface, for the `lldp` discovery kind: the latest frame per
 * (interface, protocol, chassis id, port id), expiring by its own TTL (a TTL-0 LLDPDU withdraws at once, as
 * 802.1AB says). Time is passed in; no timers.
 */
import type { Neighbour } from '../../discovery/index.ts';

/** Distinct neighbours kept per interface (a hub or a misbehaving switch must not grow this unbounded). */
export const MAX_NEIGHBOURS_PER_INTERFACE = 16;
/** Interfaces tracked. */
export const MAX_INTERFACES = 1_024;

/** One neighbour as the `lldp` kind reports it. */
export interface HeardNeighbour {
  readonly interface: string;
  readonly neighbour: Neighbour;
}

interface Entry {
  neighbour: Neighbour;
  heardMs: number;
  expiresMs: number;
}

/** Latest neighbours per interface. */
export class NeighbourTable {
  /** interface → neighbour key → entry; bounded by MAX_INTERFACES × MAX_NEIGHBOURS_PER_INTERFACE. */
  readonly #byInterface = new Map<string, Map<string, Entry>>();

  /** Records a frame heard on `iface` at `nowMs`. */
  heard(iface: string, n: Neighbour, nowMs: number): void {
    let table = this.#byInterface.get(iface);
    if (table === undefined) {
      if (this.#byInterface.size >= MAX_INTERFACES) return;
      table = new Map();
      this.#byInterface.set(iface, table);
    }
    const key = `${n.protocol}\u0000${n.chassisId?.value ?? n.sourceMac ?? ''}\u0000${n.portId?.value ?? ''}`;
    if (n.ttlSec === 0) {
      table.delete(key);
      return;
    }
    table.delete(key); // re-insert: Map order is then oldest first
    table.set(key, { neighbour: n, heardMs: nowMs, expiresMs: nowMs + (n.ttlSec ?? 120) * 1_000 });
    while (table.size > MAX_NEIGHBOURS_PER_INTERFACE) {
      const oldest = table.keys().next().value;
      if (oldest === undefined) break;
      table.delete(oldest);
    }
  }

  /** Drops expired entries and returns the live ones, sorted by interface, protocol, chassis and port. */
  snapshot(nowMs: number): HeardNeighbour[] {
    const out: HeardNeighbour[] = [];
    for (const [iface, table] of this.#byInterface) {
      for (const [key, e] of table) {
        if (nowMs >= e.expiresMs) table.delete(key);
        else out.push({ interface: iface, neighbour: e.neighbour });
      }
      if (table.size === 0) this.#byInterface.delete(iface);
    }
    const k = (h: HeardNeighbour): string => `${h.interface}\u0000${h.neighbour.protocol}\u0000${h.neighbour.chassisId?.value ?? ''}\u0000${h.neighbour.portId?.value ?? ''}`;
    return out.sort((a, b) => (k(a) < k(b) ? -1 : k(a) > k(b) ? 1 : 0));
  }
}
