/**
 * Ground truth of responsiveness, kept beside what the CMA concludes: a host is down from the instant it is
 * killed, its switch dies, its rack is cut off from the CMA, or it is SIGSTOPped, until that stops. Each `host-dead`
 * the CMA stores is classified against it: a detection (with its latency), a death of a stalled or rebooting
 * host, a stale verdict (the host came back moments before), or a false death.
 */
import { hostnameOf } from '../world/identity.ts';
import type { World } from '../world/world.ts';
import { PROC_RUNNING, type HostTable } from './host-table.ts';
import { DOWN_KILLED, DOWN_NONE, DOWN_PARTITION, DOWN_STALLED, DOWN_SWITCH, type Metrics } from './metrics.ts';
import { CMA_HOST, type SimNetwork } from './sim-network.ts';

/** A host down this long (killed or cut off) without a death declared is a missed detection. */
export const MISSED_AFTER_MS = 15_000;

const isDetectable = (cause: number | undefined): boolean => cause === DOWN_KILLED || cause === DOWN_SWITCH || cause === DOWN_PARTITION;

export class GroundTruth {
  readonly #world: World;
  readonly #t: HostTable;
  readonly #net: SimNetwork;
  readonly #m: Metrics;
  readonly #staleWindowMs: number;

  /** @param staleWindowMs a death within this long after the host became responsive again is "stale", not false. */
  constructor(world: World, hosts: HostTable, net: SimNetwork, metrics: Metrics, staleWindowMs: number) {
    this.#world = world;
    this.#t = hosts;
    this.#net = net;
    this.#m = metrics;
    this.#staleWindowMs = staleWindowMs;
  }

  /** Why host `h` is unresponsive at `now` (DOWN_*), DOWN_NONE when it is fine. */
  causeOf(h: number, now: number): number {
    const t = this.#t;
    if (t.proc[h] !== PROC_RUNNING) return t.offCause[h] ?? DOWN_KILLED;
    if (this.#net.isSwitchDead(this.#world.hostSwitch[h] ?? 0)) return DOWN_SWITCH;
    if (!this.#net.reachable(h, CMA_HOST)) return DOWN_PARTITION;
    if ((t.stallUntil[h] ?? 0) > now) return DOWN_STALLED;
    return DOWN_NONE;
  }

  /** Re-evaluates host `h` after anything about it changed: opens or closes its down episode. */
  refresh(h: number, now: number): void {
    const t = this.#t;
    const cause = this.causeOf(h, now);
    const down = !Number.isNaN(t.downSince[h] ?? Number.NaN);
    if (cause === DOWN_NONE && down) {
      this.closeEpisode(h, now);
      t.upSince[h] = now;
    } else if (cause !== DOWN_NONE && !down && (t.proc[h] === PROC_RUNNING || t.offCause[h] !== 0)) {
      t.downSince[h] = now;
      t.downCause[h] = cause;
      t.detected[h] = 0;
    }
  }

  /** Ends host `h`'s down episode (if any), counting a missed detection. */
  closeEpisode(h: number, now: number): void {
    const t = this.#t;
    const since = t.downSince[h] ?? Number.NaN;
    if (Number.isNaN(since)) return;
    if (t.detected[h] === 0 && now - since >= MISSED_AFTER_MS && isDetectable(t.downCause[h])) this.#m.missedDetections++;
    t.downSince[h] = Number.NaN;
  }

  /** Classifies the CMA's `host-dead` for host `h` at `now`; `why` is its rule, for false-death examples. */
  declaredDead(h: number, now: number, why: string): void {
    if (h < 0) return;
    const t = this.#t;
    const m = this.#m;
    const since = t.downSince[h] ?? Number.NaN;
    if (!Number.isNaN(since)) {
      if (t.detected[h] === 1) return;
      t.detected[h] = 1;
      if (isDetectable(t.downCause[h])) {
        m.trueDeaths++;
        m.detectionMs.push(now - since);
      } else {
        m.otherDownDeaths++;
      }
      return;
    }
    if (now - (t.upSince[h] ?? 0) < this.#staleWindowMs) m.staleDeaths++;
    else m.falseDeath(`${hostnameOf(this.#world, h)} at ${(now / 1000).toFixed(1)} s (${why})`);
  }
}
