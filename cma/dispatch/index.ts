/**
 * @packageDocumentation
 * cma/dispatch — the CMA's pure decision core (DESIGN §1, §4, §5): registration, rings, death confirmation,
 * resurrection, shutdown, restore. `CmaCore.handle(input, nowMs, wallMs)` returns plain-data effects and the next
 * wake-up time; no clock, timers, sockets or store inside (docs/cma-dispatch.md).
 *
 * @example
 * ```ts
 * const core = new CmaCore({ cmaId, cmaSession, cmaAddresses });
 * const { effects, wakeAtMs } = core.handle({ kind: 'startup', msg: startup, viaChannel: false }, clock.now(), Date.now());
 * // effects: store (await it, then commit), add-peer, send SETCONFIG, send SENDEXPECTHB …; timer input at wakeAtMs
 * ```
 */
export { CMA_ERROR_CODES, CmaError, type CmaErrorCode } from './errors.ts';
export { DEFAULT_CMA_CONFIG, DEFAULT_DISCOVERY_PLAN, LAN_TIMING, MAX_CMA_ADDRESSES, MAX_PING_ATTEMPTS, WAN_TIMING, resolveCmaConfig, type CmaConfig } from './config.ts';
export { installRingTimings, parseRingTiming, parseTiming, resolveRingTimings, type RingTimingOverride } from './ring-timing.ts';
export { formatIpv6, isIpAddress, parseIpv4, parseIpv6, subnetOf } from './cidr.ts';
export { RING_UNREACHABLE_MIN_HOSTS } from './trouble.ts';
export { CmaCore } from './core.ts';
export type {
  CmaEffect,
  CmaEvent,
  CmaInput,
  CmaLogLevel,
  CmaOutput,
  CmaReportMessage,
  CmaSendMessage,
  CmaStatusView,
  HostView,
  ReportCommit,
  ResurrectionCause,
  RingView,
} from './types.ts';
