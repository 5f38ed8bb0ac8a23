// The CMA's store path on real Neo4j (issue 5; DESIGN §11 "≥ 1,000 hosts/s committed; 100k cold start < 2 min"):
// embedded Neo4j 5.26, the real CmaCore, Neo4jGraphStore and the daemon's GroupCommitter, driven exactly as
// cma/daemon.ts drives them (one input at a time, store effects through the committer, backpressure). Not in the
// loop: UDP, sealing and the reliable channel (bench/codec.ts measures those).
//   1. cold start: N hosts register as fast as the CMA takes them; every 500th input also brings an HBLATE report, whose
//      commit latency (input handed to the core → its transaction committed = the moment it may be ACKed) is kept;
//   2. steady load on the N-host graph: joins offered at 1,000/s plus an HBLATE every 50 ms: commit latency;
//   3. restart: a new store + core rebuilt from the graph (loadHosts, loadRingMembers, restore).
import { loadavg } from 'node:os';
import { DEFAULT_MAX_GROUP_BATCHES, GroupCommitter } from '../cma/group-commit.ts';
import { CmaCore, type CmaInput } from '../cma/dispatch/index.ts';
import { Neo4jGraphStore } from '../cma/store/index.ts';
import type { Startup } from '../protocol/index.ts';
import { startTestNeo4j } from '../test/helpers/neo4j-server.ts';
import type { BenchFigure, BenchResult } from './report.ts';

export interface StoreBenchInit {
  /** Hosts registered at cold start. */
  readonly hosts: number;
  /** Length of the steady-load phase. */
  readonly steadyMs: number;
}

const DEFAULT: StoreBenchInit = { hosts: 100_000, steadyMs: 15_000 };
const HOSTS_PER_SUBNET = 250;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const hid = (n: number): string => n.toString(16).padStart(32, '0');

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Host n's STARTUP: 250 hosts per /24 in 198.18.0.0/15, so 100k hosts make 400 subnet rings. */
function startup(n: number): Startup {
  const s = Math.floor(n / HOSTS_PER_SUBNET);
  return {
    type: 'STARTUP',
    hostId: hid(n),
    publicKey: new Uint8Array(32).fill(n & 0xff),
    hostname: `host${n}`,
    addresses: [{ host: `198.${18 + (s >> 8)}.${s & 255}.${(n % HOSTS_PER_SUBNET) + 1}`, port: 1984 }],
    version: '0.1.0',
    machineId: '',
    startedWallMs: Date.now(),
    sessionId: 1,
    discoveryHashes: [],
  };
}

/** The daemon's effect loop without the network: store effects through the committer, the rest after them. */
class Pipeline {
  readonly core: CmaCore;
  readonly committer: GroupCommitter;
  failures = 0;
  #seq = 0;

  constructor(store: Neo4jGraphStore) {
    this.core = new CmaCore({ cmaId: 'c'.repeat(32), cmaSession: 7, cmaAddresses: [{ host: '198.18.255.254', port: 1984 }] });
    this.committer = new GroupCommitter({}, { store, now: () => performance.now() });
  }

  /** Runs one input; `committed` is called when its store batch committed (at once when it wrote nothing). */
  async feed(input: CmaInput, committed?: () => void): Promise<void> {
    const out = this.core.handle(input, performance.now(), Date.now());
    let stored = false;
    for (const e of out.effects) {
      if (e.kind === 'store') {
        stored = true;
        this.committer.store(e.batch, committed ?? (() => undefined), () => this.failures++);
      } else {
        this.committer.after(() => undefined);
      }
    }
    if (!stored) committed?.();
    await this.committer.waitForRoom();
  }

  join(n: number): Promise<void> {
    return this.feed({ kind: 'startup', msg: startup(n), viaChannel: false });
  }

  /** HBLATE from host `from` about its subnet neighbour; resolves the latency promise when committed. */
  late(from: number): { fed: Promise<void>; committedMs: Promise<number> } {
    const started = performance.now();
    let done: (ms: number) => void = () => undefined;
    const committedMs = new Promise<number>((r) => (done = r));
    const peer = from % HOSTS_PER_SUBNET === HOSTS_PER_SUBNET - 1 ? from - 1 : from + 1;
    const ringId = `subnet:${startup(from).addresses[0]?.host.replace(/\.\d+$/, '.0')}/24`;
    const fed = this.feed({ kind: 'report', from: hid(from), seq: ++this.#seq, msg: { type: 'HBLATE', peerId: hid(peer), ringId, silentForMs: 2_000 } }, () => {
      done(performance.now() - started);
    });
    return { fed, committedMs };
  }
}

