/**
 * Turns ring plans into store changes and nanoprobe messages (docs/rings.md "Commands and graph changes"): a
 * `start` becomes SENDEXPECTHB to both ends, a `stop` STOPSENDEXPECTHB to both ends, skipping any end that is not
 * `up` (a dead host gets nothing; a shutting-down one needs nothing).
 */
import type { HostId } from '../../protocol/index.ts';
import type { RingCommand, RingId, RingPlan } from '../ring/index.ts';
import { primaryAddress } from './hosts.ts';
import type { Step } from './step.ts';

/** Queues the plan's graph changes for the store and its commands as messages (in plan order: starts first). */
export function applyPlan(step: Step, plan: RingPlan): void {
  step.ringChanges(plan.graphChanges);
  emitCommands(step, plan.commands);
}

/** SENDEXPECTHB / STOPSENDEXPECTHB to both ends of every command. */
export function emitCommands(step: Step, commands: readonly RingCommand[]): void {
  for (const c of commands) {
    if (c.kind === 'start') {
      sendExpect(step, c.a, c.b, c.ringId);
      sendExpect(step, c.b, c.a, c.ringId);
    } else {
      sendStop(step, c.a, c.b, c.ringId);
      sendStop(step, c.b, c.a, c.ringId);
    }
  }
}

/** Tells `to` to heartbeat with `peerId` in `ringId` (with the ring's timing), if both are known and `to` is up. */
export function sendExpect(step: Step, to: HostId, peerId: HostId, ringId: RingId): void {
  const { hosts, rings, cfg } = step.s;
  const peer = hosts.get(peerId)?.record;
  const address = peer === undefined ? undefined : primaryAddress(peer);
  if (!hosts.isUp(to) || peer === undefined || address === undefined) return;
  step.send(to, { type: 'SENDEXPECTHB', peerId, address, publicKey: peer.publicKey, ringId, timing: rings.timingOf(ringId, cfg.timing) });
}

/** Tells `to` to stop heartbeating with `peerId` in `ringId`, if `to` is up. */
export function sendStop(step: Step, to: HostId, peerId: HostId, ringId: string): void {
  if (step.s.hosts.isUp(to)) step.send(to, { type: 'STOPSENDEXPECTHB', peerId, ringId });
}

/**
 * Re-sends SENDEXPECTHB for every current edge of `hostId` (idempotent at the nanoprobe): to the host about each
 * peer, and with `alsoPeers` to each peer about the host (its address changed).
 */
export function resendEdges(step: Step, hostId: HostId, alsoPeers: boolean): void {
  for (const { ringId, peers } of step.s.rings.neighbours(hostId)) {
    for (const peer of peers) {
      sendExpect(step, hostId, peer, ringId);
      if (alsoPeers) sendExpect(step, peer, hostId, ringId);
    }
  }
}

/** True when `a` and `b` heartbeat each other in `ringId` according to the current rings. */
export function hasEdge(step: Step, a: HostId, b: HostId, ringId: string): boolean {
  return step.s.rings.neighbours(a).some((n) => n.ringId === ringId && n.peers.includes(b));
}
