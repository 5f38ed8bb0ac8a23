// Live mode at scale (issue 8, DESIGN §10–11): N virtual hosts (the real NanoprobeCore + protocol Link, one real
// UDP socket each on 127.x.y.z, in shard processes) against a real `cma run` process storing into a real embedded
// Neo4j. Per size: cold start (1,000 joins/s offered) until every host is up and in a ring at the CMA, CMA
// messages/s per 1,000 healthy hosts, kill -9 of one host on each of `kills` racks → `host-dead` in the CMA's
// event log (p50/p99), false deaths; CPU of the shards, the CMA and Neo4j per phase, and the load average.
// Environment: SIM_LIVE_SIZES (comma list, default "10000"), SIM_LIVE_KILLS (50), SIM_LIVE_HEALTHY_MS (30000),
// SIM_LIVE_STORE (neo4j | memory).
import { loadavg } from 'node:os';
import { runLive, type LiveReport } from '../simulator/index.ts';
import { startCmaProcess } from '../test/helpers/cma-process.ts';
import { startTestNeo4j, type TestNeo4j } from '../test/helpers/neo4j-server.ts';
import type { BenchFigure, BenchResult } from './report.ts';

export interface SimLiveBenchInit {
  readonly sizes: readonly number[];
  readonly kills: number;
  readonly healthyMs: number;
  readonly store: 'neo4j' | 'memory';
}

const env = (name: string): string | undefined => (process.env[name] === '' ? undefined : process.env[name]);

export const DEFAULT_SIM_LIVE_BENCH: SimLiveBenchInit = {
  sizes: (env('SIM_LIVE_SIZES') ?? '10000').split(',').map(Number),
  kills: Number(env('SIM_LIVE_KILLS') ?? 50),
  healthyMs: Number(env('SIM_LIVE_HEALTHY_MS') ?? 30_000),
  store: env('SIM_LIVE_STORE') === 'memory' ? 'memory' : 'neo4j',
};

const sec = (ms: number | undefined): number => (ms === undefined ? Number.NaN : Math.round(ms / 10) / 100);

function figuresOf(r: LiveReport): BenchFigure[] {
  const n = r.hosts.toLocaleString('en-US');
  const extra = { cpuCoresPerPhase: r.cpu, loadAverage: r.loadAverage, maxShardLagMs: r.maxShardLagMs, shards: r.shards, shardRssMiB: r.shardRssMiB, startOverMs: r.startOverMs, simOverload: r.simOverload };
  return [
    { name: `${n} hosts: cold start, all up at the CMA`, value: sec(r.allUpMs), unit: 's', ...(r.hosts >= 100_000 ? { target: { op: '<=', value: 120 } } : {}), extra: { ...extra, quietAfterS: sec(r.quietAfterMs), up99S: sec(r.up99Ms), allInRingsS: sec(r.allInRingsMs), offeredJoinsPerSec: Math.round((r.hosts * 1000) / r.startOverMs) } },
    { name: `${n} hosts: peak joins committed`, value: r.peakJoinsPerSec, unit: 'hosts/s', target: { op: '>=', value: 1_000 } },
    { name: `${n} hosts: CMA msgs/s per 1,000 healthy hosts`, value: Math.round(r.healthy.cmaMsgsPerSecPer1000 * 1000) / 1000, unit: 'msgs/s', target: { op: '<=', value: 1 }, extra: { windowMs: r.healthy.windowMs, messages: r.healthy.cmaMessages, byType: r.healthy.cmaMessagesByType, cmaDatagramsPerSecPer1000: r.healthy.cmaDatagramsPerSecPer1000, hostDatagramsPerSec: r.healthy.simDatagramsPerSecPerHost } },
    { name: `${n} hosts: kill→dead p50`, value: sec(r.kills.p50Ms), unit: 's', target: { op: '<=', value: 3.5 }, extra: { victims: r.kills.victims, detected: r.kills.detected } },
    { name: `${n} hosts: kill→dead p99`, value: sec(r.kills.p99Ms), unit: 's', target: { op: '<=', value: 5 }, extra: { maxS: sec(r.kills.maxMs), latenciesMs: r.kills.latenciesMs } },
    { name: `${n} hosts: false deaths after the settle time`, value: r.falseDeathsAfterSettle, unit: 'hosts', target: { op: '<=', value: 0 }, extra: { simOverload: r.simOverload } },
    { name: `${n} hosts: false deaths in the whole run`, value: r.falseDeaths, unit: 'hosts', extra: { note: 'cold start included: a starved shard makes whole racks late together' } },
  ];
}

export async function runSimLiveBench(init: SimLiveBenchInit = DEFAULT_SIM_LIVE_BENCH): Promise<BenchResult> {
  const figures: BenchFigure[] = [];
  const loadAtStart = loadavg().map((l) => l.toFixed(1)).join(' ');
  let neo: TestNeo4j | undefined;
  try {
    if (init.store === 'neo4j') neo = await startTestNeo4j({ javaOpts: process.env.NEO4J_JAVA_OPTS ?? '-Xmx1g', pagecache: '512m' });
    for (const hosts of init.sizes) {
      await neo?.wipe();
      const storeArgs = neo === undefined ? ['--store', 'memory'] : ['--store', 'neo4j', '--neo4j-uri', neo.uri];
      const cma = await startCmaProcess(storeArgs, neo === undefined ? {} : { RINGWATCH_NEO4J_PASSWORD: neo.password });
      try {
        console.error(`sim-live: ${hosts} hosts against cma pid ${cma.pid} (${init.store})`);
        const report = await runLive({
          hosts,
          cma: cma.udp,
          api: cma.api,
          seed: 1,
          healthyMs: init.healthyMs,
          settleMs: 10_000,
          quietMaxMs: 180_000,
          kills: init.kills,
          deadWaitMs: 120_000,
          pids: { cma: cma.pid, ...(neo === undefined ? {} : { neo4j: neo.handle.pid }) },
          onProgress: (line) => {
            console.error(line);
          },
        });
        console.error(`sim-live: ${JSON.stringify({ ...report, kills: { ...report.kills, victimIds: undefined, latenciesMs: undefined } })}`);
        figures.push(...figuresOf(report));
      } finally {
        await cma.stop();
      }
    }
  } finally {
    await neo?.stop();
  }
  return {
    benchmark: 'sim-live',
    figures,
    notes: `ringsim live against a real cma run (${init.store === 'neo4j' ? 'embedded Neo4j 5.26, -Xmx1g, pagecache 512m' : 'memory store'}), lan timing, discovery off, one UDP socket per virtual host on 127.16.0.0–127.255.255.255, shard processes of ≤ 15,000 hosts; load average at start ${loadAtStart}, at end ${loadavg().map((l) => l.toFixed(1)).join(' ')} (2-core machine shared with other jobs)`,
  };
}
