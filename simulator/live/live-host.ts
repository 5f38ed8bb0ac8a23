/**
 * One virtual host of live mode: the REAL NanoprobeCore behind the REAL protocol Link (codec, AEAD, reliable
 * channel), exactly as nanoprobe/daemon.ts wires them, minus discovery collectors, logging and the per-process
 * timer. The shard owns the socket and the one shared wake queue: this shell only says when it next wants
 * `timer(now)` (its `wakeAtMs`), and sends through the `send` function it is given.
 */
import { randomInt } from 'node:crypto';
import { DEFAULT_LINK_LIMITS, DecodeError, Link, hostIdOf, type KeyPair, type Message, type WireAddress } from '../../protocol/index.ts';
import { NanoprobeCore, type CoreInput, type Effect } from '../../nanoprobe/core/index.ts';
import { SeededRng } from '../../runtime/index.ts';

/** Sends one datagram from this host's socket. */
export type SendFn = (to: WireAddress, bytes: Uint8Array) => void;

/** Counters of one shard's hosts (summed by the shard). */
export interface LiveHostCounters {
  rejected: number;
  effectErrors: number;
  reportsDropped: number;
}

export interface LiveHostInit {
  readonly keyPair: KeyPair;
  readonly hostname: string;
  readonly address: WireAddress;
  readonly cma: WireAddress;
  readonly wallNowMs: number;
  readonly nowMs: number;
  readonly counters: LiveHostCounters;
  readonly send: SendFn;
}

const TIMER: CoreInput = Object.freeze({ kind: 'timer' });

export class LiveHost {
  readonly link: Link;
  readonly core: NanoprobeCore;
  readonly #init: LiveHostInit;
  #cmaHostId: string | undefined;
  #cmaAddress: WireAddress;
  #coreWakeAtMs: number | undefined;
  /** Discovery runs the core asked for: answered "no collectors" on the next timer (the simulator has none). */
  #pendingDiscovery: { kind: string; runId: number }[] = [];

  constructor(init: LiveHostInit) {
    this.#init = init;
    this.#cmaAddress = init.cma;
    this.link = new Link({
      keyPair: init.keyPair,
      startWallMs: init.wallNowMs,
      localSession: randomInt(1, 0xffff_ffff),
      acceptPlainStartup: false,
      acceptUnknownSenders: true,
      channel: { autoCommit: true },
      ...DEFAULT_LINK_LIMITS,
      maxPeers: 1_024,
      maxChannels: 16,
    });
    this.core = new NanoprobeCore({
      hostId: this.link.hostId,
      publicKey: this.link.publicKey,
      hostname: init.hostname,
      addresses: [init.address],
      version: 'ringsim-live',
      machineId: this.link.hostId,
      startedWallMs: init.wallNowMs,
      sessionId: randomInt(1, 0xffff_ffff),
      rng: new SeededRng(randomInt(1, 0xffff_ffff)), // jittered STARTUP retries, as nanoprobe/daemon.ts
    });
  }

  get hostId(): string {
    return this.link.hostId;
  }

  /** When the shard should call `timer` next (undefined: only a datagram wakes this host). */
  wakeAtMs(nowMs: number): number | undefined {
    const linkAt = this.#pendingDiscovery.length > 0 ? nowMs : this.link.nextWakeAtMs(nowMs);
    const coreAt = this.#coreWakeAtMs;
    if (linkAt === undefined) return coreAt;
    return coreAt === undefined || linkAt < coreAt ? linkAt : coreAt;
  }

  start(nowMs: number): void {
    this.#step({ kind: 'start' }, nowMs);
    this.#pump(nowMs);
  }

  timer(nowMs: number): void {
    for (let d = this.#pendingDiscovery.shift(); d !== undefined; d = this.#pendingDiscovery.shift()) {
      this.#step({ kind: 'discovery-result', discoveryKind: d.kind, runId: d.runId, outcome: { ok: false, reason: 'no collectors' } }, nowMs);
    }
    this.#step(TIMER, nowMs);
    this.#pump(nowMs);
  }

  receive(bytes: Uint8Array, from: WireAddress, nowMs: number): void {
    let got;
    try {
      got = this.link.receive(bytes, nowMs);
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      this.#init.counters.rejected++;
      return;
    }
    if (got.kind === 'message') {
      const msg = got.msg;
      if (msg.type === 'HEARTBEAT' || msg.type === 'PING' || msg.type === 'PONG') this.#step({ kind: 'peer', msg, from }, nowMs);
    } else if (got.kind === 'channel') {
      this.#acceptCma(got.from, from);
    }
    this.#pump(nowMs);
  }

  /** Trust on first use, as `nanoprobe run` without a pinned key: the first CMA to answer over the channel. */
  #acceptCma(hostId: string, from: WireAddress): void {
    if (this.#cmaHostId === undefined) {
      const key = this.link.publicKeyOf(hostId);
      if (key === undefined || hostIdOf(key) !== hostId) return;
      this.#cmaHostId = this.link.addPeer(key);
    }
    if (hostId === this.#cmaHostId) this.#cmaAddress = { host: from.host, port: from.port };
  }

  #pump(nowMs: number): void {
    const out = this.link.poll(nowMs);
    for (const d of out.datagrams) if (d.to === this.#cmaHostId) this.#init.send(this.#cmaAddress, d.bytes);
    for (const d of out.delivered) if (d.from === this.#cmaHostId) this.#fromCma(d.msg, nowMs);
    for (const e of out.events) {
      if (e.from === this.#cmaHostId && e.event.kind === 'peer-session-changed' && e.event.oldSession !== 0) this.#step({ kind: 'cma-session-changed' }, nowMs);
    }
  }

  #fromCma(msg: Message, nowMs: number): void {
    switch (msg.type) {
      case 'SETCONFIG':
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
    }
  }

  #step(input: CoreInput, nowMs: number): void {
    const out = this.core.handle(input, nowMs);
    this.#coreWakeAtMs = out.wakeAtMs;
    for (const effect of out.effects) {
      try {
        this.#execute(effect, nowMs);
      } catch {
        this.#init.counters.effectErrors++;
      }
    }
  }

  #execute(effect: Effect, nowMs: number): void {
    switch (effect.kind) {
      case 'send-peer':
        this.#init.send(effect.to, this.link.seal(effect.peerId, effect.msg));
        return;
      case 'send-cma':
        if (this.#cmaHostId === undefined || !this.link.sendReliable(this.#cmaHostId, effect.msg, nowMs)) this.#init.counters.reportsDropped++;
        return;
      case 'startup':
        if (this.#cmaHostId === undefined) this.#init.send(this.#cmaAddress, this.link.plainStartup(effect.msg));
        else this.link.sendReliable(this.#cmaHostId, effect.msg, nowMs);
        return;
      case 'peer-added':
        this.link.addPeer(effect.publicKey);
        return;
      case 'peer-removed':
        this.link.unpinPeer(effect.peerId);
        return;
      case 'discovery-run':
        this.#pendingDiscovery.push({ kind: effect.task.kind, runId: effect.runId });
        return;
      case 'discovery-abandon':
        this.#pendingDiscovery = this.#pendingDiscovery.filter((d) => d.runId !== effect.runId);
        return;
      case 'discovery-plan':
      case 'monitor-plan':
      case 'log':
        return;
      default: {
        const never: never = effect;
        throw new Error(`unknown effect ${JSON.stringify(never)}`);
      }
    }
  }
}
