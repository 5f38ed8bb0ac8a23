/**
 * The one imperative shell around the pure NanoprobeCore and the protocol Link (STYLE practice 11), shared by the
 * nanoprobe process (nanoprobe/daemon.ts) and the simulator's live hosts: decode datagrams through the Link, feed
 * the core, execute its effects (sealed heartbeats to peers, reliable reports to the CMA, a plain STARTUP while no
 * CMA key is known), pump what the Link has due. It owns no socket, timer or clock: the owner sends datagrams
 * through `send`, passes the monotonic time into every call, and after each call (or when `onWake` says so) arms
 * its one timer for `wakeAtMs`.
 */
import { randomInt } from 'node:crypto';
import { DEFAULT_LINK_LIMITS, DecodeError, Link, hostIdOf, type DiscoveryHash, type KeyPair, type Message, type WireAddress } from '../protocol/index.ts';
import { NOOP_LOGGER, SeededRng, type Address, type Logger } from '../runtime/index.ts';
import { NanoprobeCore, type CoreInput, type DiscoveryTask, type Effect, type LocalDiscoveryItem } from './core/index.ts';
import type { DiscoveryRunner } from './discovery/host-collectors.ts';

/** Most CMA addresses remembered (the configured ones, those a SETCONFIG names, and where the CMA answered from). */
const MAX_CMA_ADDRESSES = 16;

/** Options of a {@link NanoprobeShell}. */
export interface NanoprobeShellInit {
  readonly keyPair: KeyPair;
  /** Wall-clock ms at process start (the Link's session epoch). */
  readonly startWallMs: number;
  /** Where the CMA listens (the STARTUP goes there until a SETCONFIG names all CMA addresses); empty: multicast. */
  readonly cma: readonly Address[];
  /** Where to multicast STARTUP when no CMA address is known (DESIGN §3 "finding the CMA"); undefined: nowhere. */
  readonly multicast?: Address | undefined;
  /** The CMA's public key when pinned by configuration; undefined = trust on first use (see `strict`). */
  readonly cmaPublicKey?: Uint8Array | undefined;
  /** Refuse trust on first use: only a CMA whose key matches `cmaPublicKey` is accepted. */
  readonly strict?: boolean;
  /** Called when a CMA key is accepted on first use, so the owner can save it (pinned from then on). */
  readonly onCmaKeyLearned?: (publicKey: Uint8Array) => void;
  /** Discovery hashes the CMA acknowledged before this process (saved through `onDiscoveryHashesAcked`). */
  readonly discoveryHashes?: readonly DiscoveryHash[];
  /** Called when every DISCOVERY sent so far was acknowledged and the hashes differ from the last call: save them. */
  readonly onDiscoveryHashesAcked?: (hashes: readonly DiscoveryHash[]) => void;
}

/** Who this nanoprobe is, for its core (known once the owner bound its socket: STARTUP carries the address). */
export interface NanoprobeShellIdentity {
  readonly hostname: string;
  readonly addresses: readonly WireAddress[];
  readonly version: string;
  readonly machineId: string;
  readonly startedWallMs: number;
  /** A local base discovery plan; SETCONFIG / DODISCOVER items override it per kind. */
  readonly discoveryPlan?: readonly LocalDiscoveryItem[];
}

/** Counters the shell bumps; the owner decides where they go (a status page, a shard's sums). */
export interface NanoprobeShellMetrics {
  /** A datagram reached `receive`. */
  received(): void;
  /** A datagram the Link refused to decode (DecodeError code). */
  rejected(code: string): void;
  /** A channel message from a host that is not our CMA (ignored). */
  foreignChannel(): void;
  /** A report to the CMA dropped: no CMA yet, or its queue was full. */
  reportDropped(): void;
  /** An effect failed (logged; the others of its batch still run). */
  effectFailed(): void;
}

const NOOP_METRICS: NanoprobeShellMetrics = Object.freeze({
  received: () => undefined,
  rejected: () => undefined,
  foreignChannel: () => undefined,
  reportDropped: () => undefined,
  effectFailed: () => undefined,
});

