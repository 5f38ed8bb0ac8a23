/**
 * Nanoprobe core configuration (STYLE practice 17): a fully-typed object with documented defaults, merged from a
 * `Partial`, range-checked once, then frozen. Identity (who this nanoprobe is) is separate: it has no defaults.
 */
import type { Startup, Timing } from '../../protocol/messages.ts';
import { NanoprobeError } from './errors.ts';
import { TIMING_PRESETS, timingProblem } from './timing.ts';

/** Tunables of the core. Every field is required once resolved. */
export interface NanoprobeConfig {
  /** Heartbeat timing until SETCONFIG says otherwise (also the status default). Default: `lan` preset. */
  readonly timing: Timing;
  /** Period of plain STARTUP retries until a SETCONFIG arrives, ms. Default 5,000. */
  readonly startupRetryMs: number;
  /** Fraction of `startupRetryMs` taken off at random (needs an `Rng`) so a fleet does not retry in step. 0–0.5, default 0.2. */
  readonly startupRetryJitter: number;
  /** At most one HBMARTIAN per stranger per this many ms. Default 10,000. */
  readonly martianReportIntervalMs: number;
  /**
   * A martian report is held this many ms and dropped if the stranger's SENDEXPECTHB arrives meanwhile (a ring edge
   * forming: its other end's heartbeat can beat our command). 0 reports at once. Default 3,000: covers three
   * consecutive losses of the command on the reliable channel (RTO 200 + 400 + 800 + 1,600 ms).
   */
  readonly martianGraceMs: number;
  /** Strangers remembered for martian rate-limiting; the oldest is forgotten beyond this. Default 1,024. */
  readonly maxStrangers: number;
  /** Peers this nanoprobe heartbeats at most (SENDEXPECTHB beyond it is refused and counted). Default 64. */
  readonly maxPeers: number;
  /** Rings one peer may be in at once (local ring + top ring is 2). Default 8. */
  readonly maxRingsPerPeer: number;
  /** Outstanding PROBEs at most (more are refused and counted). Default 256. */
  readonly maxProbes: number;
  /** A PROBE's timeout is clamped to [1, this] ms. Default 60,000. */
  readonly maxProbeTimeoutMs: number;
  /** Discovery kinds in the plan at most. Default 64. */
  readonly maxDiscoveryKinds: number;
  /** Monitors in the plan at most. Default 1,024. */
  readonly maxMonitors: number;
}

/**
 * Who this nanoprobe is: exactly what it tells the CMA in STARTUP (see `Startup` for each field). No defaults;
 * `addresses` must have 1–64 entries and `hostId` is the fingerprint of `publicKey`.
 */
export type NanoprobeIdentity = Pick<Startup, 'hostId' | 'publicKey' | 'hostname' | 'addresses' | 'version' | 'machineId' | 'startedWallMs' | 'sessionId'>;

/** The documented defaults. */
export const DEFAULT_NANOPROBE_CONFIG: NanoprobeConfig = Object.freeze({
  timing: TIMING_PRESETS.lan,
  startupRetryMs: 5_000,
  startupRetryJitter: 0.2,
  martianReportIntervalMs: 10_000,
  martianGraceMs: 3_000,
  maxStrangers: 1_024,
  maxPeers: 64,
  maxRingsPerPeer: 8,
  maxProbes: 256,
  maxProbeTimeoutMs: 60_000,
  maxDiscoveryKinds: 64,
  maxMonitors: 1_024,
});

/** Inclusive ranges of the numeric fields; integers unless listed in FRACTIONS. */
const RANGES: Readonly<Record<Exclude<keyof NanoprobeConfig, 'timing'>, readonly [number, number]>> = {
  startupRetryMs: [100, 600_000],
  startupRetryJitter: [0, 0.5],
  martianReportIntervalMs: [0, 3_600_000],
  martianGraceMs: [0, 600_000],
  maxStrangers: [1, 1_000_000],
  maxPeers: [1, 4_096],
  maxRingsPerPeer: [1, 64],
  maxProbes: [1, 65_536],
  maxProbeTimeoutMs: [1, 600_000],
  maxDiscoveryKinds: [1, 1_024],
  maxMonitors: [1, 65_536],
};
const FRACTIONS: ReadonlySet<string> = new Set(['startupRetryJitter']);

function bad(field: string, value: unknown, why: string): NanoprobeError {
  return new NanoprobeError('NANO_BAD_CONFIG', `${field} ${why}`, { field, value });
}

/** Merges `partial` over the defaults, checks every range, and returns a frozen config. Throws `NANO_BAD_CONFIG`. */
export function resolveNanoprobeConfig(partial: Partial<NanoprobeConfig> = {}): NanoprobeConfig {
  const merged: NanoprobeConfig = { ...DEFAULT_NANOPROBE_CONFIG, ...partial };
  for (const [field, [min, max]] of Object.entries(RANGES)) {
    const value: unknown = merged[field as keyof typeof RANGES];
    const ok = typeof value === 'number' && (FRACTIONS.has(field) ? Number.isFinite(value) : Number.isSafeInteger(value));
    if (!ok || value < min || value > max) {
      throw bad(field, value, `must be ${FRACTIONS.has(field) ? 'a number' : 'an integer'} in [${min}, ${max}], got ${String(value)}`);
    }
  }
  const problem = timingProblem(merged.timing);
  if (problem !== undefined) throw bad('timing', merged.timing, problem);
  return Object.freeze({ ...merged, timing: Object.freeze({ ...merged.timing }) });
}

const HOST_ID = /^[0-9a-f]{32}$/;
const MAX_ADDRESSES = 64;

/** Checks an identity and returns a frozen copy (addresses and key copied). Throws `NANO_BAD_CONFIG`. */
export function resolveNanoprobeIdentity(identity: NanoprobeIdentity): NanoprobeIdentity {
  if (!HOST_ID.test(identity.hostId)) throw bad('hostId', identity.hostId, 'must be 32 lowercase hex chars');
  if (!(identity.publicKey instanceof Uint8Array) || identity.publicKey.length !== 32) {
    throw bad('publicKey', identity.publicKey.length, 'must be 32 bytes');
  }
  if (identity.addresses.length < 1 || identity.addresses.length > MAX_ADDRESSES) {
    throw bad('addresses', identity.addresses.length, `must hold 1–${MAX_ADDRESSES} entries`);
  }
  for (const a of identity.addresses) {
    if (a.host === '' || !Number.isInteger(a.port) || a.port < 1 || a.port > 65_535) throw bad('addresses', a, 'has a bad host or port');
  }
  if (!Number.isSafeInteger(identity.sessionId) || identity.sessionId < 0 || identity.sessionId > 0xffff_ffff) {
    throw bad('sessionId', identity.sessionId, 'must be a u32');
  }
  if (!Number.isFinite(identity.startedWallMs)) throw bad('startedWallMs', identity.startedWallMs, 'must be a finite number');
  return Object.freeze({
    hostId: identity.hostId,
    publicKey: identity.publicKey.slice(),
    hostname: identity.hostname,
    version: identity.version,
    machineId: identity.machineId,
    startedWallMs: identity.startedWallMs,
    sessionId: identity.sessionId,
    addresses: Object.freeze(identity.addresses.map((a) => Object.freeze({ host: a.host, port: a.port }))),
  });
}
