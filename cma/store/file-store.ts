import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RingMemberRecord } from '../ring/index.ts';
import { StoreError } from './errors.ts';
import type { EventRecord, GraphStore, HostRecord, StoreBatch, StoredDiscoveryHash } from './graph-store.ts';
import { MemoryGraphStore } from './memory-store.ts';

/** The snapshot file's shape (version 1). */
interface Snapshot {
  readonly version: 1;
  readonly hosts: readonly (Omit<HostRecord, 'publicKey'> & { readonly publicKey: string })[];
  readonly members: readonly RingMemberRecord[];
  readonly events: readonly EventRecord[];
}

/**
 * A single-box store: the memory store, snapshotted to one JSON file after every batch (written to a temp file,
 * then renamed, so a crash leaves the previous snapshot). Lets `cma run --store file` survive a restart without a
 * database; it rewrites the whole state per batch, so it is meant for small fleets, demos and tests — production
 * uses Neo4j.
 */
export class FileGraphStore implements GraphStore {
  readonly #file: string;
  readonly #memory: MemoryGraphStore;

  private constructor(file: string, memory: MemoryGraphStore) {
    this.#file = file;
    this.#memory = memory;
  }

  /** Opens (or creates) the snapshot at `file`. A corrupt snapshot is a STORE_BAD_BATCH error naming the file. */
  static async open(file: string): Promise<FileGraphStore> {
    const memory = new MemoryGraphStore();
    let text: string | undefined;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      text = undefined; // first start
    }
    if (text !== undefined) {
      let snap: Snapshot;
      try {
        const parsed = JSON.parse(text) as { version?: unknown };
        if (parsed.version !== 1) throw new Error(`unknown snapshot version ${JSON.stringify(parsed.version)}`);
        snap = parsed as Snapshot;
      } catch (err) {
        throw new StoreError('STORE_BAD_BATCH', `cannot read the store snapshot ${file}: ${err instanceof Error ? err.message : String(err)}`, {}, { cause: err });
      }
      await memory.apply({
        hosts: snap.hosts.map((h) => ({ ...h, publicKey: Uint8Array.from(Buffer.from(h.publicKey, 'base64')) })),
        ringChanges: snap.members.map((m) => ({ kind: 'member-add', hostId: m.hostId, ringId: m.ringId, position: m.position })),
        events: snap.events,
        discovery: [],
      });
    }
    return new FileGraphStore(file, memory);
  }

  async apply(batch: StoreBatch): Promise<void> {
    await this.#memory.apply(batch);
    const [hosts, members, events] = await Promise.all([this.#memory.loadHosts(), this.#memory.loadRingMembers(), this.#memory.events(0)]);
    const snap: Snapshot = { version: 1, hosts: hosts.map((h) => ({ ...h, publicKey: Buffer.from(h.publicKey).toString('base64') })), members, events: events.slice(-10_000) };
    mkdirSync(dirname(this.#file), { recursive: true, mode: 0o700 });
    const tmp = `${this.#file}.tmp`;
    writeFileSync(tmp, JSON.stringify(snap), { mode: 0o600 });
    renameSync(tmp, this.#file);
  }

  loadHosts(): Promise<HostRecord[]> {
    return this.#memory.loadHosts();
  }

  loadRingMembers(): Promise<RingMemberRecord[]> {
    return this.#memory.loadRingMembers();
  }

  /** Discovery is not written to the file: after a restart this is empty and the CMA asks nanoprobes to resend. */
  loadDiscoveryHashes(): Promise<StoredDiscoveryHash[]> {
    return this.#memory.loadDiscoveryHashes();
  }

  events(sinceWallMs: number): Promise<EventRecord[]> {
    return this.#memory.events(sinceWallMs);
  }

  close(): Promise<void> {
    return this.#memory.close();
  }
}
