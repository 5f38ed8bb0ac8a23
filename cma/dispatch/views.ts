/**
 * Read-only views for `cma status`, `cma hosts` and `cma rings`: plain data built from the core's state, never
 * references into it.
 */
import type { CoreState } from './step.ts';
import { formatAddress, primaryAddress } from './hosts.ts';
import type { CmaStatusView, HostView, RingView } from './types.ts';

/** Counts for `cma status`. O(hosts). */
export function statusView(s: CoreState): CmaStatusView {
  const counts = { total: 0, up: 0, dead: 0, shutdown: 0 };
  for (const h of s.hosts.values()) {
    counts.total++;
    counts[h.record.status]++;
  }
  const ringIds = s.rings.ringIds();
  return {
    cmaId: s.cfg.cmaId,
    cmaSession: s.cfg.cmaSession,
    hosts: counts,
    localRings: ringIds.filter((id) => id !== 'top').length,
    topRingMembers: s.rings.ringSize('top'),
    suspects: s.suspicions.size,
  };
}

/** One row per registered host, sorted by host id. O(hosts log hosts). */
export function hostsView(s: CoreState): HostView[] {
  const rows: HostView[] = [];
  for (const { record: r } of s.hosts.values()) {
    rows.push({
      hostId: r.hostId,
      hostname: r.hostname,
      status: r.status,
      suspected: s.suspicions.has(r.hostId),
      placement: r.placement,
      ringId: s.rings.ringOf(r.hostId) ?? null,
      representative: s.rings.isRepresentative(r.hostId),
      address: formatAddress(primaryAddress(r)),
      lastSeenWallMs: r.lastSeenWallMs,
      statusSinceWallMs: r.statusSinceWallMs,
      deadReason: r.deadReason,
      lateCount: r.lateCount,
    });
  }
  return rows.sort((x, y) => (x.hostId < y.hostId ? -1 : x.hostId > y.hostId ? 1 : 0));
}

/** One row per ring (local rings sorted, then the top ring). O(members). */
export function ringsView(s: CoreState): RingView[] {
  return s.rings.ringIds().map((ringId) => ({
    ringId,
    members: s.rings.members(ringId),
    edges: s.rings.edgesOf(ringId).length,
    timing: s.rings.timingOf(ringId, s.cfg.timing),
  }));
}
