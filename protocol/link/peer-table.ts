import { deriveLinkKeys, hostIdOf, keyIdHexOf, type KeyPair } from '../keys.ts';
import { ReplayWindow } from '../replay-window.ts';

/** What a link knows about one remote key: its identity, the derived link keys and its replay window. */
export interface PeerEntry {
  readonly hostId: string;
  readonly keyIdHex: string;
  readonly publicKey: Uint8Array;
  readonly sendKey: Uint8Array;
  readonly recvKey: Uint8Array;
  readonly window: ReplayWindow;
  /** Added on purpose (CMA key, ring peers): never evicted. Learned entries are evicted least recently used. */
  pinned: boolean;
}

/**
 * Remote keys by key id (the datagram header's lookup) and by host id (the application's). Bounded: at most
 * `maxEntries`; when full, the least recently used unpinned entry goes (a Map's insertion order, refreshed on use).
 */
export class PeerTable {
  readonly #own: KeyPair;
  readonly #maxEntries: number;
  /** keyIdHex → entry; bounded by maxEntries; iteration order = least recently used first. */
  readonly #byKeyId = new Map<string, PeerEntry>();
  /** hostId → keyIdHex; same size as #byKeyId. */
  readonly #byHostId = new Map<string, string>();

  constructor(own: KeyPair, maxEntries: number) {
    this.#own = own;
    this.#maxEntries = maxEntries;
  }

  get size(): number {
    return this.#byKeyId.size;
  }

  /** The entry for a header key id, refreshed as recently used. */
  byKeyId(keyIdHex: string): PeerEntry | undefined {
    const entry = this.#byKeyId.get(keyIdHex);
    if (entry !== undefined && !entry.pinned) {
      this.#byKeyId.delete(keyIdHex);
      this.#byKeyId.set(keyIdHex, entry);
    }
    return entry;
  }

  byHostId(hostId: string): PeerEntry | undefined {
    const keyIdHex = this.#byHostId.get(hostId);
    return keyIdHex === undefined ? undefined : this.#byKeyId.get(keyIdHex);
  }

  /** Derives the link keys for `publicKey` without storing them (X25519 + HKDF: the expensive step). */
  derive(publicKey: Uint8Array, pinned: boolean): PeerEntry {
    const keys = deriveLinkKeys(this.#own.privateKey, this.#own.publicKey, publicKey);
    return {
      hostId: hostIdOf(publicKey),
      keyIdHex: keyIdHexOf(publicKey),
      publicKey: Uint8Array.from(publicKey),
      sendKey: keys.sendKey,
      recvKey: keys.recvKey,
      window: new ReplayWindow(),
      pinned,
    };
  }

  /** Stores an entry (replacing one with the same key id), evicting the least recently used unpinned one if full. */
  insert(entry: PeerEntry): PeerEntry {
    const existing = this.#byKeyId.get(entry.keyIdHex);
    if (existing !== undefined) {
      existing.pinned ||= entry.pinned;
      return existing;
    }
    if (this.#byKeyId.size >= this.#maxEntries) this.#evictOne();
    this.#byKeyId.set(entry.keyIdHex, entry);
    this.#byHostId.set(entry.hostId, entry.keyIdHex);
    return entry;
  }

  /** Unpins a host's entry (it stays cached until evicted, so in-flight datagrams still open). */
  unpin(hostId: string): void {
    const entry = this.byHostId(hostId);
    if (entry !== undefined) entry.pinned = false;
  }

  #evictOne(): void {
    for (const [keyIdHex, entry] of this.#byKeyId) {
      if (entry.pinned) continue;
      this.#byKeyId.delete(keyIdHex);
      this.#byHostId.delete(entry.hostId);
      return;
    }
  }
}
