import { createSocket, type Socket } from 'node:dgram';
import type { Clock } from './clock.ts';
import { NOOP_LOGGER, type Logger } from './logger.ts';
import { RateLimitedLog } from './rate-limited-log.ts';
import { formatAddress, type Address, type DatagramHandler, type Transport, type TransportStats } from './transport.ts';

/** Largest UDP payload over IPv4 (65535 − 8 − 20). */
const MAX_UDP_PAYLOAD_BYTES = 65_507;

/** Options of a {@link UdpTransport}. */
export interface UdpTransportInit {
  /** Literal address to bind: '127.0.0.1', '0.0.0.0', '::' (dual stack), '198.18.0.5', … */
  readonly host: string;
  /** Port to bind; 0 lets the kernel choose (tests). */
  readonly port: number;
  /** Receive buffer to ask for (default 4 MiB; the kernel caps it at net.core.rmem_max). */
  readonly recvBufferBytes?: number;
  /** Send buffer to ask for (default: the kernel's). */
  readonly sendBufferBytes?: number;
  /** Join this multicast group on start (CMA discovery), optionally on one interface address. */
  readonly multicast?: { readonly group: string; readonly interface?: string };
  /** SO_REUSEADDR, for several listeners on one multicast port. */
  readonly reuseAddr?: boolean;
  /** Interface address multicast datagrams are sent from (a nanoprobe looking for its CMA). */
  readonly multicastSendInterface?: string;
}

export interface UdpTransportComponents {
  readonly clock: Clock;
  readonly logger?: Logger;
}

/**
 * The real transport: one node:dgram socket. Never throws for network reasons — send failures and handler
 * exceptions are counted and logged at a bounded rate; socket errors are logged and never crash the process.
 */
export class UdpTransport implements Transport {
  readonly #init: UdpTransportInit;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #rateLog = new RateLimitedLog(10, 60_000);
  #socket: Socket | undefined;
  #starting: Promise<void> | undefined;
  #address: Address | undefined;
  #handler: DatagramHandler | undefined;
  readonly #stats: TransportStats = { sent: 0, received: 0, sendErrors: 0, dropped: 0 };
  /** The receive buffer the kernel granted (bytes), known after start. */
  recvBufferBytes = 0;

  constructor(init: UdpTransportInit, components: UdpTransportComponents) {
    this.#init = init;
    this.#clock = components.clock;
    this.#logger = components.logger ?? NOOP_LOGGER;
  }

  start(): Promise<void> {
    this.#starting ??= this.#bind();
    return this.#starting;
  }

  async #bind(): Promise<void> {
    const type = this.#init.host.includes(':') ? 'udp6' : 'udp4';
    const socket = createSocket({ type, reuseAddr: this.#init.reuseAddr ?? false, recvBufferSize: this.#init.recvBufferBytes ?? 4 * 1024 * 1024 });
    socket.on('message', (msg, rinfo) => {
      this.#receive(msg, rinfo.address, rinfo.port);
    });
    socket.on('error', (err) => {
      this.#logger.warn('udp socket error', { local: this.#address === undefined ? undefined : formatAddress(this.#address) }, err);
    });
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error): void => {
        reject(err);
      };
      socket.once('error', onError);
      socket.bind(this.#init.port, this.#init.host, () => {
        socket.off('error', onError);
        resolve();
      });
    });
    this.#socket = socket;
    const bound = socket.address();
    this.#address = { host: bound.address, port: bound.port };
    this.#tuneBuffers(socket);
    if (this.#init.multicastSendInterface !== undefined) socket.setMulticastInterface(this.#init.multicastSendInterface);
    if (this.#init.multicast !== undefined) {
      socket.addMembership(this.#init.multicast.group, this.#init.multicast.interface);
      if (this.#init.multicast.interface !== undefined) socket.setMulticastInterface(this.#init.multicast.interface);
    }
  }

  #tuneBuffers(socket: Socket): void {
    const wanted = this.#init.recvBufferBytes ?? 4 * 1024 * 1024;
    this.recvBufferBytes = socket.getRecvBufferSize();
    // Linux reports twice the value it grants (bookkeeping overhead); compare against half of it.
    if (this.recvBufferBytes / 2 < wanted) {
      this.#logger.warn('udp receive buffer smaller than asked (raise net.core.rmem_max)', { askedBytes: wanted, grantedBytes: this.recvBufferBytes });
    }
    if (this.#init.sendBufferBytes !== undefined) socket.setSendBufferSize(this.#init.sendBufferBytes);
  }

  async stop(): Promise<void> {
    const starting = this.#starting;
    if (starting === undefined) return;
    await starting.catch(() => undefined);
    const socket = this.#socket;
    this.#socket = undefined;
    this.#starting = undefined;
    if (socket === undefined) return;
    socket.removeAllListeners('message');
    await new Promise<void>((resolve) => {
      socket.close(() => {
        resolve();
      });
    });
  }

  get localAddress(): Address {
    if (this.#address === undefined) throw new Error('UdpTransport: not started');
    return this.#address;
  }

  get stats(): Readonly<TransportStats> {
    return this.#stats;
  }

  onDatagram(handler: DatagramHandler): void {
    this.#handler = handler;
  }

  send(to: Address, data: Uint8Array): void {
    const socket = this.#socket;
    if (socket === undefined || data.length > MAX_UDP_PAYLOAD_BYTES || !(to.port >= 1 && to.port <= 65_535)) {
      this.#stats.sendErrors++;
      return;
    }
    try {
      // node:dgram reads `data` after send returns (DNS-less, but still asynchronous): copy so callers may reuse
      // their buffer at once, as the Transport contract promises.
      socket.send(Buffer.from(data), to.port, to.host, (err) => {
        if (err !== null) this.#sendFailed(to, err);
      });
      this.#stats.sent++;
    } catch (err) {
      this.#sendFailed(to, err);
    }
  }

  #sendFailed(to: Address, err: unknown): void {
    this.#stats.sendErrors++;
    const gate = this.#rateLog.allow(`send:${formatAddress(to)}`, this.#clock.now());
    if (gate.log) this.#logger.debug('udp send failed', { to: formatAddress(to), suppressed: gate.suppressed, error: err instanceof Error ? err.message : String(err) });
  }

  #receive(msg: Buffer, host: string, port: number): void {
    const receivedAtMs = this.#clock.now();
    this.#stats.received++;
    const handler = this.#handler;
    if (handler === undefined || this.#socket === undefined) {
      this.#stats.dropped++;
      return;
    }
    try {
      handler({ data: msg, from: { host, port }, receivedAtMs });
    } catch (err) {
      this.#stats.dropped++;
      const gate = this.#rateLog.allow('handler', receivedAtMs);
      if (gate.log) this.#logger.warn('datagram handler threw', { from: formatAddress({ host, port }), suppressed: gate.suppressed }, err);
    }
  }
}
