/**
 * The CMA core's state and the per-call `Step`: one handle call collects everything it decides into a Step (one
 * store batch, the commits, then the effects to run after the write) and `finish()` turns it into the ordered
 * effect list. Handlers only ever talk to a Step, so the "commit only after the store write" rule lives here.
 */
import type { DiscoveryBases } from './discovery-bases.ts';
import type { HostId } from '../../protocol/index.ts';
import type { DiscoveryFacts } from '../discovery/index.ts';
import type { GraphChange, Placement, RingSet } from '../ring/index.ts';
import type { DiscoveryRecord, EventDetailValue, EventRecord, EventType, HostRecord, StoreBatch } from '../store/index.ts';
import type { CmaConfig } from './config.ts';
import type { HostState, HostTable } from './hosts.ts';
import type { Suspicion } from './suspicion-state.ts';
import type { CmaEffect, CmaEvent, CmaLogLevel, CmaSendMessage, ReportCommit } from './types.ts';

/** Recent trouble in one local ring, for the ring-unreachable rule. */
export interface RingTrouble {
  /** Hosts of the ring suspected or declared dead, with the monotonic ms first noted; bounded by the ring's size. */
  readonly hosts: Map<HostId, number>;
  /** True once the ring-unreachable event was emitted for this episode. */
  announced: boolean;
}

/** Everything a CmaCore knows. */
export interface CoreState {
  readonly cfg: CmaConfig;
  /** Replaced once by a restore; otherwise changed only by the ring plan functions. */
  rings: RingSet;
  readonly hosts: HostTable;
  /** Open suspicions by suspect; bounded by the up hosts (in practice a handful). */
  readonly suspicions: Map<HostId, Suspicion>;
  /** Local rings with recent trouble; bounded by the local rings, entries expire after confirmWindowMs. */
  readonly trouble: Map<Placement, RingTrouble>;
  /**
   * The content hash the store holds per host and discovery kind (loaded at restore, updated by every DISCOVERY);
   * bounded by hosts × kinds. A STARTUP announcing another hash gets a DODISCOVER.
   */
  readonly discoveryHashes: Map<HostId, Map<string, string>>;
  /** Discovery payloads kept to apply diffs to; bounded by cfg.discoveryBaseChars. */
  readonly discoveryBases: DiscoveryBases;
  /**
   * The session of each host's nanoprobe this process (not a predecessor) already registered and sent its config
   * and edges to; bounded by the hosts. A plain STARTUP retry of that same session is answered cheaply.
   */
  readonly greeted: Map<HostId, number>;
  /** The addresses each host's latest inventory gave it (this process only); bounded by the hosts. */
  readonly inventoryIps: Map<HostId, readonly string[]>;
  /** Last event number used (event ids are `<session>-<n>`). */
  eventCounter: number;
  /** Last PROBE id used (u32, wraps). */
  probeCounter: number;
  /** True once any input was handled (restore must come first). */
  started: boolean;
}

/** One handle call in progress. */
export class Step {
  readonly s: CoreState;
  readonly nowMs: number;
  readonly wallMs: number;
  /** Host upserts of this call, last write wins; bounded by the hosts this input touches. */
  readonly #hosts = new Map<HostId, HostRecord>();
  readonly #ringChanges: GraphChange[] = [];
  readonly #events: EventRecord[] = [];
  readonly #discovery: DiscoveryRecord[] = [];
  readonly #facts: DiscoveryFacts[] = [];
  readonly #commits: ReportCommit[] = [];
  readonly #effects: CmaEffect[] = [];

  constructor(s: CoreState, nowMs: number, wallMs: number) {
    this.s = s;
    this.nowMs = nowMs;
    this.wallMs = wallMs;
  }

  /** Replaces fields of a registered host's record and queues the new record for the store. */
  update(state: HostState, patch: Partial<Omit<HostRecord, 'hostId'>>): HostRecord {
    state.record = { ...state.record, ...patch };
    this.#hosts.set(state.record.hostId, state.record);
    return state.record;
  }

  /** Queues a record for the store as it is (a new host). */
  upsert(record: HostRecord): void {
    this.#hosts.set(record.hostId, record);
  }

  /** Queues ring changes for the store. */
  ringChanges(changes: readonly GraphChange[]): void {
    this.#ringChanges.push(...changes);
  }

  /** Queues an Event for the store. */
  event(type: EventType, hostId: HostId | null, ringId: string | null, detail: Readonly<Record<string, EventDetailValue>> = {}): void {
    const { cmaSession } = this.s.cfg;
    this.s.eventCounter++;
    const id = `${cmaSession.toString(16).padStart(8, '0')}-${this.s.eventCounter}`;
    this.#events.push({ id, wallMs: this.wallMs, type, hostId, ringId, detail });
  }

  /** Queues discovery data for the store. */
  discovery(record: DiscoveryRecord): void {
    this.#discovery.push(record);
  }

  /** Queues interpreted discovery (graph facts) for the store. */
  facts(facts: DiscoveryFacts): void {
    this.#facts.push(facts);
  }

  /** Acknowledges a report once this call's write is done. */
  commit(commit: ReportCommit): void {
    this.#commits.push(commit);
  }

  /** Sends a message on a host's reliable channel (after the write). */
  send(to: HostId, msg: CmaSendMessage): void {
    this.#effects.push({ kind: 'send', to, msg });
  }

  /** Any other effect (after the write). */
  emit(effect: CmaEffect): void {
    this.#effects.push(effect);
  }

  /** An operator-facing event. */
  notify(event: CmaEvent): void {
    this.#effects.push({ kind: 'event', event });
  }

  /** A log line for the shell's logger. */
  log(level: CmaLogLevel, message: string, context: Readonly<Record<string, unknown>> = {}): void {
    this.#effects.push({ kind: 'log', level, message, context });
  }

  /** The ordered effects: the store write (with its commits) or bare commits first, then everything else. */
  finish(): CmaEffect[] {
    const batch: StoreBatch = { hosts: [...this.#hosts.values()], ringChanges: this.#ringChanges, events: this.#events, discovery: this.#discovery, facts: this.#facts };
    const empty = batch.hosts.length + batch.ringChanges.length + batch.events.length + batch.discovery.length + this.#facts.length === 0;
    const head: CmaEffect[] = empty ? this.#commits.map((c) => ({ kind: 'commit', ...c })) : [{ kind: 'store', batch, commits: this.#commits }];
    return [...head, ...this.#effects];
  }
}
