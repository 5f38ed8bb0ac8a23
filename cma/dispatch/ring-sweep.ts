/**
 * A local ring going silent as a whole (dead switch, partitioned rack; DESIGN §4, §5). Only a ring's
 * representatives are watched from outside it, so when every one of them is suspected the CMA checks the rest of
 * the ring itself: each other member gets a sweep suspicion (pings, no observer). One sign of life from any member
 * of the ring drops the whole sweep; when the pings are over and none answered, the representatives and every
 * swept member are declared dead together, folded into one `ring-unreachable` event (trouble.ts). Under datagram
 * loss a false verdict would need every ping to every member of the ring lost.
 */
import type { HostId } from '../../protocol/index.ts';
import type { Placement } from '../ring/index.ts';
import { declareDead } from './lifecycle.ts';
import type { Step } from './step.ts';
import { noteTrouble } from './trouble.ts';

/** `target` of local ring `ringId` was just suspected: starts a sweep when every representative now is. */
export function maybeSweep(step: Step, ringId: Placement, target: HostId): void {
  const { rings, suspicions, cfg } = step.s;
  if (!rings.isRepresentative(target)) return;
  const reps = rings.representatives(ringId);
  const members = rings.members(ringId);
  if (members.length <= reps.length || !reps.every((r) => suspicions.has(r)) || sweeping(step, ringId)) return;
  const holdMs = rings.timingOf(ringId, cfg.timing).intervalMs;
  let swept = 0;
  for (const m of members) {
    if (reps.includes(m) || suspicions.has(m)) continue;
    suspicions.set(m, { target: m, openedAtMs: step.nowMs, observers: [], prober: undefined, probeId: 0, probeSaidDead: false, pingsSent: 0, holdMs, twoObserversAtMs: undefined, holdPings: 0, waiting: false, watchers: [], sweep: { ringId, reps } });
    swept++;
  }
  step.log('info', 'ring representatives all suspected: checking the ring', { ringId, reps, swept });
}

/** A sign of life from `hostId` of ring `ringId`: the ring is not silent, its sweep (if any) is dropped. */
export function cancelSweep(step: Step, ringId: Placement, hostId: HostId): void {
  const { suspicions } = step.s;
  let dropped = 0;
  for (const s of [...suspicions.values()]) {
    if (s.sweep?.ringId !== ringId) continue;
    suspicions.delete(s.target);
    dropped++;
  }
  if (dropped > 0) step.log('debug', 'ring sweep dropped: a member answered', { ringId, hostId, dropped });
}

/** The sweep of `ringId` is over with no member answering: its representatives and swept members are dead. */
export function decideSweep(step: Step, ringId: Placement): void {
  const { suspicions, rings, cfg } = step.s;
  const swept = [...suspicions.values()].filter((s) => s.sweep?.ringId === ringId);
  const reps = swept[0]?.sweep?.reps.filter((r) => suspicions.has(r) && rings.ringOf(r) === ringId) ?? [];
  const all = [...reps, ...swept.map((s) => s.target)].filter((h) => rings.ringOf(h) === ringId);
  for (const h of all) noteTrouble(step, ringId, h); // first, so the deaths fold into one ring-unreachable event
  const reason = `ring ${ringId} silent: its representatives were reported dead and none of its other ${swept.length} members answered ${cfg.pingAttempts} pings`;
  for (const h of all) declareDead(step, h, reason, { rule: 'ring-silent', ringId });
}

function sweeping(step: Step, ringId: Placement): boolean {
  for (const s of step.s.suspicions.values()) if (s.sweep?.ringId === ringId) return true;
  return false;
}
