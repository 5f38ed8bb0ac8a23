/**
 * Live mode (DESIGN §10): a fleet of virtual hosts over real UDP on 127.0.0.0/8 against a real, running `cma`
 * (its address and API given), measured from the outside like an operator would: cold start until every host is
 * up and in a ring at the CMA, a healthy window (messages the CMA receives), then kill -9 of some hosts and the
 * time until the CMA's event log holds their `host-dead` — and no other death.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { SeededRng, type Address } from '../../runtime/index.ts';
import { DEFAULT_WORLD_PARAMS, generateWorld } from '../world/world.ts';
import { hostnameOf } from '../world/identity.ts';
import type { Fault } from '../scenario/types.ts';
import { CmaApi, messagesOf, type CmaEventRow } from './cma-api.ts';
import { checkLiveFaults, runLiveFaults, type LiveFaultOutcome } from './live-faults.ts';
import { ShardClient } from './shard-client.ts';
import type { ShardHostSpec, ShardStats } from './shard.ts';

export interface LiveOptions {
  readonly hosts: number;
  readonly cma: Address;
  readonly api: Address;
  readonly seed?: number;
  /** Hosts start uniformly over this window (default 1 ms per host, i.e. 1,000 joins/s offered, within 1–120 s). */
  readonly startOverMs?: number;
  /** Give up waiting for every host to be up and in a ring after this long from the first start (default start window + 120 s). */
  readonly joinTimeoutMs?: number;
  /** Quiet time after the joins before the healthy window (ring commands settle). */
  readonly settleMs?: number;
  /**
   * Then wait (at most this long, default 0) until the CMA is quiet: no application message for 4 s and nobody
   * under suspicion. A CMA still working off a cold-start backlog would otherwise count it as healthy traffic.
   */
  readonly quietMaxMs?: number;
  readonly healthyMs?: number;
  /** Hosts killed (kill -9: socket closed), each on its own rack, all at once. */
  readonly kills?: number;
  /** Wait at most this long for the victims' deaths. */
  readonly deadWaitMs?: number;
  /** Keep watching for false deaths this long after the last victim was declared dead. */
  readonly watchAfterMs?: number;
  /** Hosts per shard process (each needs a descriptor per host: stay under `ulimit -n`). */
  readonly shardHosts?: number;
  /**
   * A scenario's fault schedule, run after the healthy window instead of the kills (times relative to the first
   * fault; live-faults.ts). `faultsAfterMs`: how long to watch after the last fault ends (default 20 s).
   */
  readonly faults?: readonly Fault[];
  readonly faultsAfterMs?: number;
  /** Processes whose CPU is sampled per phase (the CMA, Neo4j). */
  readonly pids?: Readonly<Record<string, number>>;
  readonly onProgress?: (line: string) => void;
}

export interface PhaseCpu {
  readonly wallMs: number;
  /** Cores used on average during the phase: the shards together, and each sampled pid. */
  readonly cores: Readonly<Record<string, number>>;
}

export interface LiveReport {
  readonly hosts: number;
  readonly shards: number;
  readonly seed: number;
  readonly startOverMs: number;
  /** From the first STARTUP to every host `up` at the CMA (ms); undefined if never. */
  readonly allUpMs: number | undefined;
  /** From the first STARTUP to 99 % of the hosts `up` at the CMA (ms). */
  readonly up99Ms: number | undefined;
  /** From the first STARTUP to every host up and in a ring (/hosts), ms. */
  readonly allInRingsMs: number | undefined;
  /** How long after the settle time the CMA took to go quiet (undefined: not asked, or never within quietMaxMs). */
  readonly quietAfterMs: number | undefined;
  readonly peakJoinsPerSec: number;
  readonly healthy: { readonly windowMs: number; readonly cmaMessages: number; readonly cmaMessagesByType: Readonly<Record<string, number>>; readonly cmaMsgsPerSecPer1000: number; readonly cmaDatagramsPerSecPer1000: number; readonly simDatagramsPerSecPerHost: number };
  readonly kills: { readonly victims: number; readonly victimIds: readonly string[]; readonly detected: number; readonly latenciesMs: readonly number[]; readonly p50Ms: number; readonly p99Ms: number; readonly maxMs: number };
  /** `host-dead` events of hosts not killed, in the whole run (cold start included). */
  readonly falseDeaths: number;
  /** The same from the start of the healthy window on (a settled fleet). */
  readonly falseDeathsAfterSettle: number;
  readonly cpu: Readonly<Record<string, PhaseCpu>>;
  readonly loadAverage: { readonly start: readonly number[]; readonly end: readonly number[] };
  /** Worst shard timer-wheel lag seen (ms): the simulator's own overload. */
  readonly maxShardLagMs: number;
  readonly shardRssMiB: number;
  readonly rejectedDatagrams: number;
  /** Datagrams the shards dropped because their queues were full. */
  readonly droppedDatagrams: number;
  /**
   * The simulator's own overload: datagrams a shard read but could not handle within a second (dropped, as a full
   * socket buffer would) and the longest wait of a handled one. Above zero, late and dead verdicts in the run may be
   * the simulator's doing (its hosts answered late), not ringwatch's: the report says so.
   */
  readonly simOverload: { readonly staleDropped: number; readonly maxQueueWaitMs: number; readonly overloaded: boolean };
  readonly cmaStoreFailures: number;
  /** The scenario's fault phase, when faults were given (then `kills` is empty). */
  readonly faults?: LiveFaultOutcome;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A CMA API call, tried up to 4 times (a CMA working off a backlog answers slowly). */
async function retry<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (attempt >= 4) throw err;
      await sleep(1_000);
    }
  }
}

