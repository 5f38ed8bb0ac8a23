import type { Logger } from './logger.ts';
import { NOOP_LOGGER } from './logger.ts';
import { AddressInUseError, MemoryTransport } from './memory-transport.ts';
import type { MemoryFabric } from './memory-transport.ts';
import type { Rng } from './rng.ts';
import type { Scheduler } from './scheduler.ts';
import type { Address, Transport } from './transport.ts';
import { formatAddress } from './transport.ts';

/** First and last port handed out for port 0 (the IANA dynamic range). */
const EPHEMERAL_FIRST = 49_152;
const EPHEMERAL_LAST = 65_535;
/** The FIFO bookkeeping of `reorder: false` is swept of past entries when it grows beyond this many links. */
const FIFO_SWEEP_AT = 10_000;

/** Options of a {@link MemoryNetwork}. */
export interface MemoryNetworkInit {
  /** Deliveries are scheduled here (a `ManualScheduler` in tests and the simulator, or a real-time one). */
  readonly scheduler: Scheduler;
  /** Draws latency, loss and duplication. */
  readonly rng: Rng;
  /** One-way latency, uniform in [min, max] ms. Default 1–1 ms. */
  readonly latencyMs?: { readonly min: number; readonly max: number };
  /** Probability in [0, 1] that a datagram is lost. Default 0. */
  readonly lossRate?: number;
  /** Probability in [0, 1] that a datagram is delivered twice (independent latencies). Default 0. */
  readonly duplicateRate?: number;
  /** true (default): latency jitter may reorder datagrams; false: FIFO per (source, destination) pair. */
  readonly reorder?: boolean;
  /** Receives handler exceptions (default: discarded). */
  readonly logger?: Logger;
}

/** Network-wide counters; they only ever grow. */
export interface MemoryNetworkStats {
  /** Datagrams accepted from a transport (before loss). */
  sent: number;
  /** Datagrams handed to a bound destination transport (duplicates included). */
  delivered: number;
  /** Dropped by the loss rate. */
  lost: number;
  /** Extra copies created by the duplicate rate. */
  duplicated: number;
  /** Dropped by a partition or isolation (at send or at delivery time). */
  partitioned: number;
  /** Arrived at an address nobody is bound to (silently gone, like UDP). */
  unreachable: number;
}

interface Partition {
  readonly a: ReadonlySet<string>;
  readonly b: ReadonlySet<string>;
}

/**
 * An in-memory datagram network for tests and the simulator (memberlist's MockNetwork, etcd rafttest's network):
 * transports bound to `host:port` exchange datagrams through the scheduler with seeded latency, loss,
 * duplication and partitions. Data is copied on send, so senders may reuse their buffers.
 */
