/**
 * @packageDocumentation
 * The nanoprobe core: a pure heartbeat + report state machine (DESIGN §3–4, STYLE practice 11). No clock,
 * timers, sockets or randomness: the shell (nanoprobe/daemon.ts, or the simulator) feeds it inputs with the time
 * and carries out the effects it returns.
 *
 * @example
 * ```ts
 * const core = new NanoprobeCore({ hostId, publicKey, hostname: 'web1', addresses: [{ host: '10.0.0.5', port: 1984 }],
 *   version: '0.1.0', machineId: '', startedWallMs: clock.wallNow(), sessionId });
 * let { effects, wakeAtMs } = core.handle({ kind: 'start' }, clock.now());   // → a plain STARTUP
 * // on a datagram: core.handle({ kind: 'peer', msg, from }, clock.now())
 * // at wakeAtMs:   core.handle({ kind: 'timer' }, clock.now())
 * ```
 */
export { NanoprobeCore } from './core.ts';
export type { LocalDiscoveryItem, NanoprobeInit } from './core.ts';
export { DiscoverySchedule } from './discovery-schedule.ts';
export type { DiscoveryKindStatus, DiscoveryOutcome, DiscoverySink } from './discovery-schedule.ts';
export { DEFAULT_NANOPROBE_CONFIG, resolveNanoprobeConfig, resolveNanoprobeIdentity } from './config.ts';
export type { NanoprobeConfig, NanoprobeIdentity } from './config.ts';
export { MAX_DEAD_MS, TIMING_PRESETS, sameTiming, strictestTiming, timingProblem } from './timing.ts';
export type { TimingPresetName } from './timing.ts';
export { dueAlarm, isStall, nextAlarm, nextSendMs, silenceOriginMs, stallThresholdMs } from './deadlines.ts';
export type { AlarmsReported, PeerAlarm } from './deadlines.ts';
export type { CmaOutMessage, CoreLogLevel, CoreOutput, DiscoveryTask, Effect, EffectKind, LinkRole, MonitorTask, PeerOutMessage } from './effects.ts';
export { isCmaCommand, isPeerMessage } from './inputs.ts';
export type { CmaCommand, CoreInput, CoreInputKind, PeerMessage } from './inputs.ts';
export type { NanoprobeStatus, PeerRingStatus, PeerStatus } from './status.ts';
export type { PeerHealth } from './peers.ts';
export type { NanoprobeCounters } from './counters.ts';
export { MartianLimiter } from './martians.ts';
export { NANO_ERROR_CODES, NanoprobeError } from './errors.ts';
export type { NanoErrorCode } from './errors.ts';
