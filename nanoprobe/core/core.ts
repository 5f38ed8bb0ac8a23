/**
 * The nanoprobe's heartbeat and report state machine, modelled on etcd's RawNode (STYLE practice 11): one entry
 * point, `handle(input, nowMs) → { effects, wakeAtMs }`, no clock, timers, sockets or randomness inside. The
 * daemon decodes datagrams into inputs, calls `handle`, carries out the effects and keeps ONE timer for
 * `wakeAtMs`; the simulator does the same with a virtual clock for 100k cores at once.
 *
 * Every call first applies the stale-view rule (a stalled core grants its peers a fresh grace period), then the
 * input, then everything that is due at `nowMs` (so extra calls are harmless and late calls lose nothing).
 */
import type { DiscoveryHash, DiscoveryPlanItem } from '../../protocol/messages.ts';
import type { Rng } from '../../runtime/rng.ts';
import { resolveNanoprobeConfig, resolveNanoprobeIdentity } from './config.ts';
import type { NanoprobeConfig, NanoprobeIdentity } from './config.ts';
import { zeroCounters } from './counters.ts';
import { DiscoverySchedule } from './discovery-schedule.ts';
import type { DiscoveryKindStatus } from './discovery-schedule.ts';
import { dispatchCma, dispatchPeer } from './dispatch.ts';
import type { CoreOutput } from './effects.ts';
import { NanoprobeError } from './errors.ts';
import type { CmaCommand, CoreInput } from './inputs.ts';
import { onCmaSessionChanged, onShutdown, onStart } from './lifecycle.ts';
import { MartianLimiter } from './martians.ts';
import { PeerTable } from './peers.ts';
import { PlanTable } from './plans.ts';
import { ProbeTable } from './probes.ts';
import { Outbox } from './state.ts';
import type { CoreState } from './state.ts';
import { buildStatus } from './status.ts';
import type { NanoprobeStatus } from './status.ts';
import { graceAfterStall, tick } from './tick.ts';
import { computeWakeAtMs } from './wake.ts';

/** A discovery plan item given locally (operator flags), with the collector's arguments (lldp: interfaces). */
export interface LocalDiscoveryItem extends DiscoveryPlanItem {
  readonly args?: readonly string[];
}

/** Construction options: who this nanoprobe is, tunables over the defaults, and optional randomness (jitter). */
export interface NanoprobeInit extends NanoprobeIdentity {
  readonly config?: Partial<NanoprobeConfig>;
  /** Source of STARTUP retry jitter; without it retries are exactly `startupRetryMs` apart. */
  readonly rng?: Rng;
  /** Discovery content hashes the CMA acknowledged before this process started (saved by the shell). */
  readonly discoveryHashes?: readonly DiscoveryHash[];
  /** A local base discovery plan (operator flags); SETCONFIG / DODISCOVER items override it per kind. */
  readonly discoveryPlan?: readonly LocalDiscoveryItem[];
}

const NOTHING: CoreOutput = Object.freeze({ effects: Object.freeze([]), wakeAtMs: undefined });

/** One nanoprobe's heartbeat and report logic, as a pure state machine. */
export class NanoprobeCore {
  readonly #s: CoreState;

