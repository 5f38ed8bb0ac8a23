/**
 * What the CMA asked this nanoprobe to discover and monitor. The core only records the plan and hands the whole
 * of it to the shell on every change; running discovery and monitors is the shell's job.
 */
import type { DiscoveryTask, MonitorTask } from './effects.ts';

/** A keyed plan, bounded by `max` entries; upserts keep first-insertion order. */
export class PlanTable<T> {
  /** key → task; bounded by `max` (new keys beyond it are refused). */
  readonly #items = new Map<string, T>();
  readonly #max: number;

  constructor(max: number) {
    this.#max = max;
  }

  get size(): number {
    return this.#items.size;
  }

  /** Adds or replaces `key`. Returns false (and changes nothing) when the plan is full and `key` is new. */
  upsert(key: string, item: T): boolean {
    if (!this.#items.has(key) && this.#items.size >= this.#max) return false;
    this.#items.set(key, item);
    return true;
  }

  /** The task under `key`, if any. */
  get(key: string): T | undefined {
    return this.#items.get(key);
  }

  /** Removes `key`; true when it was there. */
  remove(key: string): boolean {
    return this.#items.delete(key);
  }

  /** A frozen snapshot of the plan. */
  snapshot(): readonly T[] {
    return Object.freeze([...this.#items.values()]);
  }
}

/** Discovery plan keyed by kind. */
export type DiscoveryPlan = PlanTable<DiscoveryTask>;
/** Monitor plan keyed by monitor id. */
export type MonitorPlan = PlanTable<MonitorTask>;
