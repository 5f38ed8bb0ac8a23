/**
 * Host status transitions that change the rings: declared dead (after confirmation, suspicion.ts), resurrected
 * (back-alive, martian, pong, STARTUP), shut down cleanly. Each records the new status and an Event, and applies
 * the ring plan (ring-effects.ts).
 */
import type { HostId } from '../../protocol/index.ts';
import { planJoin, planLeave } from '../ring/index.ts';
import type { EventDetailValue } from '../store/index.ts';
import type { StaleEdge } from './hosts.ts';
import { applyPlan, hasEdge, sendStop } from './ring-effects.ts';
import type { Step } from './step.ts';
import { clearTrouble, noteTrouble } from './trouble.ts';
import type { ResurrectionCause } from './types.ts';

/**
 * Declares an up host dead: its suspicion closes, it leaves its rings (neighbours repaired, nothing sent to it),
 * and the edges it ran are remembered so it can be told to stop them if it comes back.
 */
export function declareDead(step: Step, hostId: HostId, reason: string, detail: Readonly<Record<string, EventDetailValue>>): void {
  const { hosts, rings, suspicions } = step.s;
  const state = hosts.get(hostId);
  if (state?.record.status !== 'up') return;
  suspicions.delete(hostId);
  const ringId = rings.ringOf(hostId);
  state.staleEdges = edgesOf(step, hostId);
  const record = step.update(state, { status: 'dead', statusSinceWallMs: step.wallMs, deadAtWallMs: step.wallMs, deadReason: reason });
  if (ringId !== undefined) applyPlan(step, planLeave(rings, hostId, 'dead'));
  step.event('host-dead', hostId, ringId ?? null, { reason, ...detail });
  const folded = ringId !== undefined && noteTrouble(step, ringId, hostId);
  if (folded) {
    step.log('debug', 'host declared dead (part of ring-unreachable)', { hostId, hostname: record.hostname, ringId, reason });
  } else {
    step.log('info', 'host declared dead', { hostId, hostname: record.hostname, ringId, reason });
    step.notify({ type: 'host-dead', hostId, hostname: record.hostname, ringId: ringId ?? null, reason });
  }
}

/**
 * Brings a dead or shut-down host back: status up, it joins the local ring of its placement again, and (unless
 * `freshProcess`: a new nanoprobe process has no old edges) it is told to stop the edges it ran when it was
 * declared dead that are no longer edges. Its HBDEADs are not trusted for confirmWindowMs (a stale view).
 */
export function resurrect(step: Step, hostId: HostId, cause: ResurrectionCause, reporter: HostId | null, freshProcess: boolean): void {
  const { hosts, rings } = step.s;
  const state = hosts.get(hostId);
  if (state === undefined || state.record.status === 'up') return;
  const wasDead = state.record.status === 'dead';
  const record = step.update(state, { status: 'up', statusSinceWallMs: step.wallMs, deadAtWallMs: null, deadReason: '' });
  if (wasDead) state.backAtMs = step.nowMs;
  if (!rings.has(hostId)) applyPlan(step, planJoin(rings, { id: hostId, placement: record.placement }));
  if (!freshProcess) {
    for (const e of state.staleEdges) if (!hasEdge(step, hostId, e.peerId, e.ringId)) sendStop(step, hostId, e.peerId, e.ringId);
  }
  state.staleEdges = [];
  step.event('host-up', hostId, rings.ringOf(hostId) ?? null, { cause, reporter, wasDead });
  step.log('info', 'host back up', { hostId, hostname: record.hostname, cause, reporter });
  step.notify({ type: 'host-up', hostId, hostname: record.hostname, via: cause });
}

/** A host stopping cleanly (HBSHUTDOWN): status shutdown (not dead), it leaves its rings, neighbours repaired. */
export function shutDown(step: Step, hostId: HostId, reason: string): void {
  const { hosts, rings, suspicions } = step.s;
  const state = hosts.get(hostId);
  if (state?.record.status !== 'up') return;
  suspicions.delete(hostId);
  const ringId = rings.ringOf(hostId);
  clearTrouble(step, ringId, hostId);
  state.staleEdges = edgesOf(step, hostId); // in case the same process resyncs instead of stopping
  const record = step.update(state, { status: 'shutdown', statusSinceWallMs: step.wallMs });
  if (ringId !== undefined) applyPlan(step, planLeave(rings, hostId, 'shutdown'));
  step.event('host-shutdown', hostId, ringId ?? null, { reason });
  step.log('info', 'host shut down', { hostId, hostname: record.hostname, reason });
  step.notify({ type: 'host-shutdown', hostId, hostname: record.hostname, reason });
}

/** The heartbeat edges a host runs now, as it would remember them. */
function edgesOf(step: Step, hostId: HostId): StaleEdge[] {
  return step.s.rings.neighbours(hostId).flatMap((n) => n.peers.map((peerId) => ({ peerId, ringId: n.ringId })));
}