export async function runStoreBench(init: StoreBenchInit = DEFAULT): Promise<BenchResult> {
  const loadAtStart = loadavg().map((l) => l.toFixed(1)).join(' ');
  const db = await startTestNeo4j({ javaOpts: process.env.NEO4J_JAVA_OPTS ?? '-Xmx1g', pagecache: '512m' });
  try {
    const open = () => Neo4jGraphStore.open({ uri: db.uri, password: db.password });
    const store = await open();
    const p = new Pipeline(store);

    // 1. cold start
    const coldLate: Promise<number>[] = [];
    const lateEvery = Math.min(500, Math.max(2, Math.floor(init.hosts / 20)));
    const t0 = performance.now();
    for (let n = 1; n <= init.hosts; n++) {
      await p.join(n);
      if (n % lateEvery === 0) {
        const l = p.late(n - 1);
        coldLate.push(l.committedMs);
        await l.fed;
      }
    }
    await p.committer.drained();
    const coldMs = performance.now() - t0;
    const coldTx = p.committer.transactions;
    const coldLateMs = (await Promise.all(coldLate)).sort((a, b) => a - b);
    const [{ n: hostsInGraph } = { n: 0 }] = await db.query('MATCH (h:Host) WHERE h.status = $s RETURN count(h) AS n', { s: 'up' });

    // 2. steady load: 1,000 joins/s offered (10 every 10 ms) + an HBLATE every 50 ms
    const steadyLate: Promise<number>[] = [];
    const steadyStart = performance.now();
    const txBefore = p.committer.transactions;
    let next = init.hosts + 1;
    let tick = 0;
    while (performance.now() - steadyStart < init.steadyMs) {
      const due = steadyStart + tick * 10;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      for (let k = 0; k < 10; k++) await p.join(next++);
      if (tick % 5 === 0) {
        const l = p.late(1 + ((tick * 7) % init.hosts));
        steadyLate.push(l.committedMs);
        await l.fed;
      }
      tick++;
    }
    await p.committer.drained();
    const steadyJoins = next - init.hosts - 1;
    const steadyWallMs = performance.now() - steadyStart;
    const steadyLateMs = (await Promise.all(steadyLate)).sort((a, b) => a - b);
    const steadyTx = p.committer.transactions - txBefore;
    await store.close();

    // 3. restart from the graph
    const r0 = performance.now();
    const again = await open();
    const [hosts, members] = await Promise.all([again.loadHosts(), again.loadRingMembers()]);
    const core = new CmaCore({ cmaId: 'c'.repeat(32), cmaSession: 8, cmaAddresses: [{ host: '198.18.255.254', port: 1984 }] });
    core.handle({ kind: 'restore', hosts, members }, performance.now(), Date.now());
    const restartMs = performance.now() - r0;
    await again.close();

    const N = init.hosts;
    const figures: BenchFigure[] = [
      { name: `cold start ${N} hosts: joins committed/s`, value: Math.round((N / coldMs) * 1000), unit: 'joins/s', target: { op: '>=', value: 1_000 }, extra: { transactions: coldTx, batchesPerTransaction: Math.round(N / coldTx), hostsUpInGraph: hostsInGraph, failures: p.failures } },
      { name: `cold start ${N} hosts: time to all committed`, value: Math.round(coldMs) / 1000, unit: 's', target: { op: '<=', value: 120 } },
      { name: `HBLATE commit latency p50, during cold start`, value: Math.round(percentile(coldLateMs, 50)), unit: 'ms', extra: { samples: coldLateMs.length } },
      { name: `HBLATE commit latency p99, during cold start`, value: Math.round(percentile(coldLateMs, 99)), unit: 'ms' },
      { name: `steady 1k joins/s on ${N} hosts: joins committed/s`, value: Math.round((steadyJoins / steadyWallMs) * 1000), unit: 'joins/s', extra: { joins: steadyJoins, transactions: steadyTx } },
      { name: `HBLATE commit latency p50, 1k joins/s on ${N} hosts`, value: Math.round(percentile(steadyLateMs, 50)), unit: 'ms', extra: { samples: steadyLateMs.length } },
      { name: `HBLATE commit latency p99, 1k joins/s on ${N} hosts`, value: Math.round(percentile(steadyLateMs, 99)), unit: 'ms' },
      { name: `CMA restart: rebuild ${hosts.length} hosts from the graph`, value: Math.round(restartMs) / 1000, unit: 's', extra: { memberships: members.length } },
    ];
    return {
      benchmark: 'store',
      figures,
      notes: `load average at start ${loadAtStart}, at end ${loadavg().map((l) => l.toFixed(1)).join(' ')} (2-core machine shared with other jobs); embedded Neo4j 5.26 (-Xmx1g, pagecache 512m); group commit of at most ${DEFAULT_MAX_GROUP_BATCHES} batches; CmaCore + Neo4jGraphStore + GroupCommitter driven like cma/daemon.ts (no UDP/crypto); latency = input to commit (when the report may be ACKed)`,
    };
  } finally {
    await db.stop();
  }
}
