/**
 * The core's whole state as one plain object shared by the handlers, plus the per-call effect buffer.
 * Everything that grows is one of the bounded tables.
 */
import type { HostId, Timing, WireAddress } from '../../protocol/messages.ts';
import type { Rng } from '../../runtime/rng.ts';
import type { LogContext } from '../../runtime/logger.ts';
import type { NanoprobeConfig, NanoprobeIdentity } from './config.ts';
import type { NanoprobeCounters } from './counters.ts';
import type { DiscoverySchedule } from './discovery-schedule.ts';
import type { CmaOutMessage, CoreLogLevel, DiscoveryTask, Effect, MonitorTask } from './effects.ts';
import type { MartianLimiter } from './martians.ts';
import type { PeerTable } from './peers.ts';
import type { PlanTable } from './plans.ts';
import type { ProbeTable } from './probes.ts';

/** What the core knows about its CMA (from SETCONFIG). */
export interface CmaView {
  cmaId: HostId | undefined;
  cmaSession: number | undefined;
  /** Bounded: SETCONFIG carries ≤ 16. */
  addresses: readonly WireAddress[];
  configuredAtMs: number | undefined;
  /** Last time a SETCONFIG with a new CMA session was adopted. */
  resyncedAtMs: number | undefined;
}

/** Mutable state of one nanoprobe core. */
export interface CoreState {
  readonly identity: NanoprobeIdentity;
  readonly config: NanoprobeConfig;
  readonly rng: Rng | undefined;
  readonly peers: PeerTable;
  readonly probes: ProbeTable;
  readonly martians: MartianLimiter;
  readonly discovery: PlanTable<DiscoveryTask>;
  /** When each discovery kind runs next, and the last content hash sent per kind. */
  readonly discoverySchedule: DiscoverySchedule;
  readonly monitors: PlanTable<MonitorTask>;
  readonly counters: NanoprobeCounters;
  readonly cma: CmaView;
  /** Global timing from SETCONFIG (config default before); peers use their rings' timing. */
  timing: Timing;
  started: boolean;
  /** When the next plain STARTUP retry is due; `undefined` once configured (or before start). */
  nextStartupMs: number | undefined;
  configured: boolean;
  shuttingDown: boolean;
  /** `nowMs` of the previous `handle` call. */
  lastHandledMs: number | undefined;
}

/** Effects produced by one `handle` call, in order. */
export class Outbox {
  readonly effects: Effect[] = [];

  push(effect: Effect): void {
    this.effects.push(effect);
  }

  toCma(msg: CmaOutMessage): void {
    this.effects.push({ kind: 'send-cma', msg });
  }

  log(level: CoreLogLevel, message: string, context: LogContext = {}): void {
    this.effects.push({ kind: 'log', level, message, context });
  }
}
