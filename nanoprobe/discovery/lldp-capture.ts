/**
 * Passive LLDP / CDP / FDP / EDP / SONMP capture (DESIGN §6): one supervised `tcpdump -i IFACE -U -w -` per
 * interface with a BPF filter for the discovery ethertype and multicast groups, its stdout fed to our pcap stream
 * reader and frame decoders, the latest neighbours kept per interface (NeighbourTable, expiring by TTL).
 *
 * Supervision: a tcpdump that exits is restarted after a backoff (doubling from `initialBackoffMs` to
 * `maxBackoffMs`, reset once a process ran `stableAfterMs`). No tcpdump binary, or no privilege to capture
 * (CAP_NET_RAW), is ONE warning for the whole capture and no restarts: the other discovery kinds go on.
 */
import type { Readable } from 'node:stream';
import { CaptureReader, FrameDecodeError, decodeDiscoveryFrame, neighbourOf } from '../../discovery/index.ts';
import { NOOP_LOGGER, type Cancel, type Logger, type Scheduler } from '../../runtime/index.ts';
import { NeighbourTable, type HeardNeighbour } from './neighbour-table.ts';

/** BPF filter: LLDP by ethertype; CDP, EDP, FDP and SONMP (flatnet and segment hellos) by multicast group. */
export const DISCOVERY_BPF_FILTER =
  'ether proto 0x88cc or ether dst 01:00:0c:cc:cc:cc or ether dst 00:e0:2b:00:00:00 or ether dst 01:e0:52:cc:cc:cc or ether dst 01:00:81:00:01:00 or ether dst 01:00:81:00:01:01';

/** The part of a child process the supervisor uses (node's ChildProcess fits; tests pass fakes). */
export interface CaptureProcess {
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  on(event: 'exit', fn: (code: number | null, signal: NodeJS.Signals | null) => void): this;
  on(event: 'error', fn: (err: NodeJS.ErrnoException) => void): this;
  kill(signal?: NodeJS.Signals): boolean;
}

/** Starts a capture process (node:child_process `spawn` in production). */
export type SpawnCapture = (file: string, args: readonly string[]) => CaptureProcess;

/** Options of an {@link LldpCapture}. */
export interface LldpCaptureInit {
  /** Interfaces to capture on, one tcpdump each. */
  readonly interfaces: readonly string[];
  /** tcpdump binary (PATH lookup when bare). */
  readonly tcpdump: string;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  /** A process that ran this long resets the backoff. */
  readonly stableAfterMs: number;
  /**
   * The capture is `ready` once every interface heard a neighbour, or after this long (LLDP's default transmit
   * interval is 30 s): before that an empty table means "not heard yet", not "no switch".
   */
  readonly warmupMs: number;
}

export const DEFAULT_LLDP_CAPTURE: Omit<LldpCaptureInit, 'interfaces'> = Object.freeze({ tcpdump: 'tcpdump', initialBackoffMs: 1_000, maxBackoffMs: 60_000, stableAfterMs: 60_000, warmupMs: 35_000 });

export interface LldpCaptureComponents {
  readonly scheduler: Scheduler;
  readonly spawn: SpawnCapture;
  readonly logger?: Logger;
}

/** Per-interface supervision state and counters. */
export interface CaptureInterfaceStats {
  state: 'running' | 'backoff' | 'stopped' | 'unavailable';
  starts: number;
  exits: number;
  frames: number;
  /** Frames of a discovery protocol we could not decode (truncated, bad link type). */
  badFrames: number;
  /** Streams that were not pcap (the process is restarted). */
  badStreams: number;
}

/** Bytes of tcpdump's stderr kept to classify an exit. */
const MAX_STDERR_CHARS = 2_048;

interface Worker {
  readonly iface: string;
  proc: CaptureProcess | undefined;
  restart: Cancel | undefined;
  backoffMs: number;
  startedMs: number;
  stderr: string;
  readonly stats: CaptureInterfaceStats;
}

/** The capture of all configured interfaces. `start`/`stop` are idempotent. */
export class LldpCapture {
  readonly table = new NeighbourTable();
  readonly #init: LldpCaptureInit;
  readonly #c: LldpCaptureComponents;
  readonly #log: Logger;
  /** One per configured interface (bounded by the interface list). */
  readonly #workers = new Map<string, Worker>();
  #running = false;
  #unavailable: string | undefined;
  #startedMs = 0;

  constructor(init: LldpCaptureInit, components: LldpCaptureComponents) {
    this.#init = init;
    this.#c = components;
    this.#log = (components.logger ?? NOOP_LOGGER).child({ component: 'nanoprobe.lldp-capture' });
  }

  /** Why capture is off for good (no tcpdump, no privilege); undefined while it is usable. */
  get unavailable(): string | undefined {
    return this.#unavailable;
  }

