/**
 * A scenario's fault schedule in live mode (docs/simulator.md "Live scenarios"): run against the shards in wall
 * time once the fleet is up and the healthy window is over, with the ground truth of who was down when, and the
 * CMA's `host-dead` events classified against it — detections (with latency), deaths of stalled hosts, stale
 * verdicts, false deaths — as the virtual-time engine does (engine/ground-truth.ts).
 */
import { SeededRng } from '../../runtime/index.ts';
import { SimError } from '../errors.ts';
import type { Fault } from '../scenario/types.ts';
import { hostnameOf } from '../world/identity.ts';
import type { World } from '../world/world.ts';
import type { CmaApi, CmaEventRow } from './cma-api.ts';
import type { NetFaultState } from './net-faults.ts';
import type { ShardClient } from './shard-client.ts';

/** Fault kinds live mode can do (the CMA is an outside process: no failover; no restarts of virtual hosts). */
export const LIVE_FAULT_KINDS = ['kill-host', 'kill-switch', 'partition', 'loss', 'stall'] as const;

/** A host down this long (killed or cut off) without a death declared is a missed detection (as virtual time). */
const MISSED_AFTER_MS = 15_000;
/** A death this soon after the host became responsive again is stale, not false (dead + confirm + interval, lan). */
const STALE_MS = 5_000;

/** Throws SimError when a scenario asks for what live mode cannot do. */
export function checkLiveFaults(faults: readonly Fault[]): void {
  for (const f of faults) {
    if (!(LIVE_FAULT_KINDS as readonly string[]).includes(f.kind)) throw new SimError('SIM_BAD_SCENARIO', `live mode cannot run a ${f.kind} fault (it can: ${LIVE_FAULT_KINDS.join(', ')})`);
    if (f.kind === 'kill-host' && f.restartAfterMs !== undefined) throw new SimError('SIM_BAD_SCENARIO', 'live mode cannot restart killed hosts (kill-host.restartAfterMs)');
  }
}

type Cause = 'killed' | 'switch' | 'partition' | 'stalled';

interface Episode {
  readonly cause: Cause;
  readonly fromWall: number;
  toWall: number;
  detectedAt: number | undefined;
}

export interface LiveFaultOutcome {
  /** Wall ms from the first fault to the end of the phase. */
  readonly phaseMs: number;
  /** Hosts put down by a kill, a dead switch or a partition (episodes). */
  readonly downEpisodes: number;
  /** kill/switch/partition → host-dead latencies, sorted (ms). */
  readonly detectionMs: readonly number[];
  readonly missed: number;
  readonly stalledDeaths: number;
  readonly staleDeaths: number;
  readonly falseDeaths: number;
  readonly falseDeathExamples: readonly string[];
  readonly ringUnreachable: number;
  /** Hosts neither killed nor cut off that were not `up` at the CMA at the end (after waiting for them). */
  readonly notUpAtEnd: number;
  readonly faultDropped: number;
}