export interface NanoprobeShellComponents {
  /** Sends one datagram from this nanoprobe's socket (never throws for network reasons). */
  readonly send: (to: WireAddress, bytes: Uint8Array) => void;
  /** Monotonic ms; read only when an asynchronous discovery run completes outside a call of the owner. */
  readonly now: () => number;
  /** The wake time may have changed outside a call of the owner (a discovery run completed): re-arm for `wakeAtMs`. */
  readonly onWake: () => void;
  readonly logger?: Logger;
  /** Runs discovery collectors; without it every discovery run fails with "no collectors" (asynchronously). */
  readonly discovery?: DiscoveryRunner | undefined;
  readonly metrics?: NanoprobeShellMetrics;
}

const TIMER: CoreInput = Object.freeze({ kind: 'timer' });

/**
 * NanoprobeCore + Link interplay, transport- and timer-agnostic. Life: `createCore` (once the address is known),
 * `start`, then `receive` / `timer` as datagrams and wake-ups come, `shutdown` (HBSHUTDOWN), `pump` until
 * `drained`, `stop`.
 */
export class NanoprobeShell {
  readonly link: Link;
  #core: NanoprobeCore | undefined;
  readonly #init: NanoprobeShellInit;
  readonly #c: NanoprobeShellComponents;
  readonly #log: Logger;
  readonly #metrics: NanoprobeShellMetrics;
  /** The accepted CMA (pinned key or first use); undefined until then. */
  #cmaHostId: string | undefined;
  /** Bounded by MAX_CMA_ADDRESSES (plus the one the CMA answered from); the first is where datagrams go. */
  #cmaAddresses: WireAddress[];
  #coreWakeAtMs: number | undefined;
  /** After `shutdown`: discovery runs that complete are no longer fed to the core. */
  #closing = false;
  /** In-flight discovery runs by run id; bounded by the discovery plan (one run per kind). */
  readonly #runs = new Map<number, AbortController>();
  /** DISCOVERY messages the link refused during one #step (at most one per kind). */
  readonly #undelivered: { kind: string; hash: string }[] = [];
  /** Canonical text of the hashes last handed to onDiscoveryHashesAcked. */
  #ackedHashes: string;

  constructor(init: NanoprobeShellInit, components: NanoprobeShellComponents) {
    this.#init = init;
    this.#c = components;
    this.#log = components.logger ?? NOOP_LOGGER;
    this.#metrics = components.metrics ?? NOOP_METRICS;
    this.#cmaAddresses = [...init.cma];
    this.#ackedHashes = JSON.stringify(init.discoveryHashes ?? []);
    this.link = new Link({
      keyPair: init.keyPair,
      startWallMs: init.startWallMs,
      localSession: randomInt(1, 0xffff_ffff),
      acceptPlainStartup: false,
      acceptUnknownSenders: true,
      channel: { autoCommit: true },
      ...DEFAULT_LINK_LIMITS,
      maxPeers: 1_024,
      maxChannels: 16,
    });
    if (init.cmaPublicKey !== undefined) this.#cmaHostId = this.link.addPeer(init.cmaPublicKey);
  }

  /** The pure core (exists once `createCore` ran). */
  get core(): NanoprobeCore {
    if (this.#core === undefined) throw new Error('NanoprobeShell: no core yet');
    return this.#core;
  }

  /** The core, or undefined before `createCore`. */
  get coreIfCreated(): NanoprobeCore | undefined {
    return this.#core;
  }

  /** Where datagrams to the CMA go first, then the others known (configured, from SETCONFIG, answered from). */
  get cmaAddresses(): readonly WireAddress[] {
    return this.#cmaAddresses;
  }

  /** Builds the core (once). */
  createCore(self: NanoprobeShellIdentity): NanoprobeCore {
    this.#core ??= new NanoprobeCore({
      hostId: this.link.hostId,
      publicKey: this.link.publicKey,
      hostname: self.hostname,
      addresses: self.addresses,
      version: self.version,
      machineId: self.machineId,
      startedWallMs: self.startedWallMs,
      sessionId: randomInt(1, 0xffff_ffff),
      // STARTUP retries jittered: a fleet restarted together (or waiting for a CMA) must not retry in step.
      rng: new SeededRng(randomInt(1, 0xffff_ffff)),
      ...(this.#init.discoveryHashes === undefined ? {} : { discoveryHashes: this.#init.discoveryHashes }),
      ...(self.discoveryPlan === undefined ? {} : { discoveryPlan: self.discoveryPlan }),
    });
    return this.#core;
  }

