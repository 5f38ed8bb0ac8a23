/**
 * A test bench for CmaCore: builds STARTUPs and reports, runs inputs at explicit times, keeps what every
 * nanoprobe was told (its heartbeat edges, from SENDEXPECTHB / STOPSENDEXPECTHB), checks the commit rules on
 * every report, and queues store batches for a MemoryGraphStore.
 */
import { CmaCore, type CmaConfig, type CmaEffect, type CmaInput, type CmaReportMessage, type CmaSendMessage } from '../../cma/dispatch/index.ts';
import type { MemoryGraphStore, StoreBatch } from '../../cma/store/index.ts';
import type { HostId, Startup } from '../../protocol/index.ts';

/** 32-hex host id of test host n. */
export const hid = (n: number): HostId => n.toString(16).padStart(32, '0');

/** The CMA's id in tests. */
export const CMA_ID = 'c'.repeat(32);

/** A STARTUP of test host n in subnet 198.18.<subnet>.0/24. */
export function startupOf(n: number, subnet = 0, sessionId = 1, port = 1984): Startup {
  return {
    type: 'STARTUP',
    hostId: hid(n),
    publicKey: new Uint8Array(32).fill(n & 0xff),
    hostname: `host${n}`,
    addresses: [{ host: `198.18.${subnet}.${(n % 250) + 1}`, port }],
    version: '0.1.0',
    machineId: '',
    startedWallMs: 1_700_000_000_000,
    sessionId,
    discoveryHashes: [],
  };
}

const edgeOf = (peer: HostId, ringId: string): string => `${peer} ${ringId}`;

/** Runs a CmaCore and models the nanoprobes' heartbeat edges from what it sends them. */
export class CmaBench {
  readonly core: CmaCore;
  nowMs = 0;
  wallMs = 1_800_000_000_000;
  wakeAtMs: number | undefined;
  /** Per host: `peer ringId` edges it was told to run. */
  readonly views = new Map<HostId, Set<string>>();
  /** Every effect, in order. */
  readonly log: CmaEffect[] = [];
  /** Store batches not yet applied. */
  readonly pending: StoreBatch[] = [];
  /** Commit-rule violations seen. */
  readonly problems: string[] = [];
  #seq = 0;
  /** Last nanoprobe session of each host number. */
  readonly #sessions = new Map<number, number>();

  constructor(config: Partial<CmaConfig> = {}, core?: CmaCore) {
    this.core = core ?? new CmaCore({ cmaId: CMA_ID, cmaSession: 7, cmaAddresses: [{ host: '198.18.255.1', port: 1984 }], ...config });
  }

  /** Runs one input at the current time (after moving the clock to `atMs` if given). */
  run(input: CmaInput, atMs?: number): CmaEffect[] {
    if (atMs !== undefined) this.at(atMs);
    const out = this.core.handle(input, this.nowMs, this.wallMs);
    this.wakeAtMs = out.wakeAtMs;
    this.log.push(...out.effects);
    for (const e of out.effects) {
      if (e.kind === 'store') this.pending.push(e.batch);
      if (e.kind === 'send') this.#apply(e.to, e.msg);
    }
    if (input.kind === 'report') this.#checkCommit(input.from, input.seq, out.effects);
    return out.effects;
  }

  /** Moves both clocks to monotonic `atMs`. */
  at(atMs: number): void {
    this.wallMs += atMs - this.nowMs;
    this.nowMs = atMs;
  }

