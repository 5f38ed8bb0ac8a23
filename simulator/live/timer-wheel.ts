/**
 * The one timer structure of a live-mode shard: a hashed timer wheel over host indices (no timer per host).
 * `arm(h, atMs)` replaces host h's wake-up; `advance(nowMs, fire)` fires every host whose wake-up is due. Removal
 * is lazy: an entry whose time is no longer its host's current wake-up is skipped when its slot comes round, and a
 * time beyond one turn of the wheel stays in its slot for the later turns. A host fires at most one tick late.
 */
export class TimerWheel {
  readonly #tickMs: number;
  readonly #mask: number;
  #hosts: number[][];
  #times: number[][];
  /** The last tick processed by `advance`. */
  #cursor: number;
  /** Host index → its current wake-up (Infinity: none). */
  readonly #wakeAt: Float64Array;

  constructor(capacity: number, nowMs: number, tickMs = 4, slotsLog2 = 10) {
    this.#tickMs = tickMs;
    const slots = 1 << slotsLog2;
    this.#mask = slots - 1;
    this.#hosts = Array.from({ length: slots }, () => []);
    this.#times = Array.from({ length: slots }, () => []);
    this.#cursor = Math.floor(nowMs / tickMs);
    this.#wakeAt = new Float64Array(capacity).fill(Infinity);
  }

  get tickMs(): number {
    return this.#tickMs;
  }

  /** Host h's current wake-up, Infinity when none. */
  wakeAt(h: number): number {
    return this.#wakeAt[h] ?? Infinity;
  }

  /** Sets host h's wake-up (undefined: none). A time already past fires on the next tick. */
  arm(h: number, atMs: number | undefined): void {
    const t = atMs ?? Infinity;
    if (t === this.#wakeAt[h]) return;
    this.#wakeAt[h] = t;
    if (t === Infinity) return;
    const tick = Math.max(Math.floor(t / this.#tickMs), this.#cursor + 1);
    const slot = tick & this.#mask;
    this.#hosts[slot]?.push(h);
    this.#times[slot]?.push(t);
  }

  /** Fires (in slot order) every host whose wake-up is ≤ the tick of `nowMs`; returns how many fired. */
  advance(nowMs: number, fire: (h: number) => void): number {
    const nowTick = Math.floor(nowMs / this.#tickMs);
    let fired = 0;
    while (this.#cursor < nowTick) {
      const tick = ++this.#cursor;
      const slot = tick & this.#mask;
      const hosts = this.#hosts[slot] ?? [];
      const times = this.#times[slot] ?? [];
      if (hosts.length === 0) continue;
      const keepH: number[] = [];
      const keepT: number[] = [];
      this.#hosts[slot] = keepH;
      this.#times[slot] = keepT;
      for (let k = 0; k < hosts.length; k++) {
        const h = hosts[k] ?? 0;
        const t = times[k] ?? Infinity;
        if (this.#wakeAt[h] !== t) continue;
        if (Math.floor(t / this.#tickMs) > tick) {
          keepH.push(h);
          keepT.push(t);
          continue;
        }
        this.#wakeAt[h] = Infinity;
        fired++;
        fire(h);
      }
    }
    return fired;
  }
}
