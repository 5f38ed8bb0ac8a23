/**
 * Placement changes (DESIGN §5): LLDP names the switch a host is wired to, and the host moves to ring
 * `switch:<chassisId>`. planMove starts the new ring's edges before it stops the old ones, so the host is
 * watched throughout (no detection gap).
 */
import type { HostId } from '../../protocol/index.ts';
import { isPlacement, planMove } from '../ring/index.ts';
import { applyPlan } from './ring-effects.ts';
import type { Step } from './step.ts';

/** Records the host's new placement and moves it between rings if it is in one; a no-op when unchanged. */
export function placeHost(step: Step, hostId: HostId, placement: string): void {
  const state = step.s.hosts.get(hostId);
  if (state === undefined || !isPlacement(placement)) {
    step.log('warn', 'placement for an unknown host or a bad key ignored', { hostId, placement });
    return;
  }
  if (state.record.placement === placement) return;
  const from = state.record.placement;
  step.update(state, { placement });
  step.event('host-move', hostId, placement, { from });
  if (step.s.rings.has(hostId)) applyPlan(step, planMove(step.s.rings, hostId, placement));
  step.log('info', 'host moved', { hostId, from, to: placement });
}
