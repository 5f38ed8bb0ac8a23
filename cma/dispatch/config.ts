/**
 * CMA decision-core configuration (STYLE practice 17): every field required and documented, a default, and
 * `resolveCmaConfig(partial)` that merges, range-checks and freezes.
 */
import type { DiscoveryPlanItem, HostId, Timing, WireAddress } from '../../protocol/index.ts';
import { isIpAddress } from './cidr.ts';
import { CmaError } from './errors.ts';
import { LAN_TIMING, resolveRingTimings, type RingTimingOverride } from './ring-timing.ts';

export { LAN_TIMING, WAN_TIMING } from './ring-timing.ts';

/** Most CMA addresses SETCONFIG carries (protocol limit). */
export const MAX_CMA_ADDRESSES = 16;
/** Most ping attempts per suspicion. */
export const MAX_PING_ATTEMPTS = 10;
/** Most kinds a discovery plan may hold. */
export const MAX_DISCOVERY_KINDS = 32;

/**
 * The discovery plan SETCONFIG hands every nanoprobe (docs/discovery.md): netstat 60 s / 10 s, arp 60 s / 5 s,
 * inventory 1 h / 30 s, lldp 30 s / 10 s, facts 5 min / 30 s.
 */
export const DEFAULT_DISCOVERY_PLAN: readonly DiscoveryPlanItem[] = Object.freeze([
  Object.freeze({ kind: 'netstat', intervalMs: 60_000, timeoutMs: 10_000 }),
  Object.freeze({ kind: 'arp', intervalMs: 60_000, timeoutMs: 5_000 }),
  Object.freeze({ kind: 'inventory', intervalMs: 3_600_000, timeoutMs: 30_000 }),
  Object.freeze({ kind: 'lldp', intervalMs: 30_000, timeoutMs: 10_000 }),
  Object.freeze({ kind: 'facts', intervalMs: 300_000, timeoutMs: 30_000 }),
]);

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
  /**
   * The discovery kinds every nanoprobe runs (SETCONFIG `discovery`), at most MAX_DISCOVERY_KINDS, each kind once,
   * 0 < timeoutMs ≤ intervalMs (u32 ms). Empty: no discovery. A STARTUP whose hash for one of these kinds differs
   * from the stored one gets a DODISCOVER for it (the CMA lost or never had that data).
   */
  readonly discovery: readonly DiscoveryPlanItem[];
  /**
   * Canonical-JSON characters of discovery payloads kept in memory to apply DISCOVERY diffs to (the latest one per
   * host and kind, least recently used dropped first; ≥ 0, 0 = none: every diff is answered with DODISCOVER).
   * A diff whose base was dropped costs one full report, never a wrong graph.
   */
  readonly discoveryBaseChars: number;
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
  discovery: DEFAULT_DISCOVERY_PLAN,
  discoveryBaseChars: 256 * 2 ** 20,
});

const U32_MAX = 0xffff_ffff;
const HOST_ID = /^[0-9a-f]{32}$/;
const DISCOVERY_KIND = /^[a-z][a-z0-9-]{0,31}$/;

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
  if (c.discovery.length > MAX_DISCOVERY_KINDS) fail('discovery', `may hold at most ${MAX_DISCOVERY_KINDS} kinds`, c.discovery.length);
  const kinds = new Set<string>();
  for (const d of c.discovery) {
    if (!DISCOVERY_KIND.test(d.kind) || kinds.has(d.kind)) fail('discovery', 'kinds must be distinct names like netstat', d.kind);
    if (!isInt(d.intervalMs, 1, U32_MAX) || !isInt(d.timeoutMs, 1, d.intervalMs)) fail('discovery', 'must have u32 ms with 0 < timeoutMs <= intervalMs', d);
    kinds.add(d.kind);
  }
  if (!Number.isSafeInteger(c.discoveryBaseChars) || c.discoveryBaseChars < 0) fail('discoveryBaseChars', 'must be an integer ≥ 0', c.discoveryBaseChars);
  const ringTimings = resolveRingTimings(c.ringTimings);
  return Object.freeze({
    ...c,
    discovery: Object.freeze(c.discovery.map((d) => Object.freeze({ kind: d.kind, intervalMs: d.intervalMs, timeoutMs: d.timeoutMs }))),
    timing: Object.freeze({ intervalMs, lateMs, deadMs }),
    ringTimings,
    cmaAddresses: Object.freeze(c.cmaAddresses.map((a) => Object.freeze({ host: a.host, port: a.port }))),
  });
}

function isInt(value: number, min: number, max: number): boolean {
  return Number.isSafeInteger(value) && value >= min && value <= max;
}