  /** Throws `NanoprobeError` (`NANO_BAD_CONFIG`) when the identity or config is invalid. */
  constructor(init: NanoprobeInit) {
    const identity = resolveNanoprobeIdentity(init);
    const config = resolveNanoprobeConfig(init.config);
    this.#s = {
      identity,
      config,
      rng: init.rng,
      peers: new PeerTable(config.maxPeers, config.maxRingsPerPeer),
      probes: new ProbeTable(config.maxProbes, config.maxProbeTimeoutMs, identity.sessionId),
      martians: new MartianLimiter(config.martianReportIntervalMs, config.maxStrangers, config.martianGraceMs),
      discovery: new PlanTable(config.maxDiscoveryKinds),
      discoverySchedule: new DiscoverySchedule(init.discoveryHashes, config.maxDiscoveryKinds),
      monitors: new PlanTable(config.maxMonitors),
      counters: zeroCounters(),
      cma: { cmaId: undefined, cmaSession: undefined, addresses: [], configuredAtMs: undefined, resyncedAtMs: undefined },
      timing: config.timing,
      started: false,
      nextStartupMs: undefined,
      configured: false,
      shuttingDown: false,
      lastHandledMs: undefined,
    };
    for (const item of init.discoveryPlan ?? []) this.#s.discovery.upsert(item.kind, Object.freeze({ kind: item.kind, intervalMs: item.intervalMs, timeoutMs: item.timeoutMs, args: Object.freeze([...(item.args ?? [])]) }));
  }

  /** This nanoprobe's host id. */
  get hostId(): string {
    return this.#s.identity.hostId;
  }

  /**
   * Feeds one input at monotonic time `nowMs` and returns the effects to carry out, in order, and when to call
   * again. A `nowMs` earlier than the previous call's is treated as the previous one (and counted).
   */
  handle(input: CoreInput, nowMs: number): CoreOutput {
    const s = this.#s;
    const now = this.#monotonic(nowMs);
    if (s.shuttingDown) {
      if (input.kind !== 'timer') s.counters.inputsIgnored += 1;
      s.lastHandledMs = now;
      return NOTHING;
    }
    const out = new Outbox();
    graceAfterStall(s, now, out);
    switch (input.kind) {
      case 'start':
        onStart(s, now, out);
        break;
      case 'cma':
        dispatchCma(s, input.msg, now, out);
        syncDiscovery(s, input.msg, now, out);
        break;
      case 'discovery-result':
        if (!s.discoverySchedule.result(input.discoveryKind, input.runId, input.outcome, now, out)) s.counters.inputsIgnored += 1;
        break;
      case 'discovery-undelivered':
        if (!s.discoverySchedule.undelivered(input.discoveryKind, input.hash)) s.counters.inputsIgnored += 1;
        break;
      case 'discovery-acked':
        s.discoverySchedule.acknowledged();
        break;
      case 'peer':
        dispatchPeer(s, input.msg, input.from, now, out);
        break;
      case 'timer':
        break;
      case 'cma-session-changed':
        s.discoverySchedule.forgetAcknowledged();
        onCmaSessionChanged(s, out);
        break;
      case 'shutdown':
        onShutdown(s, input.reason, out);
        break;
    }
    if (input.kind !== 'shutdown') {
      tick(s, now, out);
      s.discoverySchedule.tick(now, s.configured, out);
    }
    s.lastHandledMs = now;
    return { effects: out.effects, wakeAtMs: earliest(computeWakeAtMs(s), s.discoverySchedule.nextWakeMs(s.configured)) };
  }

  /** A plain-data snapshot for `nanoprobe status`. Does not change state. */
  status(nowMs: number): NanoprobeStatus {
    checkTime(nowMs);
    return buildStatus(this.#s, nowMs);
  }

  /** The discovery content hashes sent so far (what the next STARTUP will carry). */
  discoveryHashes(): DiscoveryHash[] {
    return this.#s.discoverySchedule.hashes();
  }

  /** Whether a DISCOVERY waits for the CMA's ACK (the shell then reports `discovery-acked` once none does). */
  discoveryAwaitingAck(): boolean {
    return this.#s.discoverySchedule.awaitingAck();
  }

  /** Per-kind discovery schedule and counters (for `nanoprobe status`). Does not change state. */
  discoveryStatus(): DiscoveryKindStatus[] {
    return this.#s.discoverySchedule.status();
  }

  #monotonic(nowMs: number): number {
    checkTime(nowMs);
    const last = this.#s.lastHandledMs;
    if (last !== undefined && nowMs < last) {
      this.#s.counters.clockRegressions += 1;
      return last;
    }
    return nowMs;
  }
}

/** The discovery schedule follows the plan after the commands that change it; DODISCOVER also forces a send. */
function syncDiscovery(s: CoreState, msg: CmaCommand, nowMs: number, out: Outbox): void {
  if (msg.type !== 'SETCONFIG' && msg.type !== 'DODISCOVER' && msg.type !== 'STOPDISCOVER') return;
  s.discoverySchedule.sync(s.discovery.snapshot(), nowMs, out);
  if (msg.type === 'DODISCOVER') s.discoverySchedule.force(msg.kind, nowMs);
}

function earliest(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

function checkTime(nowMs: number): void {
  if (!Number.isFinite(nowMs)) throw new NanoprobeError('NANO_BAD_TIME', `nowMs must be a finite number, got ${nowMs}`, { nowMs });
}