  /** When the owner should call `timer` next (undefined: only a datagram wakes this nanoprobe). */
  wakeAtMs(nowMs: number): number | undefined {
    const linkAt = this.link.nextWakeAtMs(nowMs);
    const coreAt = this.#coreWakeAtMs;
    if (linkAt === undefined) return coreAt;
    return coreAt === undefined || linkAt < coreAt ? linkAt : coreAt;
  }

  /** Starts registering with the CMA (the first STARTUP). */
  start(nowMs: number): void {
    this.#step({ kind: 'start' }, nowMs);
  }

  /** `nowMs` reached `wakeAtMs`. */
  timer(nowMs: number): void {
    this.#step(TIMER, nowMs);
    this.pump(nowMs);
  }

  /** One datagram from the socket: a malformed one is counted, never thrown. */
  receive(bytes: Uint8Array, from: WireAddress, nowMs: number): void {
    this.#metrics.received();
    let got;
    try {
      got = this.link.receive(bytes, nowMs);
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      this.#metrics.rejected(err.code);
      return;
    }
    if (got.kind === 'message') {
      const msg = got.msg;
      if (msg.type === 'HEARTBEAT' || msg.type === 'PING' || msg.type === 'PONG') this.#step({ kind: 'peer', msg, from }, nowMs);
    } else if (got.kind === 'channel') {
      this.#acceptCma(got.from, from);
    }
    this.pump(nowMs);
  }

  /** Graceful stop begins: HBSHUTDOWN to the CMA; discovery results are ignored from now on. */
  shutdown(reason: string, nowMs: number): void {
    this.#closing = true;
    this.#step({ kind: 'shutdown', reason }, nowMs);
  }

  /** Nothing waits for the CMA's acknowledgement (or there is no CMA). */
  drained(): boolean {
    return this.#cmaHostId === undefined || this.link.queued(this.#cmaHostId) <= 0;
  }

  /** Aborts the discovery runs in flight. */
  stop(): void {
    this.#closing = true;
    for (const run of this.#runs.values()) run.abort();
    this.#runs.clear();
  }

  /** Trust on first use unless strict: channel traffic from `hostId` is our CMA, or the first CMA to answer our STARTUP. */
  #acceptCma(hostId: string, from: WireAddress): void {
    if (this.#cmaHostId === undefined && this.#init.strict !== true) {
      const key = this.link.publicKeyOf(hostId);
      if (key === undefined || hostIdOf(key) !== hostId) return;
      this.#cmaHostId = this.link.addPeer(key);
      this.#init.onCmaKeyLearned?.(key);
      this.#log.info('cma key accepted on first use', { cmaId: hostId });
    }
    if (hostId === this.#cmaHostId && !this.#cmaAddresses.some((a) => a.host === from.host && a.port === from.port)) this.#cmaAddresses.unshift(from);
  }

  /** Sends what the link has due; hands CMA messages and channel events to the core. */
  pump(nowMs: number): void {
    const out = this.link.poll(nowMs);
    for (const d of out.datagrams) if (d.to === this.#cmaHostId) this.#toCma(d.bytes);
    for (const d of out.delivered) {
      if (d.from !== this.#cmaHostId) {
        this.#metrics.foreignChannel();
        continue;
      }
      this.#fromCma(d.msg, nowMs);
    }
    this.#saveAckedHashes();
    this.#discoveryAcked(nowMs);
    for (const e of out.events) {
      if (e.from === this.#cmaHostId && e.event.kind === 'peer-session-changed' && e.event.oldSession !== 0) this.#step({ kind: 'cma-session-changed' }, nowMs);
    }
  }

  #fromCma(msg: Message, nowMs: number): void {
    switch (msg.type) {
      case 'SETCONFIG':
        this.#cmaAddresses = mergeAddresses(this.#cmaAddresses, msg.cmaAddresses);
        this.#step({ kind: 'cma', msg }, nowMs);
        return;
      case 'SENDEXPECTHB':
      case 'STOPSENDEXPECTHB':
      case 'PROBE':
      case 'DODISCOVER':
      case 'STOPDISCOVER':
      case 'MONITOR':
      case 'STOPMONITOR':
        this.#step({ kind: 'cma', msg }, nowMs);
        return;
      default:
        this.#log.debug('unexpected message from the cma', { type: msg.type });
    }
  }

  #step(input: CoreInput, nowMs: number): void {
    const out = this.core.handle(input, nowMs);
    this.#coreWakeAtMs = out.wakeAtMs;
    this.#execAll(out.effects, nowMs);
    // DISCOVERY the link refused: tell the core, after this batch of effects, so it resends on the next run.
    for (let d = this.#undelivered.shift(); d !== undefined; d = this.#undelivered.shift()) {
      const again = this.core.handle({ kind: 'discovery-undelivered', discoveryKind: d.kind, hash: d.hash }, nowMs);
      this.#coreWakeAtMs = again.wakeAtMs;
      this.#execAll(again.effects, nowMs);
    }
  }

  #execAll(effects: readonly Effect[], nowMs: number): void {
    for (const effect of effects) {
      try {
        this.#execute(effect, nowMs);
      } catch (err) {
        // A nanoprobe never dies of one bad effect: log it and go on with the rest.
        this.#metrics.effectFailed();
        this.#log.error('effect failed', { kind: effect.kind }, err);
      }
    }
  }

