/**
 * One live-mode shard: up to a few thousand virtual hosts in one process, each with its own real UDP socket bound
 * to its own loopback address (127.x.y.z, kernel-chosen port), all driven by ONE timer wheel and Node's one event
 * loop. Why one socket per host: the CMA and the peers reach a host at the address it came from / announced, and a
 * sealed datagram names only its sender, so a shared socket could not tell which virtual host a CMA datagram is
 * for (docs/simulator.md, "Live mode"). The per-process descriptor limit bounds a shard, hence several shards.
 */
import { createSocket, type Socket } from 'node:dgram';
import { generateKeyPair, type WireAddress } from '../../protocol/index.ts';
import { LiveHost, type LiveHostCounters } from './live-host.ts';
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
}

/** What a shard reports to the coordinator. */
export interface ShardStats {
  readonly hosts: number;
  readonly started: number;
  readonly killed: number;
  readonly sent: number;
  readonly received: number;
  readonly sendErrors: number;
  readonly rejected: number;
  readonly effectErrors: number;
  readonly reportsDropped: number;
  readonly timersFired: number;
  /** CPU (user + system) of the shard process since it bound its sockets, ms. */
  readonly cpuMs: number;
  readonly rssBytes: number;
  /** Largest delay of a wheel tick behind its schedule since the last stats call, ms (the shard's overload). */
  readonly maxLagMs: number;
}

const now = (): number => Math.floor(performance.now());

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
  #lastTickMs = 0;
  #cpu0 = process.cpuUsage();
  #advancing = false;

  constructor(init: ShardInit) {
    this.#init = init;
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
        nowMs: now(),
        counters: this.#counters,
        send: (to, bytes) => {
          this.#sent++;
          socket.send(bytes, to.port, to.host);
        },
      });
      socket.on('message', (msg, rinfo) => {
        this.#receive(i, msg, rinfo.address, rinfo.port);
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
        this.#wheel.arm(i, undefined);
        this.#sockets[i]?.close();
        this.#sockets[i] = undefined;
        this.#hosts[i] = undefined;
      }
      return Date.now();
    });
  }

  stats(): ShardStats {
    const cpu = process.cpuUsage(this.#cpu0);
    const lag = this.#maxLagMs;
    this.#maxLagMs = 0;
    return {
      hosts: this.#hosts.length,
      started: this.#started,
      killed: this.#killed,
      sent: this.#sent,
      received: this.#received,
      sendErrors: this.#sendErrors,
      ...this.#counters,
      timersFired: this.#timersFired,
      cpuMs: (cpu.user + cpu.system) / 1000,
      rssBytes: process.memoryUsage.rss(),
      maxLagMs: Math.max(0, lag),
    };
  }

  /** Closes every socket (no HBSHUTDOWN: the fleet vanishes as if killed). */
  stop(): void {
    if (this.#interval !== undefined) clearInterval(this.#interval);
    this.#interval = undefined;
    for (const s of this.#sockets) s?.close();
    this.#sockets.length = 0;
    this.#hosts.length = 0;
  }

  #advance(): void {
    if (this.#advancing) return;
    this.#advancing = true;
    try {
      const t = now();
      this.#wheel.advance(t, (i) => {
        this.#timersFired++;
        const host = this.#hosts[i];
        if (host === undefined) return;
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
    }
  }

  #receive(i: number, bytes: Uint8Array, fromHost: string, fromPort: number): void {
    const host = this.#hosts[i];
    if (host === undefined || this.#state[i] !== 1) return;
    this.#received++;
    const t = now();
    host.receive(bytes, { host: fromHost, port: fromPort }, t);
    this.#wheel.arm(i, host.wakeAtMs(t));
  }
}
