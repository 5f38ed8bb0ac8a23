/**
 * A binary min-heap of timed entries keyed by (atMs, seq): the single event queue behind `ManualScheduler` and
 * the simulator. `seq` is the insertion order, so entries due at the same time come out first-in first-out and a
 * run is deterministic. Removal is lazy: callers mark their values dead and skip them when they surface.
 */

/** One queued entry. `seq` is assigned by the heap at `push` and only ever grows. */
export interface HeapEntry<T> {
  readonly atMs: number;
  readonly seq: number;
  readonly value: T;
}

/** Min-heap ordered by `atMs`, ties broken by insertion order. Bounded only by what callers push. */
export class EventHeap<T> {
  /** Implicit binary tree: children of i are 2i+1 and 2i+2. */
  readonly #entries: HeapEntry<T>[] = [];
  #nextSeq = 0;

  /** Number of entries, dead ones included. */
  get size(): number {
    return this.#entries.length;
  }

  /** Adds `value` due at `atMs` and returns its entry. */
  push(atMs: number, value: T): HeapEntry<T> {
    if (Number.isNaN(atMs)) throw new RangeError('EventHeap.push: atMs is NaN');
    const entry: HeapEntry<T> = { atMs, seq: this.#nextSeq++, value };
    this.#entries.push(entry);
    this.#siftUp(this.#entries.length - 1);
    return entry;
  }

  /** The earliest entry, without removing it. */
  peek(): HeapEntry<T> | undefined {
    return this.#entries[0];
  }

  /** Removes and returns the earliest entry. */
  pop(): HeapEntry<T> | undefined {
    const entries = this.#entries;
    const top = entries[0];
    const last = entries.pop();
    if (top === undefined || last === undefined) return undefined;
    if (entries.length > 0) {
      entries[0] = last;
      this.#siftDown(0);
    }
    return top;
  }

  /** Drops every entry. */
  clear(): void {
    this.#entries.length = 0;
  }

  #siftUp(start: number): void {
    const entries = this.#entries;
    const entry = entries[start];
    if (entry === undefined) return;
    let i = start;
    while (i > 0) {
      const parentIndex = (i - 1) >> 1;
      const parent = entries[parentIndex];
      if (parent === undefined || !before(entry, parent)) break;
      entries[i] = parent;
      i = parentIndex;
    }
    entries[i] = entry;
  }

  #siftDown(start: number): void {
    const entries = this.#entries;
    const entry = entries[start];
    if (entry === undefined) return;
    const n = entries.length;
    let i = start;
    for (;;) {
      const leftIndex = 2 * i + 1;
      if (leftIndex >= n) break;
      const left = entries[leftIndex];
      const right = entries[leftIndex + 1];
      if (left === undefined) break;
      let childIndex = leftIndex;
      let child = left;
      if (right !== undefined && before(right, left)) {
        childIndex = leftIndex + 1;
        child = right;
      }
      if (!before(child, entry)) break;
      entries[i] = child;
      i = childIndex;
    }
    entries[i] = entry;
  }
}

function before<T>(a: HeapEntry<T>, b: HeapEntry<T>): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
}
