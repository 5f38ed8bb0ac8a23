import { randomInt } from 'node:crypto';
import { DEFAULT_LINK_LIMITS, DecodeError, Link, type DiscoveryPlanItem, type KeyPair, type Message, type Timing } from '../protocol/index.ts';
import { NOOP_LOGGER, RateLimitedLog, WakeTimer, formatAddress, type Address, type Clock, type Logger, type Transport } from '../runtime/index.ts';
import { CmaCore, type CmaEffect, type CmaInput, type RingTimingOverride } from './dispatch/index.ts';
import { GroupCommitter } from './group-commit.ts';
import type { GraphStore } from './store/index.ts';

/** Options of a {@link CmaDaemon}. */
export interface CmaDaemonInit {
  readonly keyPair: KeyPair;
  /** Heartbeat timing handed to nanoprobes (per-ring overrides live in the rings). */
  readonly timing: Timing;
  /** Per-ring timing overrides (`cma run --ring-timing`). */
  readonly ringTimings?: readonly RingTimingOverride[];
  /** Extra addresses nanoprobes may reach this CMA at (HA peer, VIP); the bound address is always included. */
  readonly advertise?: readonly Address[];
  /** Most hosts this CMA serves (bounds the link's key cache and channels). */
  readonly maxHosts?: number;
  /** Most inputs' store batches merged into one transaction (group commit; default DEFAULT_MAX_GROUP_BATCHES, 500). */
  readonly maxGroupBatches?: number;
  /** The discovery plan SETCONFIG carries (default DEFAULT_DISCOVERY_PLAN; empty: no discovery). */
  readonly discovery?: readonly DiscoveryPlanItem[];
}

/** What the daemon is built from: the transport, the store, the clock and a logger. */
export interface CmaDaemonComponents {
  readonly transport: Transport;
  /** Extra receive-only transports (the multicast listener for nanoprobes looking for a CMA); replies go out on `transport`. */
  readonly listeners?: readonly Transport[];
  readonly store: GraphStore;
  readonly clock: Clock;
  readonly logger?: Logger;
}

/** Counters of the running daemon (`cma status`). */
export interface CmaDaemonStats {
  datagramsReceived: number;
  /** Datagrams refused, per DecodeError code. */
  rejected: Record<string, number>;
  /** Application messages received (plain STARTUP, channel deliveries, pongs), per type. */
  messages: Record<string, number>;
  /** Store batches committed (one per core input that wrote something). */
  storeBatches: number;
  storeFailures: number;
  /** Store transactions run: fewer than storeBatches when group commit merged batches. */
  storeTransactions: number;
}

/**
 * The CMA process's shell around the pure `CmaCore` (STYLE practice 11): datagrams in → Link → core inputs;
 * core effects → store writes, sealed reliable sends, pings. Inputs run on one serial work queue; effects go
 * through a GroupCommitter, so they execute in order, a report is acknowledged only after its batch committed,
 * and while one transaction is in flight the next inputs' batches accumulate into the next one (group commit).
 */
export class CmaDaemon {
  readonly link: Link;
  #core: CmaCore | undefined;
  readonly stats: CmaDaemonStats = { datagramsReceived: 0, rejected: {}, messages: {}, storeBatches: 0, storeFailures: 0, storeTransactions: 0 };
  readonly #init: CmaDaemonInit;
  readonly #c: CmaDaemonComponents;
  readonly #log: Logger;
  /** Bounds the refused-send warnings (a slow fleet can refuse thousands a second). */
  readonly #refusedLog = new RateLimitedLog(10, 10_000);
  readonly #timer: WakeTimer;
  /** hostId → where it was last heard from; bounded by the hosts the core knows (one entry per host). */
  readonly #addresses = new Map<string, Address>();
  #queue: Promise<void> = Promise.resolve();
  readonly #committer: GroupCommitter;
  #coreWakeAtMs: number | undefined;
  #pingNonce = 0;
  #started = false;

