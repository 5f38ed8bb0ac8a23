/**
 * `wakeAtMs`: the earliest instant at which a `handle` call would have something to do. Invariant (tested as a
 * property): calling `handle` before it yields no effect that sleeping until it would have lost.
 */
import { nextAlarm, silenceOriginMs } from './deadlines.ts';
import type { CoreState } from './state.ts';

/** Earliest of: each peer's next heartbeat and next unreported alarm, the STARTUP retry, probe deadlines, held martian reports. */
export function computeWakeAtMs(s: CoreState): number | undefined {
  if (s.shuttingDown) return undefined;
  let wake = Infinity;
  if (!s.configured && s.nextStartupMs !== undefined) wake = s.nextStartupMs;
  wake = Math.min(wake, s.probes.earliestDeadlineMs() ?? Infinity);
  wake = Math.min(wake, s.martians.earliestDueMs() ?? Infinity);
  for (const peer of s.peers.values()) {
    wake = Math.min(wake, peer.nextSendMs);
    const origin = silenceOriginMs(peer.lastHeardMs, peer.graceFromMs);
    const alarm = nextAlarm(origin, peer.timing, { late: peer.lateReported, dead: peer.deadReported });
    if (alarm !== undefined) wake = Math.min(wake, alarm.atMs);
  }
  return wake === Infinity ? undefined : wake;
}
