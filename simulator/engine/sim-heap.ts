/**
 * A binary min-heap of simulator events keyed by (time, seq), like runtime/event-heap.ts, but stored as parallel
 * typed arrays (struct of arrays): no wrapper object per event. `seq` is given by the caller (the push order of
 * the calendar queue in sim-queue.ts, which keeps two of these: the current millisecond and the far future).
 */

/** What an event carries besides its time: a kind, a host index, an auxiliary integer and an optional object. */
export interface SimEvent {
  atMs: number;
  /** Push order: events due at the same time run first-in first-out. */
  seq: number;
  kind: number;
  host: number;
  aux: number;
  payload: unknown;
}

/** A copy of typed array `old` in a new one of length `n` (the struct-of-arrays buffers grow by doubling). */
export function grownCopy<A extends Float64Array | Uint8Array | Int32Array>(old: A, n: number, make: (n: number) => A): A {
  const a = make(n);
  a.set(old);
  return a;
}

/** Min-heap of events by (atMs, seq). Grows by doubling; bounded by what the engine has in flight. */
export class SimHeap {
  #time = new Float64Array(1024);
  #seq = new Float64Array(1024);
  #kind = new Uint8Array(1024);
  #host = new Int32Array(1024);
  #aux = new Int32Array(1024);
  #payload: unknown[] = new Array<unknown>(1024);
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Time of the earliest event, Infinity when empty. */
  peekTime(): number {
    return this.#size === 0 ? Infinity : (this.#time[0] ?? Infinity);
  }

  push(atMs: number, seq: number, kind: number, host: number, aux: number, payload: unknown): void {
    if (this.#size === this.#time.length) this.#grow();
    let i = this.#size++;
    const time = this.#time;
    const seqs = this.#seq;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = time[p] ?? 0;
      if (pt < atMs || (pt === atMs && (seqs[p] ?? 0) < seq)) break;
      this.#move(p, i);
      i = p;
    }
    this.#set(i, atMs, seq, kind, host, aux, payload);
  }

  /** Removes the earliest event into `out`; false when empty. */
  pop(out: SimEvent): boolean {
    const n = this.#size;
    if (n === 0) return false;
    out.atMs = this.#time[0] ?? 0;
    out.seq = this.#seq[0] ?? 0;
    out.kind = this.#kind[0] ?? 0;
    out.host = this.#host[0] ?? 0;
    out.aux = this.#aux[0] ?? 0;
    out.payload = this.#payload[0];
    const last = n - 1;
    this.#size = last;
    if (last === 0) {
      this.#payload[0] = undefined;
      return true;
    }
    const t = this.#time[last] ?? 0;
    const s = this.#seq[last] ?? 0;
    const k = this.#kind[last] ?? 0;
    const h = this.#host[last] ?? 0;
    const a = this.#aux[last] ?? 0;
    const pl = this.#payload[last];
    this.#payload[last] = undefined;
    const time = this.#time;
    const seqs = this.#seq;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= last) break;
      const r = l + 1;
      let c = l;
      if (r < last) {
        const lt = time[l] ?? 0;
        const rt = time[r] ?? 0;
        if (rt < lt || (rt === lt && (seqs[r] ?? 0) < (seqs[l] ?? 0))) c = r;
      }
      const ct = time[c] ?? 0;
      if (ct > t || (ct === t && (seqs[c] ?? 0) > s)) break;
      this.#move(c, i);
      i = c;
    }
    this.#set(i, t, s, k, h, a, pl);
    return true;
  }

  #move(from: number, to: number): void {
    this.#time[to] = this.#time[from] ?? 0;
    this.#seq[to] = this.#seq[from] ?? 0;
    this.#kind[to] = this.#kind[from] ?? 0;
    this.#host[to] = this.#host[from] ?? 0;
    this.#aux[to] = this.#aux[from] ?? 0;
    this.#payload[to] = this.#payload[from];
  }

  #set(i: number, t: number, s: number, k: number, h: number, a: number, pl: unknown): void {
    this.#time[i] = t;
    this.#seq[i] = s;
    this.#kind[i] = k;
    this.#host[i] = h;
    this.#aux[i] = a;
    this.#payload[i] = pl;
  }

  #grow(): void {
    const n = this.#time.length * 2;
    const grow = <A extends Float64Array | Uint8Array | Int32Array>(old: A, make: (n: number) => A): A => grownCopy(old, n, make);
    this.#time = grow(this.#time, (k) => new Float64Array(k));
    this.#seq = grow(this.#seq, (k) => new Float64Array(k));
    this.#kind = grow(this.#kind, (k) => new Uint8Array(k));
    this.#host = grow(this.#host, (k) => new Int32Array(k));
    this.#aux = grow(this.#aux, (k) => new Int32Array(k));
    this.#payload.length = n;
  }
}