  #execute(effect: Effect, nowMs: number): void {
    switch (effect.kind) {
      case 'send-peer':
        try {
          this.#c.send(effect.to, this.link.seal(effect.peerId, effect.msg));
        } catch (err) {
          this.#metrics.effectFailed();
          this.#log.warn('cannot seal to peer (no key)', { peerId: effect.peerId }, err);
        }
        return;
      case 'send-cma':
        if (this.#cmaHostId === undefined) {
          this.#metrics.reportDropped();
          this.#log.debug('no cma yet; report dropped', { type: effect.msg.type });
          return;
        }
        if (!this.link.sendReliable(this.#cmaHostId, effect.msg, nowMs)) {
          this.#metrics.reportDropped();
          this.#log.warn('report queue full; report dropped', { type: effect.msg.type });
          if (effect.msg.type === 'DISCOVERY') this.#undelivered.push({ kind: effect.msg.kind, hash: effect.msg.hash });
        }
        return;
      case 'startup':
        // Plain while we do not know the CMA key; over the channel (sealed) once we do.
        if (this.#cmaHostId === undefined) {
          const targets = this.#cmaAddresses.length > 0 ? this.#cmaAddresses : this.#init.multicast === undefined ? [] : [this.#init.multicast];
          for (const a of targets) this.#c.send(a, this.link.plainStartup(effect.msg));
        } else this.link.sendReliable(this.#cmaHostId, effect.msg, nowMs);
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

  /**
   * Runs a collector; its answer comes back as a `discovery-result` input unless the core abandoned it (or the shell
   * is closing). Without a runner the answer is "no collectors", still asynchronously (never inside the step that
   * asked). Either way the owner is told to re-arm through `onWake`.
   */
  #runDiscovery(task: DiscoveryTask, runId: number): void {
    const runner = this.#c.discovery;
    const abort = new AbortController();
    this.#runs.set(runId, abort);
    const running = runner === undefined ? Promise.resolve({ ok: false as const, reason: 'no collectors' }) : runner.run(task, abort.signal);
    void running.then((outcome) => {
      if (!this.#runs.delete(runId) || this.#closing) return;
      const nowMs = this.#c.now();
      this.#step({ kind: 'discovery-result', discoveryKind: task.kind, runId, outcome }, nowMs);
      this.pump(nowMs);
      this.#c.onWake();
    });
  }

  /** Once nothing is waiting for the CMA's ACK, the hashes sent are the CMA's too: hand them to the owner to save. */
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
  #discoveryAcked(nowMs: number): void {
    if (this.#cmaHostId === undefined || this.#core === undefined || !this.#core.discoveryAwaitingAck() || this.link.queued(this.#cmaHostId) > 0) return;
    const out = this.#core.handle({ kind: 'discovery-acked' }, nowMs);
    this.#coreWakeAtMs = out.wakeAtMs;
    this.#execAll(out.effects, nowMs);
  }

  #toCma(bytes: Uint8Array): void {
    const to = this.#cmaAddresses[0];
    if (to !== undefined) this.#c.send(to, bytes);
  }
}

function mergeAddresses(known: readonly WireAddress[], more: readonly WireAddress[]): WireAddress[] {
  const out = [...known];
  for (const a of more) if (!out.some((k) => k.host === a.host && k.port === a.port) && a.host !== '0.0.0.0' && a.host !== '::') out.push(a);
  return out.slice(0, MAX_CMA_ADDRESSES);
}
