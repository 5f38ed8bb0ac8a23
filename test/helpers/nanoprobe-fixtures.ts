/**
 * Builders and a tiny single-core driver for nanoprobe core tests: explicit virtual time, no real clock.
 */
import { NanoprobeCore } from '../../nanoprobe/core/index.ts';
import type { CmaOutMessage, CoreInput, Effect, NanoprobeConfig, NanoprobeInit } from '../../nanoprobe/core/index.ts';
import type { Heartbeat, HostId, SendExpectHb, SetConfig, Timing, WireAddress } from '../../protocol/messages.ts';
import { TIMING_PRESETS } from '../../nanoprobe/core/index.ts';

/** Host id number `n` (32 hex chars). */
export function hostId(n: number): HostId {
  return n.toString(16).padStart(32, '0');
}

/** A fake 32-byte key for host `n`. */
export function keyOf(n: number): Uint8Array {
  return new Uint8Array(32).fill(n & 0xff);
}

/** Heartbeat address of host `n`. */
export function addrOf(n: number): WireAddress {
  return { host: `10.0.${(n >> 8) & 0xff}.${n & 0xff}`, port: 1984 };
}

/** Init for host `n`. */
export function initFor(n: number, config: Partial<NanoprobeConfig> = {}): NanoprobeInit {
  return {
    hostId: hostId(n),
    publicKey: keyOf(n),
    hostname: `host${n}`,
    addresses: [addrOf(n)],
    version: '0.1.0-test',
    machineId: '',
    startedWallMs: 1_700_000_000_000,
    sessionId: 1000 + n,
    config,
  };
}

/** A SETCONFIG for host `n`. */
export function setConfig(n: number, cmaSession = 7, timing: Timing = TIMING_PRESETS.lan): { kind: 'cma'; msg: SetConfig } {
  return {
    kind: 'cma',
    msg: { type: 'SETCONFIG', cmaId: hostId(0xcafe), cmaSession, hostId: hostId(n), timing, cmaAddresses: [{ host: '10.9.9.9', port: 1984 }], discovery: [] },
  };
}

/** SENDEXPECTHB for peer `peer` in `ringId`. */
export function expect(peer: number, ringId = 'ring-a', timing: Timing = TIMING_PRESETS.lan): { kind: 'cma'; msg: SendExpectHb } {
  return { kind: 'cma', msg: { type: 'SENDEXPECTHB', peerId: hostId(peer), address: addrOf(peer), publicKey: keyOf(peer), ringId, timing } };
}

/** A HEARTBEAT from host `from`. */
export function heartbeatFrom(from: number, seq = 1, ringId = 'ring-a'): { kind: 'peer'; msg: Heartbeat; from: WireAddress } {
  return { kind: 'peer', msg: { type: 'HEARTBEAT', senderId: hostId(from), ringId, seq }, from: addrOf(from) };
}

/** An input scheduled at a time. */
export interface Arrival {
  readonly atMs: number;
  readonly input: CoreInput;
}

/** An effect with the time it was produced. */
export interface TimedEffect {
  readonly atMs: number;
  readonly effect: Effect;
}

/** Heartbeats from `from` every `everyMs` in [startMs, endMs]. */
export function heartbeats(from: number, startMs: number, endMs: number, everyMs = 1000): Arrival[] {
  const out: Arrival[] = [];
  for (let t = startMs, seq = 1; t <= endMs; t += everyMs, seq++) out.push({ atMs: t, input: heartbeatFrom(from, seq) });
  return out;
}

/** Drives one core the way a shell does: inputs when they arrive, `timer` exactly at `wakeAtMs`. Records every effect. */
export class Driver {
  readonly core: NanoprobeCore;
  readonly log: TimedEffect[] = [];
  wakeAtMs: number | undefined;
  lastMs = -Infinity;

  constructor(init: NanoprobeInit) {
    this.core = new NanoprobeCore(init);
  }

  /** One `handle` call. */
  feed(input: CoreInput, atMs: number): readonly Effect[] {
    const out = this.core.handle(input, atMs);
    for (const effect of out.effects) this.log.push({ atMs, effect });
    if (out.wakeAtMs !== undefined && out.wakeAtMs <= atMs) throw new Error(`wakeAtMs ${out.wakeAtMs} not after ${atMs}`);
    this.wakeAtMs = out.wakeAtMs;
    this.lastMs = atMs;
    return out.effects;
  }

  /** Delivers `arrivals` (any order) and timer calls at each wakeAt, up to and including `untilMs`. */
  run(untilMs: number, arrivals: readonly Arrival[] = []): void {
    const queue = [...arrivals].filter((a) => a.atMs >= this.lastMs).sort((a, b) => a.atMs - b.atMs);
    let i = 0;
    for (;;) {
      const next = queue[i];
      const wake = this.wakeAtMs;
      if (next !== undefined && next.atMs <= untilMs && (wake === undefined || next.atMs <= wake)) {
        this.feed(next.input, next.atMs);
        i++;
      } else if (wake !== undefined && wake <= untilMs) {
        this.feed({ kind: 'timer' }, wake);
      } else {
        return;
      }
    }
  }

  /** Messages sent to the CMA, with times. */
  reports(sinceMs = -Infinity): { atMs: number; msg: CmaOutMessage }[] {
    const out: { atMs: number; msg: CmaOutMessage }[] = [];
    for (const { atMs, effect } of this.log) if (effect.kind === 'send-cma' && atMs >= sinceMs) out.push({ atMs, msg: effect.msg });
    return out;
  }

  /** Times of heartbeats sent to `peer`. */
  heartbeatTimes(peer: number): number[] {
    return this.log
      .filter(({ effect }) => effect.kind === 'send-peer' && effect.msg.type === 'HEARTBEAT' && effect.peerId === hostId(peer))
      .map(({ atMs }) => atMs);
  }

  /** Effects of one kind. */
  effectsOf<K extends Effect['kind']>(kind: K): (TimedEffect & { effect: Extract<Effect, { kind: K }> })[] {
    return this.log.filter((e): e is TimedEffect & { effect: Extract<Effect, { kind: K }> } => e.effect.kind === kind);
  }
}

/** A configured core (start + SETCONFIG at time 0) watching `peers` in ring-a, all lan timing. */
export function configuredDriver(self: number, peers: readonly number[], config: Partial<NanoprobeConfig> = {}): Driver {
  const d = new Driver(initFor(self, config));
  d.feed({ kind: 'start' }, 0);
  d.feed(setConfig(self), 0);
  for (const p of peers) d.feed(expect(p), 0);
  return d;
}

/** `{type, atMs, silentForMs}` of each report, for compact assertions. */
export function reportSummary(reports: readonly { atMs: number; msg: CmaOutMessage }[]): string[] {
  return reports.map(({ atMs, msg }) => `${atMs} ${msg.type}${'silentForMs' in msg ? ` ${msg.silentForMs}` : ''}`);
}
