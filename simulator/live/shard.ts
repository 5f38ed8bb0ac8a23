/**
 * One live-mode shard: up to a few thousand virtual hosts in one process, each with its own real UDP socket bound
 * to its own loopback address (127.x.y.z, kernel-chosen port), all driven by ONE timer wheel and Node's one event
 * loop. Why one socket per host: the CMA and the peers reach a host at the address it came from / announced, and a
 * sealed datagram names only its sender, so a shared socket could not tell which virtual host a CMA datagram is
 * for (docs/simulator.md, "Live mode"). The per-process descriptor limit bounds a shard, hence several shards.
 */
import { createSocket, type Socket } from 'node:dgram';
import { generateKeyPair, type WireAddress } from '../../protocol/index.ts';
import { SeededRng } from '../../runtime/index.ts';
import { LiveHost, type LiveHostCounters } from './live-host.ts';
import { LiveNetFaults, rackOfLiveIp, type NetFaultState } from './net-faults.ts';
import { TimerWheel } from './timer-wheel.ts';

/** One host a shard runs. */
export interface ShardHostSpec {
  /** Index in the whole fleet. */
  readonly index: number;
  readonly ip: string;
  readonly hostname: string;
}

export interface ShardInit {
  readonly cma: WireAddress;
  readonly hosts: readonly ShardHostSpec[];
  /** Socket receive buffer asked per host (bytes). */
  readonly recvBufferBytes?: number;
  /** Seed of the shard's loss draws. */
  readonly seed?: number;
}

/** What a shard reports to the coordinator. */
export interface ShardStats {
  readonly hosts: number;
  readonly started: number;
  readonly killed: number;
  readonly sent: number;
  readonly received: number;
  readonly sendErrors: number;
  /** Datagrams dropped because the shard's queue was full (its overload). */
  readonly dropped: number;
  /** Datagrams dropped because they waited in the queue longer than MAX_QUEUE_AGE_MS (its overload too). */
  readonly staleDropped: number;
  /** Longest a handled datagram waited in the queue since the last stats call (ms). */
  readonly maxQueueWaitMs: number;
  /** Datagrams lost to the scenario's network faults (loss, partition, dead switch). */
  readonly faultDropped: number;
  /** Datagrams read and waiting to be handled right now. */
  readonly queued: number;
  readonly rejected: number;
  readonly effectErrors: number;
  readonly reportsDropped: number;
  readonly timersFired: number;
  /** CPU (user + system) of the shard process since it bound its sockets, ms. */
  readonly cpuMs: number;
  readonly rssBytes: number;
  /** Largest delay of a wheel tick behind its schedule since the last stats call, ms (the shard's overload). */
  readonly maxLagMs: number;
  /** Longest single wheel advance (all due hosts) and longest single datagram handling since the last stats call, ms. */
  readonly maxAdvanceMs: number;
  readonly maxReceiveMs: number;
}

const now = (): number => Math.floor(performance.now());
/** Most datagrams a shard keeps read and unhandled; more are dropped (counted), like a full socket buffer. */
const MAX_QUEUED = 200_000;
/** A datagram read this long ago and still unhandled is dropped (the shard's overload becomes loss, not delay). */
const MAX_QUEUE_AGE_MS = 1_000;
/** Longest stretch of datagram handling per turn of the event loop, ms. */
const DRAIN_BUDGET_MS = 20;
const EMPTY = new Uint8Array(0);
/** Datagrams kept for a stalled host (its socket buffer); more are dropped. */
const MAX_HELD = 256;

