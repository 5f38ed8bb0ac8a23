import type { Logger } from './logger.ts';
import type { Address, Datagram, DatagramHandler, Transport, TransportStats } from './transport.ts';
import { formatAddress } from './transport.ts';

/** Largest UDP payload over IPv4 (65535 − 8 UDP − 20 IP); bigger sends fail like `EMSGSIZE`. */
export const MAX_UDP_PAYLOAD_BYTES = 65_507;

/** What a {@link MemoryTransport} needs from its network (implemented by `MemoryNetwork`). */
export interface MemoryFabric {
  /** Reserves `host:port` (0 = next free ephemeral port) for `transport`; throws `AddressInUseError`. */
  bind(transport: MemoryTransport, host: string, port: number): Address;
  /** Releases the address bound by `transport`. */
  unbind(transport: MemoryTransport, address: Address): void;
  /** Carries a private copy of `data` from `from` to `to` (loss, latency, partitions applied there). */
  route(from: Address, to: Address, data: Uint8Array): void;
}

/** Binding an address that another started transport holds (the in-memory EADDRINUSE). */
export class AddressInUseError extends Error {
  override readonly name = 'AddressInUseError';
  readonly code = 'NET_ADDRESS_IN_USE';

  constructor(address: Address) {
    super(`NET_ADDRESS_IN_USE: ${formatAddress(address)} is already bound`);
  }
}

/**
 * One endpoint of a `MemoryNetwork`, created by `MemoryNetwork.createTransport`. Behaves like a UDP socket:
 * sends to nowhere vanish, oversize or unbound sends count as `sendErrors`, handler exceptions count as `dropped`.
 */
export class MemoryTransport implements Transport {
  readonly #fabric: MemoryFabric;
  readonly #logger: Logger;
  readonly #host: string;
  readonly #port: number;
  #bound: Address | undefined;
  #handler: DatagramHandler | undefined;
  readonly #stats: TransportStats = { sent: 0, received: 0, sendErrors: 0, dropped: 0 };

  constructor(fabric: MemoryFabric, host: string, port: number, logger: Logger) {
    this.#fabric = fabric;
    this.#host = host;
    this.#port = port;
    this.#logger = logger;
  }

  start(): Promise<void> {
    try {
      this.#bound ??= this.#fabric.bind(this, this.#host, this.#port);
      return Promise.resolve();
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  stop(): Promise<void> {
    if (this.#bound !== undefined) {
      this.#fabric.unbind(this, this.#bound);
      this.#bound = undefined;
    }
    return Promise.resolve();
  }

  get localAddress(): Address {
    if (this.#bound === undefined) throw new Error('MemoryTransport: not started');
    return this.#bound;
  }

  /** Whether the transport is bound (started and not stopped). */
  get started(): boolean {
    return this.#bound !== undefined;
  }

  send(to: Address, data: Uint8Array): void {
    const from = this.#bound;
    if (from === undefined || data.length > MAX_UDP_PAYLOAD_BYTES || !isValidPort(to.port) || to.host === '') {
      this.#stats.sendErrors++;
      return;
    }
    this.#stats.sent++;
    this.#fabric.route(from, to, data);
  }

  onDatagram(handler: DatagramHandler): void {
    this.#handler = handler;
  }

  get stats(): Readonly<TransportStats> {
    return this.#stats;
  }

  /** Called by the network at delivery time. */
  deliver(datagram: Datagram): void {
    this.#stats.received++;
    const handler = this.#handler;
    if (this.#bound === undefined || handler === undefined) {
      this.#stats.dropped++;
      return;
    }
    try {
      handler(datagram);
    } catch (err) {
      this.#stats.dropped++;
      this.#logger.warn('datagram handler threw', { from: formatAddress(datagram.from) }, err);
    }
  }
}

function isValidPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65_535;
}