/** Percentile of sorted values (nearest rank); NaN when empty. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

/** utime + stime of a process in ms (Linux /proc), undefined when it is gone. */
function procCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

/** 127.(16 + sw>>8).(sw&255).(10 + slot): one /24 per rack, like the virtual-time world's 10.x.y.z. */
export function liveIpOf(sw: number, slot: number): string {
  return `127.${16 + (sw >> 8)}.${sw & 255}.${10 + slot}`;
}

export async function runLive(o: LiveOptions): Promise<LiveReport> {
  const seed = o.seed ?? 1;
  const n = o.hosts;
  const startOverMs = o.startOverMs ?? Math.min(120_000, Math.max(1_000, n));
  const maxShardHosts = o.shardHosts ?? 15_000;
  const log = o.onProgress ?? ((): void => undefined);
  if (o.faults !== undefined) checkLiveFaults(o.faults);
  const world = generateWorld({ ...DEFAULT_WORLD_PARAMS, hosts: n, lldpFraction: 0 }, seed);
  if (world.switchCount > (255 - 16) * 256) throw new RangeError(`live mode: too many racks (${world.switchCount}) for 127.16.0.0–127.255.255.255`);
  const specs: ShardHostSpec[] = Array.from({ length: n }, (_, h) => ({ index: h, ip: liveIpOf(world.hostSwitch[h] ?? 0, world.hostSlot[h] ?? 0), hostname: hostnameOf(world, h) }));
  // At least two shards from 2,000 hosts on: the kernel can then spread them over the cores.
  const shardCount = Math.max(Math.ceil(n / maxShardHosts), n >= 2_000 ? 2 : 1);
  const shardHosts = Math.ceil(n / shardCount);
  const shards = Array.from({ length: shardCount }, () => new ShardClient((process.env.RINGSIM_SHARD_NODE_ARGS ?? '').split(' ').filter(Boolean)));
  const api = new CmaApi(o.api);
  const cpuMarks: { name: string; wallMs: number; shards: number; pids: Record<string, number | undefined> }[] = [];
  const latestStats: (ShardStats | undefined)[] = [];
  let maxLag = 0;
  let maxWait = 0;
  const collect = async (): Promise<ShardStats[]> => {
    const all = await Promise.all(shards.map((s) => s.stats()));
    all.forEach((s, i) => {
      latestStats[i] = s;
      maxLag = Math.max(maxLag, s.maxLagMs);
      maxWait = Math.max(maxWait, s.maxQueueWaitMs);
    });
    return all;
  };
  const mark = async (name: string): Promise<void> => {
    const st = await collect();
    cpuMarks.push({ name, wallMs: Date.now(), shards: st.reduce((a, s) => a + s.cpuMs, 0), pids: Object.fromEntries(Object.entries(o.pids ?? {}).map(([k, pid]) => [k, procCpuMs(pid)])) });
  };
  const loadStart = loadavg();
  let lastLine = 0;
  try {
    // Bind sockets and make keys, shard by shard (contiguous index ranges: whole racks mostly stay together).
    const hostIds: string[] = [];
    for (const [s, shard] of shards.entries()) {
      const part = specs.slice(s * shardHosts, (s + 1) * shardHosts);
      hostIds.push(...(await shard.init({ cma: o.cma, hosts: part, seed: (seed * 31 + s) >>> 0 })));
      log(`ringsim live: shard ${s + 1}/${shardCount} bound ${part.length} sockets`);
    }
    const ours = new Set(hostIds);
    const before = await api.status();
    const hostsBefore = before.hosts.up;

    // Cold start.
    const rng = new SeededRng(seed);
    const delays = Array.from({ length: n }, (_, h) => Math.floor((h / n) * startOverMs) + rng.int(Math.max(1, Math.floor(startOverMs / n))));
    await mark('cold-start');
    const t0 = Date.now();
    await Promise.all(shards.map((sh, s) => sh.start(delays.slice(s * shardHosts, (s + 1) * shardHosts))));
    const joinDeadline = t0 + startOverMs + (o.joinTimeoutMs ?? 120_000);
    let allUpMs: number | undefined;
    let up99Ms: number | undefined;
    let peakJoins = 0;
    let lastUp = hostsBefore;
    let lastAt = t0;
    while (Date.now() < joinDeadline) {
      await sleep(500);
      const status = await api.status().catch(() => undefined);
      if (status === undefined) continue;
      const now = Date.now();
      const up = status.hosts.up;
      peakJoins = Math.max(peakJoins, ((up - lastUp) * 1000) / Math.max(1, now - lastAt));
      lastUp = up;
      lastAt = now;
      if (up99Ms === undefined && up - hostsBefore >= 0.99 * n) up99Ms = now - t0;
      if (up - hostsBefore >= n) {
        allUpMs = now - t0;
        break;
      }
      await progress('cold start', `${up - hostsBefore}/${n} up at the CMA`);
    }
    let allInRingsMs: number | undefined;
    if (allUpMs !== undefined) {
      while (Date.now() < joinDeadline) {
        const rows = await api.hosts().catch(() => []);
        const inRing = rows.filter((r) => ours.has(r.hostId) && r.status === 'up' && r.ringId !== null).length;
        if (inRing >= n) {
          allInRingsMs = Date.now() - t0;
          break;
        }
        await progress('rings', `${inRing}/${n} in a ring`);
        await sleep(1_000);
      }
    }
    log(`ringsim live: cold start ${allUpMs === undefined ? 'INCOMPLETE' : `${(allUpMs / 1000).toFixed(1)} s to all up`}, ${allInRingsMs === undefined ? 'rings incomplete' : `${(allInRingsMs / 1000).toFixed(1)} s to all in rings`}, peak ${Math.round(peakJoins)} joins/s`);

    // Settle, then the healthy window.
    await sleepWithProgress(o.settleMs ?? 5_000, 'settle');
    const quietStart = Date.now();
    let quietMs: number | undefined;
    if ((o.quietMaxMs ?? 0) > 0) {
      let last = await retry(() => api.status());
      let quietSince = Date.now();
      while (Date.now() - quietStart < (o.quietMaxMs ?? 0)) {
        await sleep(1_000);
        const cur = await api.status().catch(() => undefined);
        if (cur === undefined) continue;
        if (messagesOf(cur) !== messagesOf(last) || cur.suspects > 0) quietSince = Date.now();
        last = cur;
        if (Date.now() - quietSince >= 4_000) {
          quietMs = Date.now() - quietStart;
          break;
        }
        await progress('quiet', `waiting for a quiet CMA: ${cur.suspects} suspects, ${messagesOf(cur)} messages so far`);
      }
      log(`ringsim live: ${quietMs === undefined ? 'the CMA never went quiet' : `the CMA went quiet after ${(quietMs / 1000).toFixed(1)} s`}`);
    }
    await mark('healthy');
    const h0 = await retry(() => api.status());
    const healthyStats0 = await collect();
    const healthyMs = o.healthyMs ?? 20_000;
    const hStart = Date.now();
    await sleepWithProgress(healthyMs, 'healthy');
    const h1 = await retry(() => api.status());
    const healthyStats1 = await collect();
    const windowMs = Date.now() - hStart;
    const cmaMessages = messagesOf(h1) - messagesOf(h0);
    const per1000 = (x: number): number => (x * 1000) / (windowMs / 1000) / (n / 1000) / 1000;
    const simSent = healthyStats1.reduce((a, s) => a + s.sent, 0) - healthyStats0.reduce((a, s) => a + s.sent, 0);
    const healthy = {
      windowMs,
      cmaMessages,
      cmaMessagesByType: messageDelta(h0.daemon.messages, h1.daemon.messages),
      cmaMsgsPerSecPer1000: per1000(cmaMessages),
      cmaDatagramsPerSecPer1000: per1000(h1.daemon.datagramsReceived - h0.daemon.datagramsReceived),
      simDatagramsPerSecPerHost: simSent / (windowMs / 1000) / n,
    };
    log(`ringsim live: healthy ${(windowMs / 1000).toFixed(0)} s: ${cmaMessages} messages at the CMA (${healthy.cmaMsgsPerSecPer1000.toFixed(3)}/s per 1,000 hosts), ${healthy.simDatagramsPerSecPerHost.toFixed(2)} datagrams/s sent per host`);

    const common = (): Omit<LiveReport, 'kills' | 'falseDeaths' | 'falseDeathsAfterSettle' | 'cmaStoreFailures' | 'faults'> => ({
      hosts: n,
      shards: shardCount,
      seed,
      startOverMs,
      allUpMs,
      up99Ms,
      allInRingsMs,
      quietAfterMs: quietMs,
      peakJoinsPerSec: Math.round(peakJoins),
      healthy,
      cpu: phaseCpu(cpuMarks),
      loadAverage: { start: loadStart.map(round2), end: loadavg().map(round2) },
      maxShardLagMs: maxLag,
      shardRssMiB: Math.round(latestStats.reduce((a, s) => a + (s?.rssBytes ?? 0), 0) / 2 ** 20),
      rejectedDatagrams: latestStats.reduce((a, s) => a + (s?.rejected ?? 0), 0),
      droppedDatagrams: latestStats.reduce((a, s) => a + (s?.dropped ?? 0), 0),
      simOverload: overloadOf(latestStats, maxWait),
    });

    if (o.faults !== undefined) {
      await mark('faults');
      const outcome = await runLiveFaults(o.faults, { shards, shardHosts, world, hostIds, api, seed, afterMs: o.faultsAfterMs ?? 20_000, progress: (what) => progress('faults', what) });
      await mark('end');
      const final = await retry(() => api.status()).catch(() => undefined);
      const det = outcome.detectionMs;
      return {
        ...common(),
        kills: { victims: 0, victimIds: [], detected: 0, latenciesMs: det, p50Ms: percentile(det, 50), p99Ms: percentile(det, 99), maxMs: det.at(-1) ?? Number.NaN },
        falseDeaths: outcome.falseDeaths,
        falseDeathsAfterSettle: outcome.falseDeaths,
        cmaStoreFailures: final?.daemon.storeFailures ?? Number.NaN,
        faults: outcome,
      };
    }

    // Kills: one victim per rack, all at once.
    await mark('kills');
    const victims: number[] = [];
    const racks = new Set<number>();
    const want = Math.min(o.kills ?? 5, world.switchCount);
    for (let tries = 0; victims.length < want && tries < 100 * want; tries++) {
      const h = rng.int(n);
      const sw = world.hostSwitch[h] ?? 0;
      if (racks.has(sw)) continue;
      racks.add(sw);
      victims.push(h);
    }
    const killStart = Date.now();
    const killedAt = new Map<string, number>();
    await Promise.all(
      shards.map(async (sh, s) => {
        const mine = victims.filter((h) => Math.floor(h / shardHosts) === s);
        if (mine.length === 0) return;
        const walls = await sh.kill(mine.map((h) => h - s * shardHosts));
        mine.forEach((h, k) => killedAt.set(hostIds[h] ?? '', walls[k] ?? killStart));
      }),
    );
    const deadAt = new Map<string, number>();
    const falseDeaths = new Set<string>();
    const falseAfterSettle = new Set<string>();
    const deadline = killStart + (o.deadWaitMs ?? 30_000);
    let watchUntil = Number.POSITIVE_INFINITY;
    // The event log since the kill, polled (a query of the store: kept small); the whole run's log once at the end.
    const see = (events: readonly CmaEventRow[]): void => {
      for (const e of events) {
        if (e.type !== 'host-dead' || e.hostId === null || !ours.has(e.hostId)) continue;
        if (killedAt.has(e.hostId)) {
          if (!deadAt.has(e.hostId) && e.wallMs >= killStart - 1_000) deadAt.set(e.hostId, e.wallMs);
        } else {
          falseDeaths.add(e.hostId);
          if (e.wallMs >= hStart) falseAfterSettle.add(e.hostId);
        }
      }
    };
    for (;;) {
      await sleep(500);
      see(await api.events(killStart - 1_000).catch(() => []));
      const now = Date.now();
      if (deadAt.size >= killedAt.size && watchUntil === Number.POSITIVE_INFINITY) watchUntil = now + (o.watchAfterMs ?? 7_000);
      if (now >= watchUntil || (watchUntil === Number.POSITIVE_INFINITY && now >= deadline)) break;
      await progress('kills', `${deadAt.size}/${killedAt.size} victims dead at the CMA, ${falseDeaths.size} false deaths`);
    }
    await mark('end');
    // The whole run's log can be large and the CMA slow: without it, false deaths count from the kill on only.
    see(await retry(() => api.events(t0 - 1_000)).catch((): CmaEventRow[] => []));
    const latencies = [...deadAt].map(([id, at]) => at - (killedAt.get(id) ?? at)).sort((a, b) => a - b);
    const final = await retry(() => api.status()).catch(() => undefined);
    return {
      ...common(),
      kills: { victims: killedAt.size, victimIds: [...killedAt.keys()], detected: deadAt.size, latenciesMs: latencies, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), maxMs: latencies.at(-1) ?? Number.NaN },
      falseDeaths: falseDeaths.size,
      falseDeathsAfterSettle: falseAfterSettle.size,
      cmaStoreFailures: final?.daemon.storeFailures ?? Number.NaN,
    };
  } finally {
    await Promise.all(shards.map((s) => s.close()));
  }

  async function progress(phase: string, what: string): Promise<void> {
    if (Date.now() - lastLine < 2_000) return;
    lastLine = Date.now();
    const st = await collect().catch(() => []);
    const started = st.reduce((a, s) => a + s.started, 0);
    const lag = st.reduce((a, s) => Math.max(a, s.maxLagMs), 0);
    const adv = st.reduce((a, s) => Math.max(a, s.maxAdvanceMs), 0);
    const rcv = st.reduce((a, s) => Math.max(a, s.maxReceiveMs), 0);
    const queued = st.reduce((a, s) => a + s.queued, 0);
    const wait = st.reduce((a, s) => Math.max(a, s.maxQueueWaitMs), 0);
    log(`ringsim live: ${phase}: ${what}; ${started}/${n} started, shard lag ≤ ${lag} ms (longest wheel turn ${adv} ms, datagram ${rcv} ms, ${queued} queued, waited ≤ ${wait} ms), load ${loadavg()[0]?.toFixed(1) ?? '?'}`);
  }

  async function sleepWithProgress(ms: number, phase: string): Promise<void> {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      await sleep(Math.min(2_000, end - Date.now()));
      if (Date.now() < end) await progress(phase, `${Math.ceil((end - Date.now()) / 1000)} s left`);
    }
  }
}

