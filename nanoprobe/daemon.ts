import { randomInt } from 'node:crypto';
import { DEFAULT_LINK_LIMITS, DecodeError, Link, hostIdOf, type DiscoveryHash, type KeyPair, type Message, type WireAddress } from '../protocol/index.ts';
import { NOOP_LOGGER, SeededRng, WakeTimer, formatAddress, type Address, type Clock, type Logger, type Transport } from '../runtime/index.ts';
import { NanoprobeCore, type CoreInput, type DiscoveryTask, type Effect, type LocalDiscoveryItem } from './core/index.ts';
import type { DiscoveryRunner } from './discovery/host-collectors.ts';

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
 * The nanoprobe process's shell around the pure NanoprobeCore (STYLE practice 11): decode datagrams through the
 * Link, feed the core, execute its effects (sealed heartbeats to peers, reliable reports to the CMA, a plain
 * STARTUP while no CMA key is known), and keep one timer for the earliest of the core's and the link's wake-ups.
 */
export class NanoprobeDaemon {
  readonly link: Link;
  #core: NanoprobeCore | undefined;
  readonly stats: NanoprobeDaemonStats = { datagramsReceived: 0, rejected: {}, foreignChannel: 0 };
  readonly #init: NanoprobeDaemonInit;
  readonly #c: NanoprobeDaemonComponents;
  readonly #log: Logger;
  readonly #timer: WakeTimer;
  /** The accepted CMA (pinned key or first use); undefined until then. */
  #cmaHostId: string | undefined;
  #cmaAddresses: Address[];
  #coreWakeAtMs: number | undefined;
  #started = false;
  #stopping = false;
  /** In-flight discovery runs by run id; bounded by the discovery plan (one run per kind). */
  readonly #runs = new Map<number, AbortController>();
  /** DISCOVERY messages the link refused during one #step (at most one per kind). */
  readonly #undelivered: { kind: string; hash: string }[] = [];
  /** Canonical text of the hashes last handed to onDiscoveryHashesAcked. */
  #ackedHashes: string;

