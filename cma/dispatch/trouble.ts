/**
 * "A whole switch going silent is one event" (DESIGN §4), kept simple: when at least half of a local ring, and at
 * least RING_UNREACHABLE_MIN_HOSTS hosts, are suspected or declared dead within confirmWindowMs, the CMA emits ONE
 * `ring-unreachable` event. The hosts are still checked and marked dead one by one, but their deaths after that
 * event are folded into it (logged at debug, no per-host notification). The episode ends when no host of the ring
 * has been in trouble for confirmWindowMs.
 */
import type { HostId } from '../../protocol/index.ts';
import type { Placement } from '../ring/index.ts';
import type { Step } from './step.ts';

/** Fewest troubled hosts that make a ring-unreachable event. */
export const RING_UNREACHABLE_MIN_HOSTS = 3;

/**
 * Notes that `hostId` of local ring `ringId` is suspected or dead, emitting the ring-unreachable event when the
 * threshold is crossed. Returns true when the ring's trouble has been announced (the death is folded into it).
 */
export function noteTrouble(step: Step, ringId: Placement, hostId: HostId): boolean {
  const { trouble, rings, cfg } = step.s;
  prune(step, ringId);
  let t = trouble.get(ringId);
  if (t === undefined) {
    t = { hosts: new Map(), announced: false };
    trouble.set(ringId, t);
  }
  if (!t.hosts.has(hostId)) t.hosts.set(hostId, step.nowMs);
  if (t.announced) return true;
  let gone = 0; // troubled hosts that already left the ring (declared dead)
  for (const h of t.hosts.keys()) if (rings.ringOf(h) !== ringId) gone++;
  const population = rings.ringSize(ringId) + gone;
  const n = t.hosts.size;
  if (n >= RING_UNREACHABLE_MIN_HOSTS && 2 * n >= population) {
    t.announced = true;
    step.event('ring-unreachable', null, ringId, { hosts: n, population, windowMs: cfg.confirmWindowMs });
    step.notify({ type: 'ring-unreachable', ringId, hosts: n });
    step.log('info', 'ring unreachable', { ringId, hosts: n, population });
  }
  return t.announced;
}

/** Forgets a host's trouble (it proved alive). */
export function clearTrouble(step: Step, ringId: Placement | undefined, hostId: HostId): void {
  if (ringId === undefined) return;
  const t = step.s.trouble.get(ringId);
  if (t === undefined) return;
  t.hosts.delete(hostId);
  if (t.hosts.size === 0) step.s.trouble.delete(ringId);
}

/** Drops a ring's episode once its newest trouble is older than confirmWindowMs. */
function prune(step: Step, ringId: Placement): void {
  const t = step.s.trouble.get(ringId);
  if (t === undefined) return;
  let newest = -Infinity;
  for (const at of t.hosts.values()) newest = Math.max(newest, at);
  if (step.nowMs - newest >= step.s.cfg.confirmWindowMs) step.s.trouble.delete(ringId);
}

/** Drops every expired episode (bounds the table); called once per handle call. */
export function pruneTrouble(step: Step): void {
  for (const ringId of [...step.s.trouble.keys()]) prune(step, ringId);
}
