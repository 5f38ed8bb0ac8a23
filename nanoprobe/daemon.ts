import type { DiscoveryHash, KeyPair, Link } from '../protocol/index.ts';
import { NOOP_LOGGER, WakeTimer, formatAddress, type Address, type Clock, type Logger, type Transport } from '../runtime/index.ts';
import type { LocalDiscoveryItem, NanoprobeCore } from './core/index.ts';
import type { DiscoveryRunner } from './discovery/host-collectors.ts';
import { NanoprobeShell } from './shell.ts';

/** Options of a {@link NanoprobeDaemon}. */
export interface NanoprobeDaemonInit {
  readonly keyPair: KeyPair;
  /** Where the CMA listens (the STARTUP goes there until a SETCONFIG names all CMA addresses); empty: multicast. */
  readonly cma: readonly Address[];
  /** Where to multicast STARTUP when no CMA address is configured (DESIGN §3 "finding the CMA"). */
  readonly multicast: Address;
  /** The CMA's public key when pinned by configuration; undefined = trust on first use (see `strict`). */
  readonly cmaPublicKey: Uint8Array | undefined;
  /** Refuse trust on first use: only a CMA whose key matches `cmaPublicKey` is accepted. */
  readonly strict: boolean;
  readonly hostname: string;
  readonly version: string;
  readonly machineId: string;
  /** Called when a CMA key is accepted on first use, so the shell can save it (pinned from then on). */
  readonly onCmaKeyLearned?: (publicKey: Uint8Array) => void;
  /** Discovery hashes the CMA acknowledged before this process (saved through `onDiscoveryHashesAcked`). */
  readonly discoveryHashes?: readonly DiscoveryHash[];
  /** A local base discovery plan; SETCONFIG / DODISCOVER items override it per kind. */
  readonly discoveryPlan?: readonly LocalDiscoveryItem[];
  /** Called when every DISCOVERY sent so far was acknowledged and the hashes differ from the last call: save them. */
  readonly onDiscoveryHashesAcked?: (hashes: readonly DiscoveryHash[]) => void;
}

export interface NanoprobeDaemonComponents {
  readonly transport: Transport;
  readonly clock: Clock;
  readonly logger?: Logger;
  /** Runs discovery collectors; without it every discovery run fails with "no collectors". */
  readonly discovery?: DiscoveryRunner;
}

/** Counters for `nanoprobe status`. */
export interface NanoprobeDaemonStats {
  datagramsReceived: number;
  rejected: Record<string, number>;
  /** Channel messages from a host that is not our CMA (ignored). */
  foreignChannel: number;
}

/**
 * The nanoprobe process around the shared NanoprobeShell (which interprets the pure core's effects over the Link):
 * binds the transport, keeps ONE timer for the shell's wake-up, and runs the graceful stop.
 */
export class NanoprobeDaemon {
  readonly stats: NanoprobeDaemonStats = { datagramsReceived: 0, rejected: {}, foreignChannel: 0 };
  readonly #init: NanoprobeDaemonInit;
  readonly #c: NanoprobeDaemonComponents;
  readonly #log: Logger;
  readonly #timer: WakeTimer;
  readonly #shell: NanoprobeShell;
  #started = false;
  #stopping = false;

  constructor(init: NanoprobeDaemonInit, components: NanoprobeDaemonComponents) {
    this.#init = init;
    this.#c = components;
    this.#log = (components.logger ?? NOOP_LOGGER).child({ component: 'nanoprobe' });
    const stats = this.stats;
    this.#shell = new NanoprobeShell(
      {
        keyPair: init.keyPair,
        startWallMs: components.clock.wallNow(),
        cma: init.cma,
        multicast: init.multicast,
        cmaPublicKey: init.cmaPublicKey,
        strict: init.strict,
        ...(init.onCmaKeyLearned === undefined ? {} : { onCmaKeyLearned: init.onCmaKeyLearned }),
        ...(init.discoveryHashes === undefined ? {} : { discoveryHashes: init.discoveryHashes }),
        ...(init.onDiscoveryHashesAcked === undefined ? {} : { onDiscoveryHashesAcked: init.onDiscoveryHashesAcked }),
      },
      {
        send: (to, bytes) => {
          components.transport.send(to, bytes);
        },
        now: () => components.clock.now(),
        onWake: () => {
          this.#arm();
        },
        logger: this.#log,
        discovery: components.discovery,
        metrics: {
          received: () => {
            stats.datagramsReceived++;
          },
          rejected: (code) => {
            stats.rejected[code] = (stats.rejected[code] ?? 0) + 1;
          },
          foreignChannel: () => {
            stats.foreignChannel++;
          },
          reportDropped: () => undefined,
          effectFailed: () => undefined,
        },
      },
    );
    this.#timer = new WakeTimer(components.clock, () => {
      // Node runs timers before it reads sockets: let the poll phase deliver heartbeats that arrived while we
      // were paused before the core judges silence (setImmediate runs after the poll phase).
      setImmediate(() => {
        if (!this.#started) return;
        this.#shell.timer(this.#c.clock.now());
        this.#arm();
      });
    });
  }

  get link(): Link {
    return this.#shell.link;
  }

  /** The pure core (exists once `start` bound the socket: STARTUP carries the bound address). */
  get core(): NanoprobeCore {
    const core = this.#shell.coreIfCreated;
    if (core === undefined) throw new Error('NanoprobeDaemon: not started');
    return core;
  }

  /** Binds the socket and starts registering with the CMA. Idempotent. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    this.#c.transport.onDatagram((d) => {
      // Nothing can be handled before the core exists (it needs the bound address): as if not yet listening.
      if (this.#shell.coreIfCreated === undefined) return;
      this.#shell.receive(d.data, d.from, this.#c.clock.now());
      this.#arm();
    });
    await this.#c.transport.start();
    this.#shell.createCore({
      hostname: this.#init.hostname,
      addresses: [this.#c.transport.localAddress],
      version: this.#init.version,
      machineId: this.#init.machineId,
      startedWallMs: this.#c.clock.wallNow(),
      ...(this.#init.discoveryPlan === undefined ? {} : { discoveryPlan: this.#init.discoveryPlan }),
    });
    this.#log.info('nanoprobe started', { hostId: this.link.hostId, address: formatAddress(this.#c.transport.localAddress), cma: this.#shell.cmaAddresses.map(formatAddress) });
    this.#shell.start(this.#c.clock.now());
    this.#arm();
  }

  /**
   * Graceful stop: HBSHUTDOWN to the CMA, wait (at most `drainMs`) until it is acknowledged so the CMA records a
   * shutdown rather than a death, then close the socket. Idempotent.
   */
  async stop(reason = 'stopped', drainMs = 2_000): Promise<void> {
    if (!this.#started || this.#stopping) return;
    this.#stopping = true;
    this.#shell.shutdown(reason, this.#c.clock.now());
    this.#arm();
    const deadline = this.#c.clock.now() + drainMs;
    while (!this.#shell.drained() && this.#c.clock.now() < deadline) {
      this.#shell.pump(this.#c.clock.now());
      this.#arm();
      await new Promise((r) => setTimeout(r, 20));
    }
    this.#timer.clear();
    this.#shell.stop();
    this.#c.discovery?.stop();
    await this.#c.transport.stop();
    this.#started = false;
  }

  #arm(): void {
    this.#timer.set(this.#shell.wakeAtMs(this.#c.clock.now()));
  }
}
