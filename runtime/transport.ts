/**
 * Datagram transport seam: real UDP sockets (`UdpTransport`) and the in-memory network (`MemoryNetwork`)
 * implement it, and both pass the same compliance suite (test/unit/runtime/transport-compliance.ts).
 */

/** A UDP endpoint. `host` is a literal IPv4 or IPv6 address, never a name. */
export interface Address {
  readonly host: string;
  readonly port: number;
}

/** One received datagram with the time the transport took it off the wire (monotonic ms from its Clock). */
export interface Datagram {
  readonly data: Uint8Array;
  readonly from: Address;
  readonly receivedAtMs: number;
}

export type DatagramHandler = (datagram: Datagram) => void;

/** Counters every transport keeps; they only ever grow. */
export interface TransportStats {
  sent: number;
  received: number;
  /** Sends that failed (socket error, oversize, unreachable) — counted, never thrown. */
  sendErrors: number;
  /** Received datagrams dropped before reaching the handler (handler threw, or transport stopped). */
  dropped: number;
}

export interface Transport {
  /** Binds; resolves once `localAddress` is known (port 0 becomes the kernel's choice). Idempotent. */
  start(): Promise<void>;
  /** Releases the socket; idempotent. Nothing is delivered after it resolves. */
  stop(): Promise<void>;
  /** The bound address; throws if not started. */
  readonly localAddress: Address;
  /** Fire and forget. Never throws for network reasons: failures are counted in `stats.sendErrors`. */
  send(to: Address, data: Uint8Array): void;
  /** Sets the single receive handler. Exceptions it throws are caught, counted as `dropped`, and reported. */
  onDatagram(handler: DatagramHandler): void;
  readonly stats: Readonly<TransportStats>;
}

/** Formats an address for logs and map keys: `1.2.3.4:5` or `[::1]:5`. */
export function formatAddress(address: Address): string {
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}