export class MemoryNetwork {
  readonly #scheduler: Scheduler;
  readonly #rng: Rng;
  readonly #logger: Logger;
  readonly #reorder: boolean;
  #latencyMinMs = 1;
  #latencyMaxMs = 1;
  #lossRate = 0;
  #duplicateRate = 0;
  /** host → port → transport; bounded by the transports started and not stopped. */
  readonly #bound = new Map<string, Map<number, MemoryTransport>>();
  /** host → next ephemeral port to try; one entry per host ever bound. */
  readonly #nextEphemeral = new Map<string, number>();
  /** Active partitions; bounded by `partition` calls since the last `heal`. */
  #partitions: Partition[] = [];
  /** Isolated hosts; bounded by `isolate` calls since the last `heal`. */
  readonly #isolated = new Set<string>();
  /** `reorder: false` only: link → latest scheduled delivery; swept past FIFO_SWEEP_AT entries. */
  readonly #lastDeliveryAtMs = new Map<string, number>();
  readonly #stats: MemoryNetworkStats = { sent: 0, delivered: 0, lost: 0, duplicated: 0, partitioned: 0, unreachable: 0 };
  /** What transports see of this network (kept off the public surface). */
  readonly #fabric: MemoryFabric = {
    bind: (transport, host, port) => this.#bind(transport, host, port),
    unbind: (transport, address) => {
      this.#unbind(transport, address);
    },
    route: (from, to, data) => {
      this.#route(from, to, data);
    },
  };

  constructor(init: MemoryNetworkInit) {
    this.#scheduler = init.scheduler;
    this.#rng = init.rng;
    this.#logger = init.logger ?? NOOP_LOGGER;
    this.#reorder = init.reorder ?? true;
    if (init.latencyMs !== undefined) this.setLatency(init.latencyMs.min, init.latencyMs.max);
    if (init.lossRate !== undefined) this.setLoss(init.lossRate);
    if (init.duplicateRate !== undefined) this.setDuplicate(init.duplicateRate);
  }

  /** A transport that binds `host:port` when started (port 0: the next free ephemeral port of that host). */
  createTransport(host: string, port = 0): Transport {
    if (host === '') throw new RangeError('MemoryNetwork.createTransport: host is empty');
    if (!Number.isInteger(port) || port < 0 || port > EPHEMERAL_LAST) {
      throw new RangeError(`MemoryNetwork.createTransport: bad port ${port}`);
    }
    if (port !== 0 && this.#bound.get(host)?.has(port) === true) throw new AddressInUseError({ host, port });
    return new MemoryTransport(this.#fabric, host, port, this.#logger);
  }

  /** Sets the loss probability in [0, 1]. */
  setLoss(rate: number): void {
    this.#lossRate = checkRate('lossRate', rate);
  }

  /** Sets the duplication probability in [0, 1]. */
  setDuplicate(rate: number): void {
    this.#duplicateRate = checkRate('duplicateRate', rate);
  }

  /** Sets the one-way latency range in ms (0 ≤ min ≤ max). */
  setLatency(minMs: number, maxMs: number): void {
    if (!(minMs >= 0 && maxMs >= minMs && Number.isFinite(maxMs))) {
      throw new RangeError(`MemoryNetwork: latency must satisfy 0 <= min <= max, got [${minMs}, ${maxMs}]`);
    }
    this.#latencyMinMs = minMs;
    this.#latencyMaxMs = maxMs;
  }

  /** Hosts in `a` can no longer reach hosts in `b`, and vice versa (datagrams in flight are dropped too). */
  partition(a: readonly string[], b: readonly string[]): void {
    this.#partitions.push({ a: new Set(a), b: new Set(b) });
  }

  /** Cuts `host` off from every other host. */
  isolate(host: string): void {
    this.#isolated.add(host);
  }

  /** Removes every partition and isolation. */
  heal(): void {
    this.#partitions = [];
    this.#isolated.clear();
  }

  get stats(): Readonly<MemoryNetworkStats> {
    return this.#stats;
  }

  #bind(transport: MemoryTransport, host: string, port: number): Address {
    let ports = this.#bound.get(host);
    if (ports === undefined) {
      ports = new Map();
      this.#bound.set(host, ports);
    }
    const chosen = port === 0 ? this.#ephemeralPort(host, ports) : port;
    const holder = ports.get(chosen);
    if (holder !== undefined && holder !== transport) throw new AddressInUseError({ host, port: chosen });
    ports.set(chosen, transport);
    return { host, port: chosen };
  }

  #unbind(transport: MemoryTransport, address: Address): void {
    const ports = this.#bound.get(address.host);
    if (ports?.get(address.port) !== transport) return;
    ports.delete(address.port);
    if (ports.size === 0) this.#bound.delete(address.host);
  }

  #route(from: Address, to: Address, data: Uint8Array): void {
    this.#stats.sent++;
    if (this.#blocked(from.host, to.host)) {
      this.#stats.partitioned++;
      return;
    }
    if (this.#lossRate > 0 && this.#rng.next() < this.#lossRate) {
      this.#stats.lost++;
      return;
    }
    const copies = this.#duplicateRate > 0 && this.#rng.next() < this.#duplicateRate ? 2 : 1;
    if (copies === 2) this.#stats.duplicated++;
    for (let i = 0; i < copies; i++) {
      const copy = new Uint8Array(data);
      this.#scheduler.at(this.#deliveryTimeMs(from, to), () => {
        this.#deliver(from, to, copy);
      });
    }
  }

  #deliver(from: Address, to: Address, data: Uint8Array): void {
    if (this.#blocked(from.host, to.host)) {
      this.#stats.partitioned++;
      return;
    }
    const target = this.#bound.get(to.host)?.get(to.port);
    if (target === undefined) {
      this.#stats.unreachable++;
      return;
    }
    this.#stats.delivered++;
    target.deliver({ data, from, receivedAtMs: this.#scheduler.clock.now() });
  }

  #deliveryTimeMs(from: Address, to: Address): number {
    const nowMs = this.#scheduler.clock.now();
    const atMs = nowMs + this.#latencyMinMs + this.#rng.next() * (this.#latencyMaxMs - this.#latencyMinMs);
    if (this.#reorder) return atMs;
    const link = `${formatAddress(from)}>${formatAddress(to)}`;
    const fifoAtMs = Math.max(atMs, this.#lastDeliveryAtMs.get(link) ?? atMs);
    if (this.#lastDeliveryAtMs.size >= FIFO_SWEEP_AT) {
      for (const [key, lastMs] of this.#lastDeliveryAtMs) if (lastMs <= nowMs) this.#lastDeliveryAtMs.delete(key);
    }
    this.#lastDeliveryAtMs.set(link, fifoAtMs);
    return fifoAtMs;
  }

  #blocked(fromHost: string, toHost: string): boolean {
    if (fromHost === toHost) return false;
    if (this.#isolated.has(fromHost) || this.#isolated.has(toHost)) return true;
    return this.#partitions.some(
      (p) => (p.a.has(fromHost) && p.b.has(toHost)) || (p.b.has(fromHost) && p.a.has(toHost)),
    );
  }

  #ephemeralPort(host: string, ports: ReadonlyMap<number, MemoryTransport>): number {
    const span = EPHEMERAL_LAST - EPHEMERAL_FIRST + 1;
    let candidate = this.#nextEphemeral.get(host) ?? EPHEMERAL_FIRST;
    for (let tries = 0; tries < span; tries++) {
      const port = candidate;
      candidate = port === EPHEMERAL_LAST ? EPHEMERAL_FIRST : port + 1;
      if (!ports.has(port)) {
        this.#nextEphemeral.set(host, candidate);
        return port;
      }
    }
    throw new Error(`EADDRNOTAVAIL: no free ephemeral port on ${host}`);
  }
}

function checkRate(name: string, rate: number): number {
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`MemoryNetwork: ${name} must be in [0, 1], got ${rate}`);
  return rate;
}