  constructor(init: NanoprobeDaemonInit, components: NanoprobeDaemonComponents) {
    this.#init = init;
    this.#c = components;
    this.#log = (components.logger ?? NOOP_LOGGER).child({ component: 'nanoprobe' });
    this.#cmaAddresses = [...init.cma];
    this.#ackedHashes = JSON.stringify(init.discoveryHashes ?? []);
    this.link = new Link({
      keyPair: init.keyPair,
      startWallMs: components.clock.wallNow(),
      localSession: randomInt(1, 0xffff_ffff),
      acceptPlainStartup: false,
      acceptUnknownSenders: true,
      channel: { autoCommit: true },
      ...DEFAULT_LINK_LIMITS,
      maxPeers: 1_024,
      maxChannels: 16,
    });
    if (init.cmaPublicKey !== undefined) this.#cmaHostId = this.link.addPeer(init.cmaPublicKey);
    this.#timer = new WakeTimer(components.clock, () => {
      // Node runs timers before it reads sockets: let the poll phase deliver heartbeats that arrived while we
      // were paused before the core judges silence (setImmediate runs after the poll phase).
      setImmediate(() => {
        if (!this.#started) return;
        this.#step({ kind: 'timer' });
        this.#pump();
      });
    });
  }

  /** The pure core (exists once `start` bound the socket: STARTUP carries the bound address). */
  get core(): NanoprobeCore {
    if (this.#core === undefined) throw new Error('NanoprobeDaemon: not started');
    return this.#core;
  }

  /** Binds the socket and starts registering with the CMA. Idempotent. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    this.#c.transport.onDatagram((d) => {
      this.#receive(d.data, d.from);
    });
    await this.#c.transport.start();
    this.#core = new NanoprobeCore({
      hostId: this.link.hostId,
      publicKey: this.link.publicKey,
      hostname: this.#init.hostname,
      addresses: [this.#c.transport.localAddress],
      version: this.#init.version,
      machineId: this.#init.machineId,
      startedWallMs: this.#c.clock.wallNow(),
      sessionId: randomInt(1, 0xffff_ffff),
      // STARTUP retries jittered: a fleet restarted together (or waiting for a CMA) must not retry in step.
      rng: new SeededRng(randomInt(1, 0xffff_ffff)),
      ...(this.#init.discoveryHashes === undefined ? {} : { discoveryHashes: this.#init.discoveryHashes }),
      ...(this.#init.discoveryPlan === undefined ? {} : { discoveryPlan: this.#init.discoveryPlan }),
    });
    this.#log.info('nanoprobe started', { hostId: this.link.hostId, address: formatAddress(this.#c.transport.localAddress), cma: this.#cmaAddresses.map(formatAddress) });
    this.#step({ kind: 'start' });
  }

  /**
   * Graceful stop: HBSHUTDOWN to the CMA, wait (at most `drainMs`) until it is acknowledged so the CMA records a
   * shutdown rather than a death, then close the socket. Idempotent.
   */
  async stop(reason = 'stopped', drainMs = 2_000): Promise<void> {
    if (!this.#started || this.#stopping) return;
    this.#stopping = true;
    this.#step({ kind: 'shutdown', reason });
    const deadline = this.#c.clock.now() + drainMs;
    while (this.#cmaHostId !== undefined && this.link.queued(this.#cmaHostId) > 0 && this.#c.clock.now() < deadline) {
      this.#pump();
      await new Promise((r) => setTimeout(r, 20));
    }
    this.#timer.clear();
    for (const run of this.#runs.values()) run.abort();
    this.#runs.clear();
    this.#c.discovery?.stop();
    await this.#c.transport.stop();
    this.#started = false;
  }

  #receive(bytes: Uint8Array, from: Address): void {
    this.stats.datagramsReceived++;
    let got;
    try {
      got = this.link.receive(bytes, this.#c.clock.now());
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      this.stats.rejected[err.code] = (this.stats.rejected[err.code] ?? 0) + 1;
      return;
    }
    if (got.kind === 'message') {
      const msg = got.msg;
      if (msg.type === 'HEARTBEAT' || msg.type === 'PING' || msg.type === 'PONG') this.#step({ kind: 'peer', msg, from });
    } else if (got.kind === 'channel') {
      this.#acceptCma(got.from, from);
    }
    this.#pump();
  }

  /** Channel traffic from `hostId`: our CMA, or (trust on first use) the first CMA to answer our STARTUP. */
  #acceptCma(hostId: string, from: Address): void {
    if (this.#cmaHostId === undefined && !this.#init.strict) {
      const key = this.link.publicKeyOf(hostId);
      if (key === undefined || hostIdOf(key) !== hostId) return;
      this.#cmaHostId = this.link.addPeer(key);
      this.#init.onCmaKeyLearned?.(key);
      this.#log.info('cma key accepted on first use', { cmaId: hostId });
    }
    if (hostId === this.#cmaHostId && !this.#cmaAddresses.some((a) => a.host === from.host && a.port === from.port)) this.#cmaAddresses.unshift(from);
  }

  /** Sends what the link has due; hands CMA messages and channel events to the core. */
  #pump(): void {
    const now = this.#c.clock.now();
    const out = this.link.poll(now);
    for (const d of out.datagrams) if (d.to === this.#cmaHostId) this.#toCma(d.bytes);
    for (const d of out.delivered) {
      if (d.from !== this.#cmaHostId) {
        this.stats.foreignChannel++;
        continue;
      }
      this.#fromCma(d.msg);
    }
    this.#saveAckedHashes();
    this.#discoveryAcked();
    for (const e of out.events) {
      if (e.from === this.#cmaHostId && e.event.kind === 'peer-session-changed' && e.event.oldSession !== 0) this.#step({ kind: 'cma-session-changed' });
    }
    this.#arm();
  }

  #fromCma(msg: Message): void {
    switch (msg.type) {
      case 'SETCONFIG':
        this.#cmaAddresses = mergeAddresses(this.#cmaAddresses, msg.cmaAddresses);
        this.#step({ kind: 'cma', msg });
        return;
      case 'SENDEXPECTHB':
      case 'STOPSENDEXPECTHB':
      case 'PROBE':
      case 'DODISCOVER':
      case 'STOPDISCOVER':
      case 'MONITOR':
      case 'STOPMONITOR':
        this.#step({ kind: 'cma', msg });
        return;
      default:
        this.#log.debug('unexpected message from the cma', { type: msg.type });
    }
  }

  #step(input: CoreInput): void {
    const out = this.core.handle(input, this.#c.clock.now());
    this.#coreWakeAtMs = out.wakeAtMs;
    this.#execAll(out.effects);
    // DISCOVERY the link refused: tell the core, after this batch of effects, so it resends on the next run.
    for (let d = this.#undelivered.shift(); d !== undefined; d = this.#undelivered.shift()) {
      const again = this.core.handle({ kind: 'discovery-undelivered', discoveryKind: d.kind, hash: d.hash }, this.#c.clock.now());
      this.#coreWakeAtMs = again.wakeAtMs;
      this.#execAll(again.effects);
    }
    this.#arm();
  }

  #execAll(effects: readonly Effect[]): void {
    for (const effect of effects) {
      try {
        this.#execute(effect);
      } catch (err) {
        // A daemon never dies of one bad effect: log it and go on with the rest.
        this.#log.error('effect failed', { kind: effect.kind }, err);
      }
    }
  }

  #execute(effect: Effect): void {
    const now = this.#c.clock.now();
    switch (effect.kind) {
      case 'send-peer':
        try {
          this.#c.transport.send(effect.to, this.link.seal(effect.peerId, effect.msg));
        } catch (err) {
          this.#log.warn('cannot seal to peer (no key)', { peerId: effect.peerId }, err);
        }
        return;
      case 'send-cma':
        if (this.#cmaHostId === undefined) {
          this.#log.debug('no cma yet; report dropped', { type: effect.msg.type });
          return;
        }
        if (!this.link.sendReliable(this.#cmaHostId, effect.msg, now)) {
          this.#log.warn('report queue full; report dropped', { type: effect.msg.type });
          if (effect.msg.type === 'DISCOVERY') this.#undelivered.push({ kind: effect.msg.kind, hash: effect.msg.hash });
        }
        return;
      case 'startup':
        // Plain while we do not know the CMA key; over the channel (sealed) once we do.
        if (this.#cmaHostId === undefined) {
          const targets = this.#cmaAddresses.length > 0 ? this.#cmaAddresses : [this.#init.multicast];
          for (const a of targets) this.#c.transport.send(a, this.link.plainStartup(effect.msg));
        }
        else this.link.sendReliable(this.#cmaHostId, effect.msg, now);
        return;
      case 'peer-added':
        this.link.addPeer(effect.publicKey);
        return;
      case 'peer-removed':
        this.link.unpinPeer(effect.peerId);
        return;
      case 'discovery-plan':
        this.#c.discovery?.planChanged(effect.tasks.map((t) => t.kind));
        return;
      case 'discovery-run':
        this.#runDiscovery(effect.task, effect.runId);
        return;
      case 'discovery-abandon':
        this.#runs.get(effect.runId)?.abort();
        this.#runs.delete(effect.runId);
        return;
      case 'monitor-plan':
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

  /** Runs a collector; its answer comes back as a `discovery-result` input unless the core abandoned it. */
  #runDiscovery(task: DiscoveryTask, runId: number): void {
    const runner = this.#c.discovery;
    const abort = new AbortController();
    this.#runs.set(runId, abort);
    const running = runner === undefined ? Promise.resolve({ ok: false as const, reason: 'no collectors' }) : runner.run(task, abort.signal);
    void running.then((outcome) => {
      if (!this.#runs.delete(runId) || !this.#started || this.#stopping) return;
      this.#step({ kind: 'discovery-result', discoveryKind: task.kind, runId, outcome });
      this.#pump();
    });
  }

  /** Once nothing is waiting for the CMA's ACK, the hashes sent are the CMA's too: hand them to the shell to save. */
  #saveAckedHashes(): void {
    const save = this.#init.onDiscoveryHashesAcked;
    if (save === undefined || this.#cmaHostId === undefined || this.#core === undefined || this.link.queued(this.#cmaHostId) > 0) return;
    const hashes = this.#core.discoveryHashes();
    const text = JSON.stringify(hashes);
    if (text === this.#ackedHashes) return;
    this.#ackedHashes = text;
    try {
      save(hashes);
    } catch (err) {
      this.#log.warn('cannot save discovery hashes', {}, err);
    }
  }

  /** Nothing waits for the CMA's ACK: the DISCOVERY states sent are the CMA's, the next ones may be diffs against them. */
  #discoveryAcked(): void {
    if (this.#cmaHostId === undefined || this.#core === undefined || !this.#core.discoveryAwaitingAck() || this.link.queued(this.#cmaHostId) > 0) return;
    const out = this.#core.handle({ kind: 'discovery-acked' }, this.#c.clock.now());
    this.#coreWakeAtMs = out.wakeAtMs;
    this.#execAll(out.effects);
  }

  #toCma(bytes: Uint8Array): void {
    const to = this.#cmaAddresses[0];
    if (to !== undefined) this.#c.transport.send(to, bytes);
  }

  #arm(): void {
    this.#timer.setEarliest(this.link.nextWakeAtMs(this.#c.clock.now()), this.#coreWakeAtMs);
  }

}

function mergeAddresses(known: readonly Address[], more: readonly WireAddress[]): Address[] {
  const out = [...known];
  for (const a of more) if (!out.some((k) => k.host === a.host && k.port === a.port) && a.host !== '0.0.0.0' && a.host !== '::') out.push(a);
  return out.slice(0, 16);
}
