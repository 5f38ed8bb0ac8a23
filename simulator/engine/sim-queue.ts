/**
 * The simulator's one event queue, keyed by (time, seq): `seq` is the push order, so events due at the same time
 * run first-in first-out and a run is a deterministic function of its inputs.
 *
 * A calendar queue (R. Brown, CACM 1988) in front of binary heaps. At 1M hosts some 4M events are pending; one
 * heap of them costs ~22 levels of cache misses per push and per pop, which made the queue, not the cores, the
 * bottleneck. Here almost every event is due within a minute and lands in a bucket of one virtual millisecond
 * (a singly linked list of pooled slots: an O(1) append); when the clock reaches a bucket, its events move into
 * a small heap of the current millisecond (a few thousand events, in cache) that orders them exactly by
 * (time, seq). Events due beyond the calendar's window wait in a far heap and move in when their millisecond
 * comes. The pop order is exactly that of a single heap over (time, seq): the event-log hashes are unchanged.
 */
import { grownCopy, SimHeap, type SimEvent } from './sim-heap.ts';

export type { SimEvent } from './sim-heap.ts';

/** Buckets of 1 ms: the calendar covers this many virtual ms ahead of the current one. */
const WINDOW_MS = 1 << 16;
const MASK = WINDOW_MS - 1;
const NIL = -1;

/** Events pooled in the calendar's buckets, as parallel arrays; `next` links a bucket's list and the free list. */
class SlotPool {
  time = new Float64Array(1024);
  seq = new Float64Array(1024);
  kind = new Uint8Array(1024);
  host = new Int32Array(1024);
  aux = new Int32Array(1024);
  next = new Int32Array(1024).fill(NIL);
  payload: unknown[] = new Array<unknown>(1024);
  #free = NIL;
  #used = 0;

  /** A free slot (recently freed first: still in cache). */
  take(): number {
    const f = this.#free;
    if (f !== NIL) {
      this.#free = this.next[f] ?? NIL;
      return f;
    }
    if (this.#used === this.time.length) this.#grow();
    return this.#used++;
  }

  release(i: number): void {
    this.payload[i] = undefined;
    this.next[i] = this.#free;
    this.#free = i;
  }

  #grow(): void {
    const n = this.time.length * 2;
    const grow = <A extends Float64Array | Uint8Array | Int32Array>(old: A, make: (n: number) => A): A => grownCopy(old, n, make);
    this.time = grow(this.time, (k) => new Float64Array(k));
    this.seq = grow(this.seq, (k) => new Float64Array(k));
    this.kind = grow(this.kind, (k) => new Uint8Array(k));
    this.host = grow(this.host, (k) => new Int32Array(k));
    this.aux = grow(this.aux, (k) => new Int32Array(k));
    this.next = grow(this.next, (k) => new Int32Array(k));
    this.payload.length = n;
  }
}

/** Min-queue of events by (atMs, seq). Memory grows with the events in flight (≈ 45 bytes each). */
export class SimQueue {
  /** Events of the current millisecond (and any pushed into the past), exactly ordered. */
  readonly #now = new SimHeap();
  /** Events due at or after `#cur + WINDOW_MS` when they were pushed. */
  readonly #far = new SimHeap();
  readonly #pool = new SlotPool();
  /** Head slot of each bucket's list (NIL = empty); bucket of millisecond m is `m & MASK`. */
  readonly #heads = new Int32Array(WINDOW_MS).fill(NIL);
  /** Events in the buckets. */
  #inBuckets = 0;
  /** The current millisecond: every bucket up to it has moved into `#now`. */
  #cur = 0;
  #nextSeq = 0;

  get size(): number {
    return this.#now.size + this.#inBuckets + this.#far.size;
  }

  /** Events pushed so far (the next seq). */
  get pushed(): number {
    return this.#nextSeq;
  }

  /** Time of the earliest event, Infinity when empty. */
  peekTime(): number {
    return this.#fill() ? this.#now.peekTime() : Infinity;
  }

  push(atMs: number, kind: number, host: number, aux: number, payload: unknown): void {
    if (Number.isNaN(atMs)) throw new RangeError('SimQueue.push: atMs is NaN');
    const seq = this.#nextSeq++;
    const ms = Math.floor(atMs);
    if (ms <= this.#cur) {
      this.#now.push(atMs, seq, kind, host, aux, payload);
    } else if (ms - this.#cur < WINDOW_MS) {
      const p = this.#pool;
      const i = p.take();
      p.time[i] = atMs;
      p.seq[i] = seq;
      p.kind[i] = kind;
      p.host[i] = host;
      p.aux[i] = aux;
      p.payload[i] = payload;
      const b = ms & MASK;
      p.next[i] = this.#heads[b] ?? NIL;
      this.#heads[b] = i;
      this.#inBuckets++;
    } else {
      this.#far.push(atMs, seq, kind, host, aux, payload);
    }
  }

  /** Removes the earliest event into `out`; false when empty. */
  pop(out: SimEvent): boolean {
    return this.#fill() && this.#now.pop(out);
  }

  /** Advances the current millisecond until `#now` holds something; false when the queue is empty. */
  #fill(): boolean {
    const far = this.#far;
    while (this.#now.size === 0) {
      if (this.#inBuckets === 0) {
        if (far.size === 0) return false;
        // Nothing in the calendar: jump straight to the far heap's first millisecond.
        this.#cur = Math.max(this.#cur + 1, Math.floor(far.peekTime()));
      } else {
        this.#cur++;
      }
      this.#drain(this.#cur & MASK);
      const end = this.#cur + 1;
      while (far.size > 0 && far.peekTime() < end) this.#moveFar();
    }
    return true;
  }

  #drain(b: number): void {
    const p = this.#pool;
    let i = this.#heads[b] ?? NIL;
    this.#heads[b] = NIL;
    while (i !== NIL) {
      const next = p.next[i] ?? NIL;
      this.#now.push(p.time[i] ?? 0, p.seq[i] ?? 0, p.kind[i] ?? 0, p.host[i] ?? 0, p.aux[i] ?? 0, p.payload[i]);
      p.release(i);
      this.#inBuckets--;
      i = next;
    }
  }

  readonly #moving: SimEvent = { atMs: 0, seq: 0, kind: 0, host: 0, aux: 0, payload: undefined };

  #moveFar(): void {
    const e = this.#moving;
    this.#far.pop(e);
    this.#now.push(e.atMs, e.seq, e.kind, e.host, e.aux, e.payload);
    e.payload = undefined;
  }
}