  /** Registers host n (plain STARTUP). */
  register(n: number, subnet = 0, sessionId = 1): CmaEffect[] {
    if (this.#sessions.get(n) !== sessionId) this.views.set(hid(n), new Set()); // a new process runs no edges
    this.#sessions.set(n, sessionId);
    return this.run({ kind: 'startup', msg: startupOf(n, subnet, sessionId), viaChannel: false });
  }

  /** Delivers a report from host n with the next sequence number. */
  report(from: number, msg: CmaReportMessage, atMs?: number): CmaEffect[] {
    return this.run({ kind: 'report', from: hid(from), seq: ++this.#seq, msg }, atMs);
  }

  /** HBDEAD from `from` about `about` (ring taken from the current rings when not given). */
  dead(from: number, about: number, atMs?: number): CmaEffect[] {
    return this.report(from, { type: 'HBDEAD', peerId: hid(about), ringId: this.#ringOf(from, about), silentForMs: 3_000 }, atMs);
  }

  /** A timer input at `atMs`. */
  timer(atMs: number): CmaEffect[] {
    return this.run({ kind: 'timer' }, atMs);
  }

  /** Delivers timer inputs at every wakeAtMs up to `untilMs`, then moves the clock there. */
  advance(untilMs: number): CmaEffect[] {
    const out: CmaEffect[] = [];
    while (this.wakeAtMs !== undefined && this.wakeAtMs <= untilMs) out.push(...this.timer(Math.max(this.nowMs, this.wakeAtMs)));
    this.at(Math.max(this.nowMs, untilMs));
    return out;
  }

  /** Applies the queued store batches to `store`. */
  async flush(store: MemoryGraphStore): Promise<void> {
    for (const b of this.pending.splice(0)) await store.apply(b);
  }

  /** Status of host n. */
  status(n: number): string | undefined {
    return this.core.hosts().find((h) => h.hostId === hid(n))?.status;
  }

  /** Differences between the modelled nanoprobe edges of up hosts and the rings' edges. */
  viewProblems(): string[] {
    const expected = new Map<HostId, Set<string>>();
    for (const h of this.core.hosts()) if (h.status === 'up') expected.set(h.hostId, new Set());
    for (const e of this.core.ringSet.edges()) {
      expected.get(e.a)?.add(edgeOf(e.b, e.ringId));
      expected.get(e.b)?.add(edgeOf(e.a, e.ringId));
    }
    const problems: string[] = [];
    for (const [host, want] of expected) {
      const have = this.views.get(host) ?? new Set<string>();
      for (const w of want) if (!have.has(w)) problems.push(`${host} was never told to run ${w}`);
      for (const h of have) if (!want.has(h)) problems.push(`${host} still runs stale ${h}`);
    }
    return problems;
  }

  #apply(to: HostId, msg: CmaSendMessage): void {
    let view = this.views.get(to);
    if (view === undefined) {
      view = new Set();
      this.views.set(to, view);
    }
    if (msg.type === 'SENDEXPECTHB') view.add(edgeOf(msg.peerId, msg.ringId));
    if (msg.type === 'STOPSENDEXPECTHB') view.delete(edgeOf(msg.peerId, msg.ringId));
  }

  #ringOf(from: number, about: number): string {
    const n = this.core.ringSet.neighbours(hid(from)).find((x) => x.peers.includes(hid(about)));
    return n?.ringId ?? this.core.ringSet.ringOf(hid(about)) ?? 'subnet:198.18.0.0/24';
  }

  #checkCommit(from: HostId, seq: number, effects: readonly CmaEffect[]): void {
    const stores = effects.filter((e) => e.kind === 'store');
    const inStore = stores.flatMap((e) => e.commits).filter((c) => c.from === from && c.seq === seq).length;
    const bare = effects.filter((e) => e.kind === 'commit' && e.from === from && e.seq === seq).length;
    if (inStore + bare !== 1) this.problems.push(`report ${from}#${seq}: ${inStore} store commits + ${bare} bare commits`);
    if (bare > 0 && stores.length > 0) this.problems.push(`report ${from}#${seq}: bare commit although there is a store write`);
    if (stores.length > 1) this.problems.push(`report ${from}#${seq}: ${stores.length} store effects`);
    if (stores.length === 1 && effects[0]?.kind !== 'store') this.problems.push(`report ${from}#${seq}: store effect is not first`);
  }
}

/** Effects of one kind, narrowed. */
export function effectsOf<K extends CmaEffect['kind']>(effects: readonly CmaEffect[], kind: K): Extract<CmaEffect, { kind: K }>[] {
  return effects.filter((e): e is Extract<CmaEffect, { kind: K }> => e.kind === kind);
}

/** The messages sent, as `TYPE to→peer@ring` strings (PROBE: `PROBE to→target`). */
export function sends(effects: readonly CmaEffect[]): string[] {
  return effectsOf(effects, 'send').map(({ to, msg }) => {
    switch (msg.type) {
      case 'SENDEXPECTHB':
      case 'STOPSENDEXPECTHB':
        return `${msg.type} ${short(to)}→${short(msg.peerId)}@${msg.ringId}`;
      case 'PROBE':
        return `PROBE ${short(to)}→${short(msg.targetId)}`;
      case 'SETCONFIG':
        return `SETCONFIG ${short(to)}`;
      case 'DODISCOVER':
        return `DODISCOVER ${short(to)} ${msg.kind}`;
    }
  });
}

/** Test host number of a host id (for readable assertions). */
export function short(id: HostId): string {
  return `h${parseInt(id, 16)}`;
}
