/**
 * SimNetwork: the simulator's datagram fabric, reduced to arithmetic (no emitter, timer or socket per host):
 * latency drawn by distance (same switch, same datacentre, across datacentres) with a rare long tail, loss (a
 * base rate plus the loss faults in force), dead switches (everything to or from their hosts is dropped) and
 * partitions (groups of switches that only reach each other; the CMA stays in group 0). Host −1 is the CMA,
 * which sits on its own switch in datacentre 0.
 */
import type { Rng } from '../../runtime/index.ts';
import type { World } from '../world/world.ts';

/** Latency and loss of the fabric. */
export interface NetworkParams {
  /** One-way latency between hosts on one switch, uniform in [min, max] ms. */
  readonly sameSwitchMs: readonly [number, number];
  /** One-way latency between switches of one datacentre (and to the CMA from datacentre 0). */
  readonly sameDcMs: readonly [number, number];
  /** One-way latency across datacentres. */
  readonly crossDcMs: readonly [number, number];
  /** Probability that a datagram takes the long tail (queueing, a busy host). */
  readonly tailRate: number;
  /** The tail multiplies the latency by a factor uniform in [min, max]. */
  readonly tailFactor: readonly [number, number];
  /** Base probability that a datagram is lost. */
  readonly lossRate: number;
}

export const DEFAULT_NETWORK_PARAMS: NetworkParams = Object.freeze({
  sameSwitchMs: Object.freeze([0.05, 0.3] as const),
  sameDcMs: Object.freeze([0.2, 1] as const),
  crossDcMs: Object.freeze([10, 40] as const),
  tailRate: 0.01,
  tailFactor: Object.freeze([2, 20] as const),
  lossRate: 0,
});

/** The CMA's pseudo host index. */
export const CMA_HOST = -1;

/** Counters of the fabric (they only grow). */
export interface NetworkStats {
  sent: number;
  lost: number;
  /** Dropped by a dead switch or a partition. */
  blocked: number;
}

export class SimNetwork {
  readonly stats: NetworkStats = { sent: 0, lost: 0, blocked: 0 };
  readonly #world: World;
  readonly #p: NetworkParams;
  readonly #rng: Rng;
  /** 1 for a dead switch. */
  readonly #dead: Uint8Array;
  /** Partition group of each switch (0 = with the CMA). */
  readonly #group: Uint16Array;
  /** Extra loss from the loss faults in force (summed). */
  #extraLoss = 0;

  constructor(world: World, params: NetworkParams, rng: Rng) {
    this.#world = world;
    this.#p = params;
    this.#rng = rng;
    this.#dead = new Uint8Array(world.switchCount);
    this.#group = new Uint16Array(world.switchCount);
  }

  /** Current loss probability. */
  get lossRate(): number {
    return Math.min(1, this.#p.lossRate + this.#extraLoss);
  }

  addLoss(rate: number): void {
    this.#extraLoss += rate;
  }

  setSwitchDead(sw: number, dead: boolean): void {
    this.#dead[sw] = dead ? 1 : 0;
  }

  isSwitchDead(sw: number): boolean {
    return this.#dead[sw] === 1;
  }

  setSwitchGroup(sw: number, group: number): void {
    this.#group[sw] = group;
  }

  /** True when nothing between `a` and `b` (host indices, CMA_HOST for the CMA) drops their traffic. */
  reachable(a: number, b: number): boolean {
    const hs = this.#world.hostSwitch;
    let ga = 0;
    let gb = 0;
    if (a !== CMA_HOST) {
      const sa = hs[a] ?? 0;
      if (this.#dead[sa] === 1) return false;
      ga = this.#group[sa] ?? 0;
    }
    if (b !== CMA_HOST) {
      const sb = hs[b] ?? 0;
      if (this.#dead[sb] === 1) return false;
      gb = this.#group[sb] ?? 0;
    }
    return ga === gb;
  }

  /** One-way latency from `a` to `b`, ms. */
  latency(a: number, b: number): number {
    const w = this.#world;
    const sa = a === CMA_HOST ? -1 : (w.hostSwitch[a] ?? 0);
    const sb = b === CMA_HOST ? -1 : (w.hostSwitch[b] ?? 0);
    const da = sa < 0 ? 0 : (w.switchDc[sa] ?? 0);
    const db = sb < 0 ? 0 : (w.switchDc[sb] ?? 0);
    const [min, max] = sa === sb ? this.#p.sameSwitchMs : da === db ? this.#p.sameDcMs : this.#p.crossDcMs;
    let ms = min + (max - min) * this.#rng.next();
    if (this.#p.tailRate > 0 && this.#rng.next() < this.#p.tailRate) {
      const [fmin, fmax] = this.#p.tailFactor;
      ms *= fmin + (fmax - fmin) * this.#rng.next();
    }
    return ms;
  }

  /**
   * Decides the fate of one datagram from `a` to `b`: its one-way latency, or -1 when it is dropped (blocked or
   * lost). Counts it.
   */
  transmit(a: number, b: number): number {
    this.stats.sent++;
    if (!this.reachable(a, b)) {
      this.stats.blocked++;
      return -1;
    }
    const loss = this.lossRate;
    if (loss > 0 && this.#rng.next() < loss) {
      this.stats.lost++;
      return -1;
    }
    return this.latency(a, b);
  }
}