/** A shard queue wait this long makes heartbeats late enough to matter (a third of lan's 3 s dead time). */
const OVERLOAD_WAIT_MS = 1_000;

function overloadOf(stats: readonly (ShardStats | undefined)[], maxWaitMs: number): LiveReport['simOverload'] {
  const staleDropped = stats.reduce((a, s) => a + (s?.staleDropped ?? 0) + (s?.dropped ?? 0), 0);
  return { staleDropped, maxQueueWaitMs: Math.round(maxWaitMs), overloaded: staleDropped > 0 || maxWaitMs >= OVERLOAD_WAIT_MS };
}

function messageDelta(before: Readonly<Record<string, number>>, after: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(after)) if (v !== (before[k] ?? 0)) out[k] = v - (before[k] ?? 0);
  return out;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

function phaseCpu(marks: readonly { name: string; wallMs: number; shards: number; pids: Record<string, number | undefined> }[]): Record<string, PhaseCpu> {
  const out: Record<string, PhaseCpu> = {};
  for (let i = 0; i + 1 < marks.length; i++) {
    const a = marks[i];
    const b = marks[i + 1];
    if (a === undefined || b === undefined) continue;
    const wall = Math.max(1, b.wallMs - a.wallMs);
    const cores: Record<string, number> = { sim: round2((b.shards - a.shards) / wall) };
    for (const [k, v] of Object.entries(b.pids)) {
      const v0 = a.pids[k];
      if (v !== undefined && v0 !== undefined) cores[k] = round2((v - v0) / wall);
    }
    out[a.name] = { wallMs: wall, cores };
  }
  return out;
}
