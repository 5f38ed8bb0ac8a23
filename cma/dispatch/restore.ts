/**
 * Restore at CMA start (DESIGN §9): rebuild the host table and the rings from the store. The nanoprobes still run
 * the stored edges, so no ring command is re-sent; each `up` host gets one SETCONFIG under the new CMA session,
 * which is how its channel learns the CMA moved, and it resyncs with a STARTUP over the channel;
 * nobody is suspected or declared dead because the CMA restarted. Only inconsistencies are repaired: the top ring
 * (planRebuild), ring members whose host is not `up` (they leave), and `up` hosts in no ring (they join).
 */
import type { HostId } from '../../protocol/index.ts';
import { isPlacement, planJoin, planLeave, planRebuild, RingError, type RingMemberRecord, type RingPlan } from '../ring/index.ts';
import type { HostRecord, StoredDiscoveryHash } from '../store/index.ts';
import { CmaError } from './errors.ts';
import { primaryAddress } from './hosts.ts';
import { rememberDiscoveryHash, sendSetConfig } from './registration.ts';
import { applyPlan } from './ring-effects.ts';
import { installRingTimings } from './ring-timing.ts';
import type { Step } from './step.ts';

/** Loads `hosts` and `members` into an unstarted core; CMA_BAD_RESTORE when they cannot form rings. */
export function handleRestore(step: Step, hosts: readonly HostRecord[], members: readonly RingMemberRecord[], discoveryHashes: readonly StoredDiscoveryHash[]): void {
  const s = step.s;
  if (s.started) throw new CmaError('CMA_ALREADY_STARTED', 'restore must be the first input of a CmaCore');
  // Every check before the first change: a refused restore leaves the core empty.
  for (const h of hosts) {
    if (!isPlacement(h.placement)) throw new CmaError('CMA_BAD_RESTORE', `host ${h.hostId} has a bad placement ${JSON.stringify(h.placement)}`, { hostId: h.hostId });
  }
  const rebuilt = ringPlan(() => planRebuild(members));
  for (const h of hosts) s.hosts.add(h);
  s.rings = rebuilt.next;
  installRingTimings(s.rings, s.cfg.ringTimings);
  for (const d of discoveryHashes) rememberDiscoveryHash(s, d.hostId, d.kind, d.hash);
  for (const h of hosts) {
    const address = primaryAddress(h);
    if (address !== undefined) step.emit({ kind: 'add-peer', hostId: h.hostId, publicKey: h.publicKey, address });
    if (address !== undefined && h.status === 'up') sendSetConfig(step, h.hostId);
  }
  applyPlan(step, rebuilt); // top-ring repairs only
  repair(step, members);
  step.log('info', 'restored from the store', { hosts: hosts.length, memberships: members.length, rings: s.rings.ringIds().length });
}

/** Ring members whose host is missing or not up leave; up hosts outside the rings join. */
function repair(step: Step, members: readonly RingMemberRecord[]): void {
  const { hosts, rings } = step.s;
  const inRings = new Set<HostId>(members.map((m) => m.hostId));
  for (const id of inRings) {
    const status = hosts.get(id)?.record.status;
    if (status === 'up' || !rings.has(id)) continue;
    applyPlan(step, ringPlan(() => planLeave(rings, id, status ?? 'removed')));
    step.log('warn', 'restore: ring member that is not up removed from its ring', { hostId: id, status: status ?? 'unknown' });
  }
  for (const h of hosts.values()) {
    if (h.record.status !== 'up' || rings.has(h.record.hostId)) continue;
    applyPlan(step, ringPlan(() => planJoin(rings, { id: h.record.hostId, placement: h.record.placement })));
    step.log('warn', 'restore: up host in no ring joined its ring', { hostId: h.record.hostId });
  }
}

function ringPlan(run: () => RingPlan): RingPlan {
  try {
    return run();
  } catch (err) {
    if (err instanceof RingError) throw new CmaError('CMA_BAD_RESTORE', `stored rings rejected: ${err.message}`, { ringCode: err.code }, { cause: err });
    throw err;
  }
}
