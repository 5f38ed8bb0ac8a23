/**
 * A plain-data snapshot of the core for `nanoprobe status` (and for tests and the simulator). Copies everything:
 * holding a status never aliases live state.
 */
import type { HostId, Timing, WireAddress } from '../../protocol/messages.ts';
import type { NanoprobeCounters } from './counters.ts';
import { nextAlarm, silenceOriginMs } from './deadlines.ts';
import type { DiscoveryTask, MonitorTask } from './effects.ts';
import type { PeerHealth } from './peers.ts';
import type { CoreState } from './state.ts';
import { computeWakeAtMs } from './wake.ts';

/** One ring a peer is in. */
export interface PeerRingStatus {
  readonly ringId: string;
  readonly timing: Timing;
}

/** One watched peer. */
export interface PeerStatus {
  readonly peerId: HostId;
  readonly address: WireAddress;
  readonly health: PeerHealth;
  readonly lastHeardMs: number;
  readonly silentForMs: number;
  readonly rings: readonly PeerRingStatus[];
  /** The stream's timing (strictest of the rings'). */
  readonly timing: Timing;
  readonly reportRingId: string;
  readonly lastSeqSent: number;
  readonly nextSendMs: number;
  /** Next unreported alarm, if any. */
  readonly nextAlarm: { readonly alarm: 'late' | 'dead'; readonly atMs: number } | undefined;
  readonly heartbeatsReceived: number;
}

/** The whole snapshot. */
export interface NanoprobeStatus {
  readonly hostId: HostId;
  readonly sessionId: number;
  readonly nowMs: number;
  readonly started: boolean;
  readonly configured: boolean;
  readonly shuttingDown: boolean;
  readonly cma: {
    readonly cmaId: HostId | undefined;
    readonly cmaSession: number | undefined;
    readonly addresses: readonly WireAddress[];
    readonly configuredAtMs: number | undefined;
    readonly resyncedAtMs: number | undefined;
  };
  readonly timing: Timing;
  readonly nextStartupMs: number | undefined;
  readonly wakeAtMs: number | undefined;
  readonly peers: readonly PeerStatus[];
  readonly probesOutstanding: number;
  readonly strangersRemembered: number;
  /** Martian reports waiting out their grace period. */
  readonly martianReportsHeld: number;
  readonly discovery: readonly DiscoveryTask[];
  readonly monitors: readonly MonitorTask[];
  readonly counters: Readonly<NanoprobeCounters>;
}

/** Builds the snapshot at `nowMs` (which only affects `silentForMs`). */
export function buildStatus(s: CoreState, nowMs: number): NanoprobeStatus {
  const peers: PeerStatus[] = [...s.peers.values()].map((p) => ({
    peerId: p.peerId,
    address: { ...p.address },
    health: p.health,
    lastHeardMs: p.lastHeardMs,
    silentForMs: Math.max(0, nowMs - p.lastHeardMs),
    rings: [...p.rings].map(([ringId, timing]) => ({ ringId, timing: { ...timing } })),
    timing: { ...p.timing },
    reportRingId: p.reportRingId,
    lastSeqSent: p.seq,
    nextSendMs: p.nextSendMs,
    nextAlarm: nextAlarm(silenceOriginMs(p.lastHeardMs, p.graceFromMs), p.timing, { late: p.lateReported, dead: p.deadReported }),
    heartbeatsReceived: p.heartbeatsReceived,
  }));
  return {
    hostId: s.identity.hostId,
    sessionId: s.identity.sessionId,
    nowMs,
    started: s.started,
    configured: s.configured,
    shuttingDown: s.shuttingDown,
    cma: {
      cmaId: s.cma.cmaId,
      cmaSession: s.cma.cmaSession,
      addresses: s.cma.addresses.map((a) => ({ ...a })),
      configuredAtMs: s.cma.configuredAtMs,
      resyncedAtMs: s.cma.resyncedAtMs,
    },
    timing: { ...s.timing },
    nextStartupMs: s.configured ? undefined : s.nextStartupMs,
    wakeAtMs: computeWakeAtMs(s),
    peers,
    probesOutstanding: s.probes.size,
    strangersRemembered: s.martians.size,
    martianReportsHeld: s.martians.heldCount,
    discovery: s.discovery.snapshot(),
    monitors: s.monitors.snapshot(),
    counters: { ...s.counters },
  };
}