  /** Per-interface counters. */
  stats(): Record<string, CaptureInterfaceStats> {
    return Object.fromEntries([...this.#workers].map(([k, w]) => [k, { ...w.stats }]));
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#startedMs = this.#c.scheduler.clock.now();
    for (const iface of this.#init.interfaces) {
      const w: Worker = { iface, proc: undefined, restart: undefined, backoffMs: this.#init.initialBackoffMs, startedMs: 0, stderr: '', stats: { state: 'stopped', starts: 0, exits: 0, frames: 0, badFrames: 0, badStreams: 0 } };
      this.#workers.set(iface, w);
      this.#spawn(w);
    }
  }

  /** Kills every tcpdump (SIGTERM) and cancels pending restarts. */
  stop(): void {
    if (!this.#running) return;
    this.#running = false;
    for (const w of this.#workers.values()) {
      w.restart?.();
      w.restart = undefined;
      const p = w.proc;
      w.proc = undefined;
      if (w.stats.state !== 'unavailable') w.stats.state = 'stopped';
      p?.kill('SIGTERM');
    }
  }

  /** Whether an empty or partial table can be trusted: every interface heard something, or the warm-up passed. */
  ready(): boolean {
    const now = this.#c.scheduler.clock.now();
    if (now - this.#startedMs >= this.#init.warmupMs) return true;
    const heard = new Set(this.table.snapshot(now).map((h) => h.interface));
    return this.#init.interfaces.every((i) => heard.has(i));
  }

  /** Live neighbours now (expired ones dropped). */
  snapshot(): HeardNeighbour[] {
    return this.table.snapshot(this.#c.scheduler.clock.now());
  }

  #spawn(w: Worker): void {
    if (!this.#running || this.#unavailable !== undefined) return;
    w.restart = undefined;
    w.stderr = '';
    w.stats.starts += 1;
    w.stats.state = 'running';
    w.startedMs = this.#c.scheduler.clock.now();
    const reader = new CaptureReader();
    let proc: CaptureProcess;
    try {
      proc = this.#c.spawn(this.#init.tcpdump, ['-i', w.iface, '-U', '-n', '-s', '4096', '-w', '-', DISCOVERY_BPF_FILTER]);
    } catch (err) {
      this.#ended(w, undefined, err as NodeJS.ErrnoException);
      return;
    }
    w.proc = proc;
    proc.stdout?.on('data', (chunk: Buffer) => {
      if (w.proc !== proc) return;
      this.#frames(w, reader, chunk);
    });
    proc.stderr?.on('data', (chunk: Buffer) => {
      if (w.stderr.length < MAX_STDERR_CHARS) w.stderr = (w.stderr + chunk.toString('utf8')).slice(0, MAX_STDERR_CHARS);
    });
    proc.on('error', (err) => {
      if (w.proc === proc) this.#ended(w, undefined, err);
    });
    proc.on('exit', (code, signal) => {
      if (w.proc === proc) this.#ended(w, code ?? signal ?? undefined, undefined);
    });
  }

  #frames(w: Worker, reader: CaptureReader, chunk: Uint8Array): void {
    let frames;
    try {
      frames = reader.push(chunk);
    } catch (err) {
      if (!(err instanceof FrameDecodeError)) throw err;
      w.stats.badStreams += 1;
      this.#log.warn('capture stream is not pcap: restarting tcpdump', { interface: w.iface, code: err.code });
      w.proc?.kill('SIGKILL');
      return;
    }
    const now = this.#c.scheduler.clock.now();
    for (const f of frames) {
      try {
        const n = neighbourOf(decodeDiscoveryFrame(f.data, f.linkType).value);
        if (n === undefined) continue;
        w.stats.frames += 1;
        this.table.heard(w.iface, n, now);
      } catch (err) {
        if (!(err instanceof FrameDecodeError)) throw err;
        w.stats.badFrames += 1;
      }
    }
  }

  #ended(w: Worker, exit: number | string | undefined, err: NodeJS.ErrnoException | undefined): void {
    w.proc = undefined;
    w.stats.exits += 1;
    if (!this.#running) return;
    // Started through setpriv (capture-spawn.ts), a missing tcpdump is setpriv's exit 127 "failed to execute".
    const notFound = err?.code === 'ENOENT' || (exit === 127 && /failed to execute|no such file/i.test(w.stderr));
    const why = notFound ? `${this.#init.tcpdump} not found` : /permission|not permitted/i.test(w.stderr) ? `no permission to capture (needs CAP_NET_RAW): ${firstLine(w.stderr)}` : undefined;
    if (why !== undefined) {
      this.#unavailable = why;
      for (const other of this.#workers.values()) other.stats.state = 'unavailable';
      this.stop();
      this.#log.warn('LLDP/CDP capture unavailable; the other discovery kinds go on', { reason: why });
      return;
    }
    const now = this.#c.scheduler.clock.now();
    if (now - w.startedMs >= this.#init.stableAfterMs) w.backoffMs = this.#init.initialBackoffMs;
    const delayMs = w.backoffMs;
    w.backoffMs = Math.min(w.backoffMs * 2, this.#init.maxBackoffMs);
    w.stats.state = 'backoff';
    const level = w.stats.exits === 1 ? 'warn' : 'debug';
    this.#log[level]('tcpdump ended: restarting after backoff', { interface: w.iface, exit: exit ?? err?.message, stderr: firstLine(w.stderr), delayMs });
    w.restart = this.#c.scheduler.at(now + delayMs, () => {
      this.#spawn(w);
    });
  }
}

function firstLine(text: string): string {
  return text.split('\n').find((l) => l.trim() !== '' && !l.startsWith('tcpdump: listening')) ?? '';
}
