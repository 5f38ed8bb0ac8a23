/**
 * One ring as a doubly-linked cycle kept in a Map (id → {prev, next, position}): O(1) insert at the tail and O(1)
 * removal anywhere, at any size. No arrays are spliced.
 *
 * Order: members are ordered by `position`, starting at `head` (the lowest position); `tail` (head.prev) is the
 * highest. New members always go in at the tail with a position above every other, so walking `next` from the
 * head visits positions in increasing order and the stored positions alone rebuild the same cycle.
 *
 * Heartbeat edges: u–v is an edge iff u ≠ v and one is the other's `next`. A ring of 1 has none (u.next = u),
 * a ring of 2 has one (each is the other's next and prev), a ring of n ≥ 3 has n.
 */
import type { HostId } from '../../protocol/messages.ts';
import { RingError } from './errors.ts';
import type { RingId } from './types.ts';

interface CycleLink {
  prev: HostId;
  next: HostId;
  readonly position: number;
}

/** A ring's members in cycle order. Mutated only by the plan functions (via plan-builder.ts). */
export class Cycle {
  /** The ring this cycle is. */
  readonly id: RingId;
  /** Members of this ring; bounded by the number of monitored hosts. */
  readonly #links = new Map<HostId, CycleLink>();
  #head: HostId | undefined = undefined;
  #nextPosition = 0;

  constructor(id: RingId) {
    this.id = id;
  }

  /** Number of members. */
  get size(): number {
    return this.#links.size;
  }

  /** The member with the lowest position, undefined when empty. */
  get head(): HostId | undefined {
    return this.#head;
  }

  /** The member with the highest position (where the next member goes after), undefined when empty. */
  get tail(): HostId | undefined {
    return this.#head === undefined ? undefined : this.#link(this.#head).prev;
  }

  /** The position the next tail insertion gets by default (above every position ever used here). */
  get nextPosition(): number {
    return this.#nextPosition;
  }

  /** True when `id` is a member. */
  has(id: HostId): boolean {
    return this.#links.has(id);
  }

  /** The member after `id` (itself in a ring of one). Throws RING_UNKNOWN_HOST for a non-member. */
  next(id: HostId): HostId {
    return this.#link(id).next;
  }

  /** The member before `id` (itself in a ring of one). Throws RING_UNKNOWN_HOST for a non-member. */
  prev(id: HostId): HostId {
    return this.#link(id).prev;
  }

  /** The stored position of `id`. Throws RING_UNKNOWN_HOST for a non-member. */
  position(id: HostId): number {
    return this.#link(id).position;
  }

  /**
   * Inserts `id` after the tail (before the head). `position` defaults to nextPosition and must not be below it
   * (rebuild passes stored positions in increasing order). Returns the position used. O(1).
   */
  insertAtTail(id: HostId, position: number = this.#nextPosition): number {
    if (this.#links.has(id)) throw new RingError('RING_DUPLICATE_HOST', `${id} is already in ring ${this.id}`, { hostId: id, ringId: this.id });
    if (!Number.isSafeInteger(position) || position < this.#nextPosition) {
      throw new RingError('RING_BAD_RECORD', `position ${position} of ${id} is not above ${this.#nextPosition - 1} in ring ${this.id}`, { hostId: id, ringId: this.id, position });
    }
    const head = this.#head;
    if (head === undefined) {
      this.#links.set(id, { prev: id, next: id, position });
      this.#head = id;
    } else {
      const headLink = this.#link(head);
      const tail = headLink.prev;
      this.#links.set(id, { prev: tail, next: head, position });
      this.#link(tail).next = id;
      headLink.prev = id;
    }
    this.#nextPosition = position + 1;
    return position;
  }

  /** Removes `id`, linking its prev and next to each other. O(1). Throws RING_UNKNOWN_HOST for a non-member. */
  remove(id: HostId): void {
    const link = this.#link(id);
    if (link.next === id) {
      this.#head = undefined;
    } else {
      this.#link(link.prev).next = link.next;
      this.#link(link.next).prev = link.prev;
      if (this.#head === id) this.#head = link.next;
    }
    this.#links.delete(id);
  }

  /** True when u–v is a heartbeat edge of this ring. */
  hasEdge(u: HostId, v: HostId): boolean {
    if (u === v) return false;
    const lu = this.#links.get(u);
    return lu !== undefined && this.#links.has(v) && (lu.next === v || lu.prev === v);
  }

  /** The distinct heartbeat peers of `id` (0, 1 or 2 hosts); empty for a non-member. */
  peers(id: HostId): HostId[] {
    const link = this.#links.get(id);
    if (link === undefined || link.next === id) return [];
    return link.prev === link.next ? [link.next] : [link.prev, link.next];
  }

  /** The first `count` members from the head, in order. O(count). */
  first(count: number): HostId[] {
    const out: HostId[] = [];
    let at = this.#head;
    while (at !== undefined && out.length < Math.min(count, this.#links.size)) {
      out.push(at);
      at = this.#link(at).next;
    }
    return out;
  }

  /** Members in order from the head. O(n). */
  *members(): Generator<HostId, void, undefined> {
    const head = this.#head;
    if (head === undefined) return;
    let at = head;
    for (let i = 0; i < this.#links.size; i++) {
      yield at;
      at = this.#link(at).next;
    }
  }

  /** Members in Map order (not cycle order): what an invariant check uses to catch a broken cycle. */
  rawMembers(): IterableIterator<HostId> {
    return this.#links.keys();
  }

  #link(id: HostId): CycleLink {
    const link = this.#links.get(id);
    if (link === undefined) throw new RingError('RING_UNKNOWN_HOST', `${id} is not in ring ${this.id}`, { hostId: id, ringId: this.id });
    return link;
  }
}
