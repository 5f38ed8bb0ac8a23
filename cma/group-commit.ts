/**
 * Group commit for the CMA shell (DESIGN §3, §11 "≥ 1,000 joins/s committed"): while one store transaction is in
 * flight, the batches of the next inputs accumulate and go to the store together as ONE batch (mergeBatches: the
 * same end state as applying them one by one), in one transaction. Everything queued here runs in the order it
 * was queued: a store's `ok` (which ACKs the reports it records) and every effect queued after a store run only
 * once that store committed. A failed group whose error is STORE_BAD_BATCH is retried batch by batch, so one
 * malformed batch does not take its neighbours' commits with it.
 */
import { StoreError, mergeBatches, type GraphStore, type StoreBatch } from './store/index.ts';

/**
 * Default most batches per transaction: on the reference 2-core machine Neo4j's cost per row is flat from a few
 * hundred batches up, so bigger groups add latency (an exception report waits for the group in flight and its own)
 * without adding throughput (bench/store.ts).
 */
export const DEFAULT_MAX_GROUP_BATCHES = 500;

/** Options of a {@link GroupCommitter}. */
export interface GroupCommitterInit {
  /** Most batches merged into one transaction; more wait for the next (default DEFAULT_MAX_GROUP_BATCHES). */
  readonly maxGroupBatches?: number;
}

/** What a group committer calls back. */
export interface GroupCommitterComponents {
  readonly store: GraphStore;
  /** After each transaction settled and its queued work ran (the shell pumps its link then). */
  readonly onSettled?: (info: { batches: number; ok: boolean; ms: number }) => void;
  /** Milliseconds, monotonic (transaction timing only). */
  readonly now: () => number;
  /** A queued callback threw (the rest still runs). */
  readonly onError?: (err: unknown) => void;
}

type Item =
  | { readonly kind: 'store'; readonly batch: StoreBatch; readonly ok: () => void; readonly fail: (err: unknown) => void }
  | { readonly kind: 'run'; readonly work: () => void };

/** Orders store writes and the work that must follow them; merges concurrent writes into one transaction. */
export class GroupCommitter {
  readonly #max: number;
  readonly #c: GroupCommitterComponents;
  /** Items of the transaction in flight (its stores and the work queued between them); bounded by #max stores. */
  #inFlight: Item[] | undefined;
  /** Items queued behind the transaction in flight; its stores are bounded by backpressure (waitForRoom). */
  #waiting: Item[] = [];
  #waitingStores = 0;
  /** Resolvers waiting for the pipeline to drain or make room; bounded by the callers awaiting. */
  #waiters: (() => void)[] = [];
  /** Transactions run (for stats). */
  transactions = 0;

  constructor(init: GroupCommitterInit, components: GroupCommitterComponents) {
    const max = init.maxGroupBatches ?? DEFAULT_MAX_GROUP_BATCHES;
    if (!Number.isSafeInteger(max) || max < 1) throw new RangeError(`maxGroupBatches must be a positive integer, got ${max}`);
    this.#max = max;
    this.#c = components;
  }

  /** Queues a batch; `ok` runs after it committed, `fail` if it did not, each in queue order. */
  store(batch: StoreBatch, ok: () => void, fail: (err: unknown) => void): void {
    const item: Item = { kind: 'store', batch, ok, fail };
    if (this.#inFlight === undefined) {
      this.#submit([item]);
    } else {
      this.#waiting.push(item);
      this.#waitingStores++;
    }
  }

  /** Runs `work` now if nothing is pending, else after everything queued before it. */
  after(work: () => void): void {
    if (this.#inFlight === undefined) work();
    else this.#waiting.push({ kind: 'run', work });
  }

  /** True when no transaction is in flight. */
  get idle(): boolean {
    return this.#inFlight === undefined;
  }

  /** Batches queued behind the transaction in flight. */
  get backlog(): number {
    return this.#waitingStores;
  }

  /** Resolves once the backlog is under one group (backpressure for the shell's input loop). */
  async waitForRoom(): Promise<void> {
    while (this.#waitingStores >= this.#max) await this.#settledOnce();
  }

  /** Resolves when nothing is in flight or queued. */
  async drained(): Promise<void> {
    while (this.#inFlight !== undefined) await this.#settledOnce();
  }

  #call(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.#c.onError?.(err);
    }
  }

  #settledOnce(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  #submit(items: Item[]): void {
    this.#inFlight = items;
    const batches = items.flatMap((i) => (i.kind === 'store' ? [i.batch] : []));
    const startedMs = this.#c.now();
    this.transactions++;
    this.#c.store.apply(mergeBatches(batches)).then(
      () => {
        this.#settle(items, batches.map(() => undefined), startedMs);
      },
      async (err: unknown) => {
        const outcomes = err instanceof StoreError && err.code === 'STORE_BAD_BATCH' && batches.length > 1 ? await this.#oneByOne(batches) : batches.map(() => err);
        this.#settle(items, outcomes, startedMs);
      },
    );
  }

  /** Retries a refused group batch by batch; the error of each one that fails, undefined for the others. */
  async #oneByOne(batches: readonly StoreBatch[]): Promise<unknown[]> {
    const out: unknown[] = [];
    for (const b of batches) {
      this.transactions++;
      out.push(await this.#c.store.apply(b).then(() => undefined, (err: unknown) => err ?? new Error('store failed')));
    }
    return out;
  }

  #settle(items: readonly Item[], outcomes: readonly unknown[], startedMs: number): void {
    let k = 0;
    for (const item of items) {
      if (item.kind === 'run') {
        this.#call(item.work);
        continue;
      }
      const err = outcomes[k++];
      if (err === undefined) this.#call(item.ok);
      else this.#call(() => {
        item.fail(err);
      });
    }
    // Work queued before the next store needs nothing more: run it now; the rest is the next group.
    const next = this.#waiting;
    this.#waiting = [];
    this.#waitingStores = 0;
    let first = next.findIndex((i) => i.kind === 'store');
    if (first === -1) first = next.length;
    this.#inFlight = undefined;
    for (const item of next.slice(0, first)) if (item.kind === 'run') this.#call(item.work);
    const rest = next.slice(first);
    if (rest.length > 0) {
      const stores = rest.filter((i) => i.kind === 'store').length;
      if (stores <= this.#max) {
        this.#submit(rest);
      } else {
        // Cut after the #max-th store; the remainder waits for the next transaction.
        let seen = 0;
        const cut = rest.findIndex((i) => i.kind === 'store' && ++seen > this.#max);
        this.#waiting = rest.slice(cut);
        this.#waitingStores = stores - this.#max;
        this.#submit(rest.slice(0, cut));
      }
    }
    this.#c.onSettled?.({ batches: outcomes.length, ok: outcomes.every((o) => o === undefined), ms: this.#c.now() - startedMs });
    for (const w of this.#waiters.splice(0)) w();
  }
}