  constructor(init: CmaDaemonInit, components: CmaDaemonComponents) {
    this.#init = init;
    this.#c = components;
    this.#log = (components.logger ?? NOOP_LOGGER).child({ component: 'cma' });
    const maxHosts = init.maxHosts ?? 1_000_000;
    this.link = new Link({
      keyPair: init.keyPair,
      startWallMs: components.clock.wallNow(),
      localSession: randomInt(1, 0xffff_ffff),
      acceptPlainStartup: true,
      acceptUnknownSenders: true,
      ...DEFAULT_LINK_LIMITS,
      maxPeers: maxHosts,
      maxChannels: maxHosts,
    });
    this.#committer = new GroupCommitter(
      { ...(init.maxGroupBatches === undefined ? {} : { maxGroupBatches: init.maxGroupBatches }) },
      {
        store: components.store,
        now: () => components.clock.now(),
        onSettled: () => {
          this.stats.storeTransactions = this.#committer.transactions;
          // Commits and sends released by the transaction: put their datagrams on the wire.
          this.#enqueue(() => this.#pump());
        },
        onError: (err) => {
          this.#log.error('cma effect failed', {}, err);
        },
      },
    );
    this.#timer = new WakeTimer(components.clock, () => {
      this.#enqueue(() => this.#tick());
    });
  }

  /** The decision core (exists once `start` bound the socket: it advertises the bound address). */
  get core(): CmaCore {
    if (this.#core === undefined) throw new Error('CmaDaemon: not started');
    return this.#core;
  }

  /** Restores hosts and rings from the store, then starts receiving. Idempotent. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    const [hosts, members, discoveryHashes] = await Promise.all([this.#c.store.loadHosts(), this.#c.store.loadRingMembers(), this.#c.store.loadDiscoveryHashes()]);
    await this.#c.transport.start();
    const bound = this.#c.transport.localAddress;
    this.#core = new CmaCore({
      cmaId: this.link.hostId,
      cmaSession: randomInt(1, 0xffff_ffff),
      timing: this.#init.timing,
      ringTimings: this.#init.ringTimings ?? [],
      cmaAddresses: [bound, ...(this.#init.advertise ?? [])].slice(0, 16),
      ...(this.#init.discovery === undefined ? {} : { discovery: this.#init.discovery }),
    });
    for (const h of hosts) {
      this.link.addPeer(h.publicKey);
      const first = h.addresses[0];
      if (first !== undefined) this.#addresses.set(h.hostId, first);
    }
    await this.#run({ kind: 'restore', hosts, members, discoveryHashes });
    for (const t of [this.#c.transport, ...(this.#c.listeners ?? [])]) {
      t.onDatagram((d) => {
        this.#enqueue(() => this.#receive(d.data, d.from, d.receivedAtMs));
      });
    }
    for (const l of this.#c.listeners ?? []) await l.start();
    this.#log.info('cma started', { cmaId: this.link.hostId, address: formatAddress(bound), restoredHosts: hosts.length });
  }

  /** Stops timers and the socket; pending work finishes first. Idempotent. */
  async stop(): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    this.#timer.clear();
    await this.idle();
    for (const l of this.#c.listeners ?? []) await l.stop();
    await this.#c.transport.stop();
  }

  /** Stored events since `sinceWallMs` (deaths, joins, shutdowns, reports), oldest first. */
  events(sinceWallMs: number): Promise<unknown[]> {
    return this.#c.store.events(sinceWallMs);
  }

  /** Resolves when all queued work is done and every store write committed (tests, graceful shutdown). */
  async idle(): Promise<void> {
    for (;;) {
      const queue = this.#queue;
      await queue;
      await this.#committer.drained();
      if (queue === this.#queue && this.#committer.idle) return;
    }
  }

  #enqueue(work: () => Promise<void>): void {
    this.#queue = this.#queue.then(work).catch((err: unknown) => {
      this.#log.error('cma work failed', {}, err);
    });
  }

  async #receive(bytes: Uint8Array, from: Address, nowMs: number): Promise<void> {
    this.stats.datagramsReceived++;
    let got;
    try {
      got = this.link.receive(bytes, nowMs);
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      this.stats.rejected[err.code] = (this.stats.rejected[err.code] ?? 0) + 1;
      this.#log.debug('datagram refused', { from: formatAddress(from), code: err.code });
      return;
    }
    if (got.kind === 'startup') {
      this.#count(got.msg);
      this.#addresses.set(got.msg.hostId, from);
      this.link.addPeer(got.msg.publicKey);
      await this.#run({ kind: 'startup', msg: got.msg, viaChannel: false });
    } else {
      this.#addresses.set(got.from, from);
      if (got.kind === 'message') {
        this.#count(got.msg);
        if (got.msg.type === 'PONG') await this.#run({ kind: 'pong', from: got.from });
      }
    }
    await this.#pump();
  }

  /** Drains the link: sends due datagrams, hands deliveries to the core. */
  async #pump(): Promise<void> {
    const out = this.link.poll(this.#c.clock.now());
    for (const d of out.datagrams) this.#send(d.to, d.bytes);
    for (const d of out.delivered) {
      this.#count(d.msg);
      const msg = d.msg;
      switch (msg.type) {
        case 'STARTUP':
          await this.#run({ kind: 'startup', msg, viaChannel: true, seq: d.seq });
          break;
        case 'HBDEAD':
        case 'HBLATE':
        case 'HBBACKALIVE':
        case 'HBMARTIAN':
        case 'HBSHUTDOWN':
        case 'PROBERESULT':
        case 'MONSTATE':
        case 'DISCOVERY':
          await this.#run({ kind: 'report', from: d.from, seq: d.seq, msg });
          break;
        default:
          // Not something a nanoprobe sends us on the channel: acknowledge and drop.
          this.link.commit(d.from, d.seq, this.#c.clock.now());
      }
    }
    this.#armTimer();
    if (out.datagrams.length > 0 || out.delivered.length > 0) {
      const again = this.link.nextWakeAtMs(this.#c.clock.now());
      if (again !== undefined && again <= this.#c.clock.now()) await this.#pump();
    }
  }

  async #tick(): Promise<void> {
    const now = this.#c.clock.now();
    if (this.#coreWakeAtMs !== undefined && now >= this.#coreWakeAtMs) await this.#run({ kind: 'timer' });
    await this.#pump();
  }

  async #run(input: CmaInput): Promise<void> {
    const out = this.core.handle(input, this.#c.clock.now(), this.#c.clock.wallNow());
    this.#coreWakeAtMs = out.wakeAtMs;
    for (const effect of out.effects) this.#execute(effect);
    this.#armTimer();
    await this.#committer.waitForRoom(); // backpressure: at most one group waits behind the one in flight
  }

  #execute(effect: CmaEffect): void {
    if (effect.kind === 'store') {
      const { batch, commits } = effect;
      this.#committer.store(
        batch,
        () => {
          this.stats.storeBatches++;
          const now = this.#c.clock.now();
          for (const c of commits) this.link.commit(c.from, c.seq, now);
        },
        (err) => {
          // Not committed: the nanoprobes' channels retransmit, and the reports come back to us.
          this.stats.storeFailures++;
          this.#log.error('store write failed; reports stay unacknowledged', { commits: commits.length }, err);
        },
      );
      return;
    }
    // Everything else runs after the store writes queued before it (and at once when there are none).
    this.#committer.after(() => {
      this.#apply(effect);
    });
  }

  #apply(effect: Exclude<CmaEffect, { kind: 'store' }>): void {
    const now = this.#c.clock.now();
    switch (effect.kind) {
      case 'commit':
        this.link.commit(effect.from, effect.seq, now);
        return;
      case 'send':
        if (!this.link.sendReliable(effect.to, effect.msg, now)) {
          // Counted in link.stats.sendsRefused (cma status --json); said here at a bounded rate.
          const { log, suppressed } = this.#refusedLog.allow('send-refused', now);
          if (log) this.#log.warn('reliable send refused (channel queue full or too many channels): message dropped', { to: effect.to, type: effect.msg.type, queued: this.link.queued(effect.to), refusedTotal: this.link.stats.sendsRefused, suppressed });
        }
        return;
      case 'add-peer':
        this.link.addPeer(effect.publicKey);
        if (!this.#addresses.has(effect.hostId)) this.#addresses.set(effect.hostId, effect.address);
        return;
      case 'ping':
        this.#addresses.set(effect.target, this.#addresses.get(effect.target) ?? effect.address);
        this.#send(effect.target, this.link.seal(effect.target, { type: 'PING', senderId: this.link.hostId, nonce: ++this.#pingNonce >>> 0 }));
        return;
      case 'event':
        this.#log.info(`event ${effect.event.type}`, { event: effect.event });
        return;
      case 'log':
        this.#log[effect.level](effect.message, effect.context);
        return;
      default: {
        const never: never = effect;
        throw new Error(`unknown effect ${JSON.stringify(never)}`);
      }
    }
  }

  #send(hostId: string, bytes: Uint8Array): void {
    const to = this.#addresses.get(hostId);
    if (to !== undefined) this.#c.transport.send(to, bytes);
  }

  #count(msg: Message): void {
    this.stats.messages[msg.type] = (this.stats.messages[msg.type] ?? 0) + 1;
  }

  #armTimer(): void {
    this.#timer.setEarliest(this.link.nextWakeAtMs(this.#c.clock.now()), this.#coreWakeAtMs);
  }
}
