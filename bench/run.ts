// `npm run bench [-- name ...]`: runs the benchmarks (all, or those named) and writes bench/results/<name>.json.
// BENCH_SMOKE=1 shortens every case (CI runs that so the benchmarks don't rot; its figures mean nothing).
import { runCodecBench } from './codec.ts';
import { runDetectionBench } from './detection.ts';
import { runProcfsBench } from './discovery-procfs.ts';
import { runFramesBench } from './discovery-frames.ts';
import { writeResult, type BenchResult } from './report.ts';
import { runRingBench } from './ring.ts';
import { runSimBench } from './sim.ts';

const smoke = process.env.BENCH_SMOKE === '1';

const BENCHMARKS: Record<string, () => BenchResult | Promise<BenchResult>> = {
  codec: () => runCodecBench(smoke ? { durationMs: 50, receiveStream: 2_000 } : undefined),
  'discovery-frames': () => ({
    benchmark: 'discovery-frames',
    figures: runFramesBench(smoke ? { durationMs: 50 } : undefined),
    notes: 'discovery/parsers: decodeDiscoveryFrame over real captures (test/fixtures/lldp-cdp), one core',
  }),
  detection: () => runDetectionBench(smoke ? { nanoprobes: 4, kills: 2, soakMs: 5_000, healthyMs: 3_000 } : undefined),
  procfs: () => ({
    benchmark: 'discovery-procfs',
    figures: runProcfsBench(smoke ? { connections: 1_000, processes: 100, durationMs: 50 } : undefined),
    notes: 'discovery/parsers: generated busy-server /proc/net/tcp (ESTABLISHED, TIME_WAIT, LISTEN mix), median of repeated runs',
  }),
  ring: () => ({
    benchmark: 'ring',
    figures: runRingBench(smoke ? { hosts: 2_000, switches: 20, leaves: 200, moves: 200 } : undefined),
    notes: 'cma/ring planner: joins into switch rings, then scattered leaves and moves (commands per op in extra)',
  }),
  sim: () =>
    runSimBench(smoke ? { hosts: 300, durationMs: 60_000, millionHosts: 0, millionMs: 0, realTimeProbeHosts: 300, realTimeSteadyMs: 10_000 } : undefined),
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((n) => !(n in BENCHMARKS));
if (unknown.length > 0) {
  console.error(`error: unknown benchmark ${unknown.join(', ')} (have: ${Object.keys(BENCHMARKS).join(', ')})`);
  process.exit(2);
}
for (const [name, run] of Object.entries(BENCHMARKS)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.error(`bench: ${name}${smoke ? ' (smoke)' : ''} …`);
  writeResult(await run(), smoke ? 'dist/bench-smoke' : 'bench/results');
}