export interface LiveFaultContext {
  readonly shards: readonly ShardClient[];
  readonly shardHosts: number;
  readonly world: World;
  readonly hostIds: readonly string[];
  readonly api: CmaApi;
  readonly seed: number;
  /** Wait for deaths and recoveries this long after the last fault ends. */
  readonly afterMs: number;
  readonly progress: (what: string) => Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Runs `faults` (times relative to the first one) and classifies what the CMA concluded. */
export async function runLiveFaults(faults: readonly Fault[], c: LiveFaultContext): Promise<LiveFaultOutcome> {
  checkLiveFaults(faults);
  const n = c.hostIds.length;
  const rng = new SeededRng(c.seed ^ 0xfa17);
  const episodes = new Map<number, Episode[]>();
  const killed = new Set<number>();
  const stalledUntil = new Map<number, number>();
  const net = { loss: [] as number[], cut: new Map<number, number>(), dead: new Map<number, number>() };
  const ringUnreachable = { n: 0 };
  const sorted = [...faults].sort((a, b) => a.atMs - b.atMs);
  const base = sorted[0]?.atMs ?? 0;
  const t0 = Date.now();
  const timers: Promise<void>[] = [];

  const open = (h: number, cause: Cause, at: number): Episode => {
    const e: Episode = { cause, fromWall: at, toWall: Number.POSITIVE_INFINITY, detectedAt: undefined };
    episodes.set(h, [...(episodes.get(h) ?? []), e]);
    return e;
  };
  const hostsOfRack = (sw: number): number[] => {
    const out: number[] = [];
    for (let h = 0; h < n; h++) if (c.world.hostSwitch[h] === sw) out.push(h);
    return out;
  };
  const pushNet = async (): Promise<void> => {
    const state: NetFaultState = { lossRate: Math.min(1, net.loss.reduce((a, r) => a + r, 0)), cutRacks: [...net.cut.keys()], deadRacks: [...net.dead.keys()] };
    await Promise.all(c.shards.map((s) => s.setNet(state)));
  };
  const byShard = (hosts: readonly number[]): Map<number, number[]> => {
    const m = new Map<number, number[]>();
    for (const h of hosts) {
      const s = Math.floor(h / c.shardHosts);
      m.set(s, [...(m.get(s) ?? []), h - s * c.shardHosts]);
    }
    return m;
  };
  const shardAt = (s: number): ShardClient => {
    const shard = c.shards[s];
    if (shard === undefined) throw new RangeError(`no shard ${s}`);
    return shard;
  };
  const pickHosts = (count: number): number[] => {
    const out = new Set<number>();
    const now = Date.now();
    for (let tries = 0; out.size < count && tries < 100 * count; tries++) {
      const h = rng.int(n);
      if (!killed.has(h) && (stalledUntil.get(h) ?? 0) <= now) out.add(h);
    }
    return [...out];
  };
  const pickRacks = (count: number): number[] => {
    // A row: `count` adjacent racks from a random one (as the virtual-time partition), none already faulted.
    const start = rng.int(c.world.switchCount);
    const out: number[] = [];
    for (let k = 0; out.length < count && k < c.world.switchCount; k++) {
      const sw = (start + k) % c.world.switchCount;
      if (!net.cut.has(sw) && !net.dead.has(sw)) out.push(sw);
    }
    return out;
  };
  const later = (ms: number, fn: () => Promise<void>): void => {
    timers.push(sleep(ms).then(fn));
  };
  const rackFault = async (kind: 'switch' | 'partition', racks: readonly number[], forMs: number | undefined): Promise<void> => {
    const table = kind === 'switch' ? net.dead : net.cut;
    const at = Date.now();
    const opened: Episode[] = [];
    for (const sw of racks) {
      table.set(sw, at);
      for (const h of hostsOfRack(sw)) if (!killed.has(h)) opened.push(open(h, kind, at));
    }
    await pushNet();
    if (forMs === undefined) return;
    later(forMs, async () => {
      for (const sw of racks) table.delete(sw);
      await pushNet();
      const end = Date.now();
      for (const e of opened) e.toWall = end;
    });
  };

  for (const f of sorted) {
    await sleep(t0 + (f.atMs - base) - Date.now());
    const at = Date.now();
    switch (f.kind) {
      case 'kill-host': {
        const victims = pickHosts(f.hosts);
        await Promise.all([...byShard(victims)].map(([s, locals]) => shardAt(s).kill(locals)));
        for (const h of victims) {
          killed.add(h);
          open(h, 'killed', at);
        }
        break;
      }
      case 'stall': {
        const victims = pickHosts(f.hosts);
        await Promise.all([...byShard(victims)].map(([s, locals]) => shardAt(s).stall(locals, f.forMs)));
        for (const h of victims) {
          stalledUntil.set(h, at + f.forMs);
          open(h, 'stalled', at).toWall = at + f.forMs;
        }
        break;
      }
      case 'loss': {
        net.loss.push(f.rate);
        await pushNet();
        later(f.forMs, async () => {
          net.loss.splice(net.loss.indexOf(f.rate), 1);
          await pushNet();
        });
        break;
      }
      case 'kill-switch':
        await rackFault('switch', pickRacks(f.switches), f.forMs);
        break;
      case 'partition':
        await rackFault('partition', pickRacks(f.switches), f.forMs);
        break;
      default:
        throw new SimError('SIM_BAD_SCENARIO', `live mode cannot run a ${f.kind} fault`);
    }
    await c.progress(`${f.kind} at +${((at - t0) / 1000).toFixed(1)} s`);
  }
  const lastEnd = Math.max(0, ...sorted.map((f) => f.atMs - base + lengthOf(f)));
  const end = t0 + lastEnd + c.afterMs;
  while (Date.now() < end) {
    await sleep(Math.min(2_000, end - Date.now()));
    await c.progress(`${Math.max(0, Math.ceil((end - Date.now()) / 1000))} s left`);
  }
  await Promise.all(timers);

  // Classify every host-dead since the first fault.
  const index = new Map(c.hostIds.map((id, h) => [id, h]));
  const events: CmaEventRow[] = await c.api.events(t0 - 1_000);
  const detectionMs: number[] = [];
  const falseExamples: string[] = [];
  let stalledDeaths = 0;
  let staleDeaths = 0;
  let falseDeaths = 0;
  for (const e of events) {
    if (e.type === 'ring-unreachable') ringUnreachable.n++;
    if (e.type !== 'host-dead' || e.hostId === null) continue;
    const h = index.get(e.hostId);
    if (h === undefined) continue;
    const ep = (episodes.get(h) ?? []).find((x) => x.fromWall <= e.wallMs && e.wallMs <= x.toWall + STALE_MS);
    if (ep === undefined) {
      falseDeaths++;
      if (falseExamples.length < 10) falseExamples.push(`${hostnameOf(c.world, h)} at +${((e.wallMs - t0) / 1000).toFixed(1)} s`);
    } else if (ep.cause === 'stalled') {
      stalledDeaths++;
    } else if (e.wallMs > ep.toWall) {
      staleDeaths++;
    } else if (ep.detectedAt === undefined) {
      ep.detectedAt = e.wallMs;
      detectionMs.push(e.wallMs - ep.fromWall);
    }
  }
  let downEpisodes = 0;
  let missed = 0;
  for (const list of episodes.values()) {
    for (const e of list) {
      if (e.cause === 'stalled') continue;
      downEpisodes++;
      if (e.detectedAt === undefined && Math.min(e.toWall, end) - e.fromWall >= MISSED_AFTER_MS) missed++;
    }
  }
  const notUpAtEnd = await waitAllUp(c, killed, net);
  const stats = await Promise.all(c.shards.map((s) => s.stats()));
  return {
    phaseMs: Date.now() - t0,
    downEpisodes,
    detectionMs: detectionMs.sort((a, b) => a - b),
    missed,
    stalledDeaths,
    staleDeaths,
    falseDeaths,
    falseDeathExamples: falseExamples,
    ringUnreachable: ringUnreachable.n,
    notUpAtEnd,
    faultDropped: stats.reduce((a, s) => a + s.faultDropped, 0),
  };
}

/** How long a fault lasts (0: for good, or instant). */
function lengthOf(f: Fault): number {
  switch (f.kind) {
    case 'kill-switch':
      return f.forMs ?? 0;
    case 'partition':
    case 'loss':
    case 'stall':
      return f.forMs;
    default:
      return 0;
  }
}

/** Waits (≤ 30 s) until every host neither killed nor still cut off is up at the CMA; returns how many are not. */
async function waitAllUp(c: LiveFaultContext, killed: ReadonlySet<number>, net: { cut: ReadonlyMap<number, number>; dead: ReadonlyMap<number, number> }): Promise<number> {
  const expected = new Set<string>();
  c.hostIds.forEach((id, h) => {
    const sw = c.world.hostSwitch[h] ?? -1;
    if (!killed.has(h) && !net.cut.has(sw) && !net.dead.has(sw)) expected.add(id);
  });
  const deadline = Date.now() + 30_000;
  let missing = expected.size;
  for (;;) {
    const rows = await c.api.hosts().catch(() => undefined);
    if (rows !== undefined) missing = expected.size - rows.filter((r) => expected.has(r.hostId) && r.status === 'up').length;
    if (missing === 0 || Date.now() >= deadline) return missing;
    await c.progress(`waiting for ${missing} hosts to be up again`);
    await sleep(1_000);
  }
}
