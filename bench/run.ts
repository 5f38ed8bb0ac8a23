// `npm run bench [-- name ...]`: runs the benchmarks (all, or those named) and writes bench/results/<name>.json.
// BENCH_SMOKE=1 shortens every case (CI runs that so the benchmarks don't rot; its figures mean nothing).
import { runCodecBench } from './codec.ts';
import { runDetectionBench } from './detection.ts';
import { runCollectBench } from './discovery-collect.ts';
import { runProcfsBench } from './discovery-procfs.ts';
import { runFramesBench } from './discovery-frames.ts';
import { SHIPPED, SHIPPED_VARIANT, runFootprintBench } from './footprint.ts';
import { shebangNodeArgs } from '../test/helpers/fleet.ts';
import { writeResult, type BenchResult } from './report.ts';
import { FULL_INIT as QUERIES_FULL, runQueriesBench } from './queries.ts';
import { runRingBench } from './ring.ts';
import { runStoreBench } from './store.ts';
import { runSerfBench } from './serf.ts';
import { runSimBench } from './sim.ts';
import { DEFAULT_SIM_LIVE_BENCH, runSimLiveBench } from './sim-live.ts';

const smoke = process.env.BENCH_SMOKE === '1';

/** Benchmarks that start their own Neo4j: a smoke run (BENCH_SMOKE=1) runs them only when named. */
const envInt = (name: string, fallback: number): number => (process.env[name] === undefined ? fallback : Number(process.env[name]));

const BENCHMARKS: Record<string, () => BenchResult | Promise<BenchResult>> = {
  codec: () => runCodecBench(smoke ? { durationMs: 50, receiveStream: 2_000 } : undefined),
  'discovery-collect': () => ({
    benchmark: 'discovery-collect',
    figures: runCollectBench(smoke ? { cycles: 2, sockets: 1_000, processes: 10 } : undefined),
    notes: 'nanoprobe HostCollectors.run per kind on this host (collect, payload, canonical sha256) followed by the core diff index of the result (protocol/discovery-diff.ts), plus netstat over a generated procfs tree; each in a fresh process loading only the nanoprobe discovery code, run with the nanoprobe V8 flags (--lite-mode, its shebang); netstat streams /proc/net and the fd links (discovery/collectors/netstat-stream.ts) and hashes without a JSON copy; CPU = that process (not its ip/dpkg-query children). Before (main 0bdaead, same machine): 161.9 MB without --lite-mode (the old figure), 75.3 MB with it',
  }),
  'discovery-frames': () => ({
    benchmark: 'discovery-frames',
    figures: runFramesBench(smoke ? { durationMs: 50 } : undefined),
    notes: 'discovery/parsers: decodeDiscoveryFrame over real captures (test/fixtures/lldp-cdp), one core',
  }),
  detection: () => runDetectionBench(smoke ? { nanoprobes: 4, kills: 2, soakMs: 5_000, healthyMs: 3_000 } : undefined),
  footprint: () =>
    runFootprintBench({
      nanoprobes: smoke ? 3 : 8,
      windowMs: smoke ? 3_000 : Number(process.env.RW_FOOTPRINT_WINDOW_MS ?? 60_000),
      // Past the first discovery cycle of the CMA's default plan (netstat/arp every 60 s, inventory at start).
      settleMs: smoke ? 1_000 : Number(process.env.RW_FOOTPRINT_SETTLE_MS ?? 75_000),
      variants: {
        [SHIPPED]: SHIPPED_VARIANT,
        ...(smoke
          ? {}
          : {
              // Heartbeating alone: the CMA sends no discovery plan (what the 0.2 % target was first measured on).
              'shipped, no discovery plan': { ...SHIPPED_VARIANT, cmaArgs: ['--discovery', 'none'] },
              'unbundled bin': { nodeArgs: shebangNodeArgs('dist/nanoprobe/cli.js') },
              'plain node': { nodeArgs: [] },
            }),
      },
    }),
  'discovery-procfs': () => ({
    benchmark: 'discovery-procfs',
    figures: runProcfsBench(smoke ? { connections: 1_000, processes: 100, durationMs: 50 } : undefined),
    notes: 'discovery/parsers: generated busy-server /proc/net/tcp (ESTABLISHED, TIME_WAIT, LISTEN mix), median of repeated runs',
  }),
  ring: () => ({
    benchmark: 'ring',
    figures: runRingBench(smoke ? { hosts: 2_000, switches: 20, leaves: 200, moves: 200 } : undefined),
    notes: 'cma/ring planner: joins into switch rings, then scattered leaves and moves (commands per op in extra)',
  }),
  // queries: the full run loads a generated 100k-host graph (≈7–11 min) into Neo4j, or reuses the one kept in
  // BENCH_QUERIES_DIR; the smoke run a toy one.
  queries: async () => {
    const hosts = envInt('BENCH_QUERIES_HOSTS', QUERIES_FULL.hosts);
    const init = smoke
      ? { hosts: 200, processesPerHost: 4, dependsOn: 1_000, runs: 1, pageCache: '64m' }
      : { ...QUERIES_FULL, hosts, dependsOn: Math.round((QUERIES_FULL.dependsOn * hosts) / QUERIES_FULL.hosts), runs: envInt('BENCH_QUERIES_RUNS', QUERIES_FULL.runs), pageCache: process.env.BENCH_QUERIES_PAGECACHE ?? QUERIES_FULL.pageCache };
    return { benchmark: 'queries', ...(await runQueriesBench(init, smoke ? undefined : process.env.BENCH_QUERIES_DIR)) };
  },
  store: () => runStoreBench(smoke ? { hosts: 300, steadyMs: 500 } : undefined),
  sim: () =>
    runSimBench(smoke ? { hosts: 300, durationMs: 60_000, millionHosts: 0, millionMs: 0, realTimeProbeHosts: 300, realTimeSteadyMs: 10_000 } : undefined),
};

/** Run only when named: serf needs software the CI machine does not install (`apt-get install serf`). */
const ON_REQUEST: Record<string, () => Promise<BenchResult>> = {
  serf: () => runSerfBench(smoke ? { agents: 3, kills: 1, soakMs: 3_000 } : undefined),
  // sim-live: minutes per size, with its own Neo4j (SIM_LIVE_SIZES, SIM_LIVE_STORE; see bench/sim-live.ts).
  'sim-live': () => runSimLiveBench(smoke ? { sizes: [300], kills: 3, healthyMs: 5_000, store: 'memory' } : DEFAULT_SIM_LIVE_BENCH),
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((n) => !(n in BENCHMARKS) && !(n in ON_REQUEST));
if (unknown.length > 0) {
  console.error(`error: unknown benchmark ${unknown.join(', ')} (have: ${[...Object.keys(BENCHMARKS), ...Object.keys(ON_REQUEST)].join(', ')})`);
  process.exit(2);
}
for (const [name, run] of Object.entries(BENCHMARKS)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.error(`bench: ${name}${smoke ? ' (smoke)' : ''} …`);
  writeResult(await run(), smoke ? 'dist/bench-smoke' : 'bench/results');
}
for (const [name, run] of Object.entries(ON_REQUEST)) {
  if (!wanted.includes(name)) continue;
  console.error(`bench: ${name}${smoke ? ' (smoke)' : ''} …`);
  writeResult(await run(), smoke ? 'dist/bench-smoke' : 'bench/results');
}
