/**
 * CMA decision-core configuration (STYLE practice 17): every field required and documented, a default, and
 * `resolveCmaConfig(partial)` that merges, range-checks and freezes.
 */
import type { HostId, Timing, WireAddress } from '../../protocol/index.ts';
import { isIpAddress } from './cidr.ts';
import { CmaError } from './errors.ts';
import { LAN_TIMING, resolveRingTimings, type RingTimingOverride } from './ring-timing.ts';

export { LAN_TIMING, WAN_TIMING } from './ring-timing.ts';

/** Most CMA addresses SETCONFIG carries (protocol limit). */
export const MAX_CMA_ADDRESSES = 16;
/** Most ping attempts per suspicion. */
export const MAX_PING_ATTEMPTS = 10;

/** What the CMA decision core needs to know; resolved once, then frozen. */
export interface CmaConfig {
  /** The CMA's own host id (32 lowercase hex: fingerprint of its public key); sent in SETCONFIG. */
  readonly cmaId: HostId;
  /** This CMA process's session (u32, different on every start); sent in SETCONFIG, prefixes event ids. */
  readonly cmaSession: number;
  /** Default heartbeat timing, ms (rings without an override use it). */
  readonly timing: Timing;
  /** Per-ring timing overrides (each ring id once); SENDEXPECTHB of an edge carries its ring's timing. */
  readonly ringTimings: readonly RingTimingOverride[];
  /** Every address the CMA may be reached at (both HA nodes and the VIP), at most MAX_CMA_ADDRESSES. */
  readonly cmaAddresses: readonly WireAddress[];
  /**
   * How long the CMA's own check of a suspect lasts, ms: `pingAttempts` pings are spread over it, and a PROBE asks
   * the observer to answer within it. A suspect with no other watcher is dead when it ends without a pong.
   */
  readonly probeTimeoutMs: number;
  /**
   * How long a single-observer suspicion waits for a second observer or a probe result, ms, before the CMA's own
   * pings decide; also how long a resurrected host's reports are not trusted, and the window in which ≥ 50 % of a
   * ring going silent is one `ring-unreachable` event. At least probeTimeoutMs.
   */
  readonly confirmWindowMs: number;
  /** Pings the CMA sends a suspect, 1..MAX_PING_ATTEMPTS. */
  readonly pingAttempts: number;
  /** Prefix length of the `subnet:` placement of an IPv4 host without LLDP data (8..32). */
  readonly subnetPrefixV4: number;
  /** Prefix length of the `subnet:` placement of an IPv6 host without LLDP data (16..128). */
  readonly subnetPrefixV6: number;
}

/** Defaults: lan timing, 1.5 s checks, 2.5 s confirmation window, 3 pings, /24 and /64 subnets. */
export const DEFAULT_CMA_CONFIG: CmaConfig = Object.freeze({
  cmaId: '0'.repeat(32),
  cmaSession: 0,
  timing: LAN_TIMING,
  ringTimings: Object.freeze([]),
  cmaAddresses: Object.freeze([]),
  probeTimeoutMs: 1_500,
  confirmWindowMs: 2_500,
  pingAttempts: 3,
  subnetPrefixV4: 24,
  subnetPrefixV6: 64,
});

const U32_MAX = 0xffff_ffff;
const HOST_ID = /^[0-9a-f]{32}$/;

/** Merges `partial` over the defaults, checks every range (CMA_BAD_CONFIG) and returns a frozen config. */
export function resolveCmaConfig(partial: Partial<CmaConfig> = {}): CmaConfig {
  const c: CmaConfig = { ...DEFAULT_CMA_CONFIG, ...partial };
  const fail = (field: string, rule: string, value: unknown): never => {
    throw new CmaError('CMA_BAD_CONFIG', `${field} ${rule}, got ${JSON.stringify(value)}`, { field, value });
  };
  if (!HOST_ID.test(c.cmaId)) fail('cmaId', 'must be 32 lowercase hex chars', c.cmaId);
  if (!isInt(c.cmaSession, 0, U32_MAX)) fail('cmaSession', 'must be a u32', c.cmaSession);
  const { intervalMs, lateMs, deadMs } = c.timing;
  if (![intervalMs, lateMs, deadMs].every((ms) => isInt(ms, 1, U32_MAX)) || intervalMs >= lateMs || lateMs >= deadMs) {
    fail('timing', 'must be u32 ms with 0 < interval < late < dead', c.timing);
  }
  if (c.cmaAddresses.length > MAX_CMA_ADDRESSES) fail('cmaAddresses', `may hold at most ${MAX_CMA_ADDRESSES} addresses`, c.cmaAddresses.length);
  for (const a of c.cmaAddresses) {
    if (!isIpAddress(a.host) || !isInt(a.port, 1, 65_535)) fail('cmaAddresses', 'must be IP literals with ports 1..65535', a);
  }
  if (!isInt(c.probeTimeoutMs, 1, U32_MAX)) fail('probeTimeoutMs', 'must be a positive u32', c.probeTimeoutMs);
  if (!isInt(c.confirmWindowMs, c.probeTimeoutMs, U32_MAX)) fail('confirmWindowMs', `must be an integer ≥ probeTimeoutMs (${c.probeTimeoutMs})`, c.confirmWindowMs);
  if (!isInt(c.pingAttempts, 1, MAX_PING_ATTEMPTS)) fail('pingAttempts', `must be 1..${MAX_PING_ATTEMPTS}`, c.pingAttempts);
  if (!isInt(c.subnetPrefixV4, 8, 32)) fail('subnetPrefixV4', 'must be 8..32', c.subnetPrefixV4);
  if (!isInt(c.subnetPrefixV6, 16, 128)) fail('subnetPrefixV6', 'must be 16..128', c.subnetPrefixV6);
  const ringTimings = resolveRingTimings(c.ringTimings);
  return Object.freeze({
    ...c,
    timing: Object.freeze({ intervalMs, lateMs, deadMs }),
    ringTimings,
    cmaAddresses: Object.freeze(c.cmaAddresses.map((a) => Object.freeze({ host: a.host, port: a.port }))),
  });
}

function isInt(value: number, min: number, max: number): boolean {
  return Number.isSafeInteger(value) && value >= min && value <= max;
}
