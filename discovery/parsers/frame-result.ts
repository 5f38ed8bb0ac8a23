/** What every frame decoder returns: the decoded value and what it had to overlook to get it. */
export interface FrameResult<T> {
  readonly value: T;
  /** Human-readable notes on malformed or suspicious parts (bounded by {@link MAX_WARNINGS}). */
  readonly warnings: readonly string[];
}

/** Warnings kept per decoded frame; later ones are summarised in one last line. A frame is ≤ 64 KiB anyway. */
export const MAX_WARNINGS = 32;

/** Collects warnings up to {@link MAX_WARNINGS}, then counts the rest. */
export class WarningList {
  readonly #items: string[] = [];
  #dropped = 0;

  /** Records one warning (or counts it once the list is full). */
  add(message: string): void {
    if (this.#items.length < MAX_WARNINGS) this.#items.push(message);
    else this.#dropped++;
  }

  /** Records each warning of another result, with a prefix naming where they came from. */
  addAll(prefix: string, messages: readonly string[]): void {
    for (const m of messages) this.add(`${prefix}${m}`);
  }

  /** The warnings collected so far (plus a summary line if some were dropped). */
  list(): readonly string[] {
    return this.#dropped === 0 ? [...this.#items] : [...this.#items, `${this.#dropped} more warnings not shown`];
  }
}