export class Shard {
  readonly #init: ShardInit;
  readonly #hosts: (LiveHost | undefined)[] = [];
  readonly #sockets: (Socket | undefined)[] = [];
  /** 0 not started, 1 running, 2 killed. */
  readonly #state: Uint8Array;
  readonly #counters: LiveHostCounters = { rejected: 0, effectErrors: 0, reportsDropped: 0 };
  #wheel: TimerWheel;
  #interval: NodeJS.Timeout | undefined;
  #sent = 0;
  #received = 0;
  #sendErrors = 0;
  #timersFired = 0;
  #started = 0;
  #killed = 0;
  #maxLagMs = 0;
  /** Datagrams read from the sockets, not yet handled (FIFO from #qHead): see #enqueue. */
  #qHost: number[] = [];
  #qData: Uint8Array[] = [];
  #qFrom: string[] = [];
  #qPort: number[] = [];
  #qAt: number[] = [];
  #qHead = 0;
  #draining = false;
  #dropped = 0;
  #staleDropped = 0;
  #maxWaitMs = 0;
  #maxAdvanceMs = 0;
  #maxReceiveMs = 0;
  #lastTickMs = 0;
  #cpu0 = process.cpuUsage();
  #advancing = false;
  readonly #net: LiveNetFaults;
  /** Each host's rack (from its address), for the network faults. */
  readonly #rack: Int32Array;
  /** SIGSTOP-like stall: until when (performance.now() ms) a host runs nothing; 0 when not stalled. */
  readonly #stalledUntil: Float64Array;
  /** Datagrams that reached a stalled host, handled when it wakes (its socket buffer meanwhile). */
  readonly #held = new Map<number, { bytes: Uint8Array; host: string; port: number }[]>();

  constructor(init: ShardInit) {
    this.#init = init;
    this.#net = new LiveNetFaults(new SeededRng(init.seed ?? 1));
    this.#rack = Int32Array.from(init.hosts, (h) => rackOfLiveIp(h.ip));
    this.#stalledUntil = new Float64Array(init.hosts.length);
    this.#state = new Uint8Array(init.hosts.length);
    this.#wheel = new TimerWheel(init.hosts.length, now());
  }

  /** Binds every host's socket and builds its host (key pair, link, core); returns the host ids in order. */
  async bind(): Promise<string[]> {
    const hosts = this.#init.hosts;
    const ids: string[] = [];
    for (let i = 0; i < hosts.length; i++) {
      const spec = hosts[i];
      if (spec === undefined) continue;
      const socket = createSocket({ type: 'udp4', recvBufferSize: this.#init.recvBufferBytes ?? 256 * 1024 });
      socket.on('error', () => {
        this.#sendErrors++;
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(0, spec.ip, () => {
          socket.off('error', reject);
          resolve();
        });
      });
      const bound = socket.address();
      const host = new LiveHost({
        keyPair: generateKeyPair(),
        hostname: spec.hostname,
        address: { host: bound.address, port: bound.port },
        cma: this.#init.cma,
        wallNowMs: Date.now(),
        counters: this.#counters,
        send: (to, bytes) => {
          this.#sent++;
          if (this.#net.dropSend(this.#rack[i] ?? -1, to.host)) return;
          socket.send(bytes, to.port, to.host);
        },
        now,
        onWake: () => {
          // A discovery answer ("no collectors") arrived after the shard's call: re-arm, unless the host is gone or
          // stalled (its wake-up then is the stall's end).
          if (this.#hosts[i] !== host || this.#state[i] !== 1 || (this.#stalledUntil[i] ?? 0) > now()) return;
          this.#wheel.arm(i, host.wakeAtMs(now()));
        },
      });
      socket.on('message', (msg, rinfo) => {
        this.#enqueue(i, msg, rinfo.address, rinfo.port);
      });
      this.#sockets[i] = socket;
      this.#hosts[i] = host;
      ids.push(host.hostId);
    }
    this.#cpu0 = process.cpuUsage();
    this.#wheel = new TimerWheel(hosts.length, now());
    this.#lastTickMs = now();
    const tickMs = this.#wheel.tickMs;
    this.#interval = setInterval(() => {
      const t = now();
      this.#maxLagMs = Math.max(this.#maxLagMs, t - this.#lastTickMs - tickMs);
      this.#lastTickMs = t;
      // Timers run before the poll phase: let it deliver what arrived meanwhile before a core judges silence.
      setImmediate(() => {
        this.#advance();
      });
    }, tickMs);
    return ids;
  }

  /** Starts host i (local index) `delayMs` from now: its first STARTUP goes out then. */
  scheduleStarts(delaysMs: readonly number[]): void {
    const t = now();
    for (let i = 0; i < delaysMs.length && i < this.#hosts.length; i++) this.#wheel.arm(i, t + (delaysMs[i] ?? 0));
  }

  /** kill -9 of the given local hosts: their sockets close, nothing more is sent or processed. Returns wall ms. */
  kill(locals: readonly number[]): number[] {
    return locals.map((i) => {
      if (this.#state[i] !== 2) {
        this.#state[i] = 2;
        this.#killed++;
        this.#held.delete(i);
        this.#wheel.arm(i, undefined);
        this.#sockets[i]?.close();
        this.#sockets[i] = undefined;
        this.#hosts[i]?.stop();
        this.#hosts[i] = undefined;
      }
      return Date.now();
    });
  }

  /** Sets the network faults (the whole state). */
  setNet(state: NetFaultState): void {
    this.#net.set(state);
  }

  /**
   * SIGSTOP of the given local hosts for `forMs`: no timer, no datagram handled meanwhile (datagrams wait, as in
   * the socket buffer); then, like a process continued, the timer runs first (the core sees the gap and grants its
   * peers a fresh grace period), then what arrived.
   */
  stall(locals: readonly number[], forMs: number): void {
    const until = now() + forMs;
    for (const i of locals) {
      if (this.#state[i] !== 1) continue;
      this.#stalledUntil[i] = until;
      this.#wheel.arm(i, until);
    }
    setTimeout(() => {
      this.#wake(locals);
    }, forMs + 1);
  }

  #wake(locals: readonly number[]): void {
    const t = Math.floor(now());
    for (const i of locals) {
      if ((this.#stalledUntil[i] ?? 0) > t + 1) continue;
      this.#stalledUntil[i] = 0;
      const host = this.#hosts[i];
      const held = this.#held.get(i) ?? [];
      this.#held.delete(i);
      if (host === undefined || this.#state[i] !== 1) continue;
      host.timer(t);
      for (const d of held) this.#receive(i, d.bytes, d.host, d.port);
      this.#wheel.arm(i, host.wakeAtMs(t));
    }
  }

  stats(): ShardStats {
    const cpu = process.cpuUsage(this.#cpu0);
    const lag = this.#maxLagMs;
    const advance = this.#maxAdvanceMs;
    const receive = this.#maxReceiveMs;
    const wait = this.#maxWaitMs;
    this.#maxWaitMs = 0;
    this.#maxLagMs = 0;
    this.#maxAdvanceMs = 0;
    this.#maxReceiveMs = 0;
    return {
      hosts: this.#hosts.length,
      started: this.#started,
      killed: this.#killed,
      sent: this.#sent,
      received: this.#received,
      sendErrors: this.#sendErrors,
      dropped: this.#dropped,
      staleDropped: this.#staleDropped,
      faultDropped: this.#net.dropped,
      maxQueueWaitMs: Math.round(wait),
      queued: this.#qHost.length - this.#qHead,
      ...this.#counters,
      timersFired: this.#timersFired,
      cpuMs: (cpu.user + cpu.system) / 1000,
      rssBytes: process.memoryUsage.rss(),
      maxLagMs: Math.max(0, lag),
      maxAdvanceMs: Math.round(advance),
      maxReceiveMs: Math.round(receive * 10) / 10,
    };
  }

  /** Closes every socket (no HBSHUTDOWN: the fleet vanishes as if killed). */
  stop(): void {
    if (this.#interval !== undefined) clearInterval(this.#interval);
    this.#interval = undefined;
    for (const h of this.#hosts) h?.stop();
    for (const s of this.#sockets) s?.close();
    this.#sockets.length = 0;
    this.#hosts.length = 0;
  }

  #advance(): void {
    if (this.#advancing) return;
    this.#advancing = true;
    const t = now();
    try {
      this.#wheel.advance(t, (i) => {
        this.#timersFired++;
        const host = this.#hosts[i];
        if (host === undefined) return;
        if ((this.#stalledUntil[i] ?? 0) > t) {
          this.#wheel.arm(i, this.#stalledUntil[i]);
          return;
        }
        if (this.#state[i] === 0) {
          this.#state[i] = 1;
          this.#started++;
          host.start(t);
        } else {
          host.timer(t);
        }
        this.#wheel.arm(i, host.wakeAtMs(t));
      });
    } finally {
      this.#advancing = false;
      this.#maxAdvanceMs = Math.max(this.#maxAdvanceMs, performance.now() - t);
    }
  }

  /**
   * A datagram only queues here; #drain handles it after the poll phase, for at most DRAIN_BUDGET_MS per turn of
   * the event loop. Handling it right in the 'message' callback would let a backlog over thousands of sockets keep
   * libuv in ONE poll phase for tens of seconds (it reads up to 32 datagrams per ready socket, 48 × 1,024 sockets
   * per phase), and the timer wheel — every heartbeat of the shard — would starve meanwhile.
   */
  #enqueue(i: number, bytes: Uint8Array, fromHost: string, fromPort: number): void {
    if (this.#qHost.length - this.#qHead >= MAX_QUEUED) {
      this.#dropped++;
      return;
    }
    this.#qHost.push(i);
    this.#qData.push(bytes);
    this.#qFrom.push(fromHost);
    this.#qPort.push(fromPort);
    this.#qAt.push(performance.now());
    if (!this.#draining) {
      this.#draining = true;
      setImmediate(() => {
        this.#drain();
      });
    }
  }

  #drain(): void {
    const start = performance.now();
    const deadline = start + DRAIN_BUDGET_MS;
    let k = 0;
    while (this.#qHead < this.#qHost.length) {
      const h = this.#qHead++;
      const waited = start - (this.#qAt[h] ?? start);
      if (waited > this.#maxWaitMs) this.#maxWaitMs = waited;
      if (waited > MAX_QUEUE_AGE_MS) {
        // Stale: as if the socket buffer had overflowed (loss, which the protocol copes with), not late delivery.
        this.#staleDropped++;
        this.#qData[h] = EMPTY;
        continue;
      }
      this.#receive(this.#qHost[h] ?? 0, this.#qData[h] ?? new Uint8Array(0), this.#qFrom[h] ?? '', this.#qPort[h] ?? 0);
      this.#qData[h] = EMPTY;
      if ((++k & 15) === 0 && performance.now() > deadline) break;
    }
    if (this.#qHead >= this.#qHost.length) {
      this.#qHost = [];
      this.#qData = [];
      this.#qFrom = [];
      this.#qPort = [];
      this.#qAt = [];
      this.#qHead = 0;
      this.#draining = false;
      return;
    }
    if (this.#qHead > 65_536) {
      this.#qHost = this.#qHost.slice(this.#qHead);
      this.#qData = this.#qData.slice(this.#qHead);
      this.#qFrom = this.#qFrom.slice(this.#qHead);
      this.#qPort = this.#qPort.slice(this.#qHead);
      this.#qAt = this.#qAt.slice(this.#qHead);
      this.#qHead = 0;
    }
    // The rest waits for the next turn: timers (heartbeats) and the sockets get theirs first.
    setTimeout(() => {
      this.#drain();
    }, 0);
  }

  #receive(i: number, bytes: Uint8Array, fromHost: string, fromPort: number): void {
    const host = this.#hosts[i];
    if (host === undefined || this.#state[i] !== 1) return;
    if (this.#net.dropReceive(this.#rack[i] ?? -1, fromHost)) return;
    if ((this.#stalledUntil[i] ?? 0) > now()) {
      const held = this.#held.get(i) ?? [];
      // A stopped process's socket buffer holds a few hundred datagrams; more are lost.
      if (held.length >= MAX_HELD) {
        this.#net.dropped++;
        return;
      }
      held.push({ bytes, host: fromHost, port: fromPort });
      this.#held.set(i, held);
      return;
    }
    this.#received++;
    const start = performance.now();
    const t = Math.floor(start);
    host.receive(bytes, { host: fromHost, port: fromPort }, t);
    this.#wheel.arm(i, host.wakeAtMs(t));
    this.#maxReceiveMs = Math.max(this.#maxReceiveMs, performance.now() - start);
  }
}
