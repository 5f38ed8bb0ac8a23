// Simulator macro-benchmarks (issue 8, DESIGN §11 "simulator ≥ 50,000 virtual hosts per core in real time"):
//  1. N hosts × T of virtual time at lan timing with a few kill -9s: wall time, events/s, peak heap, figures;
//  2. the same at 1M hosts (if SIM_BENCH_MILLION_MS is not 0);
//  3. the largest N kept in real time on one core, steady state (after cold start): measured at a probe size,
//     extrapolated linearly, then verified at that size.
// Environment (defaults are the issue's sizes): SIM_BENCH_HOSTS (100000), SIM_BENCH_MS (3600000),
// SIM_BENCH_MILLION_HOSTS (1000000), SIM_BENCH_MILLION_MS (600000), SIM_BENCH_RT_PROBE (50000).
// Run: npm run bench -- sim   (the 1M case needs node --max-old-space-size; bench/run.ts is started without it,
// so run `node --max-old-space-size=20000 dist/bench/run.js sim` for the full set).
import { loadavg } from 'node:os';
import { Simulation, buildReport, generateWorld, parseScenario, type SimProgress, type SimReport } from '../simulator/index.ts';
import type { BenchFigure, BenchResult } from './report.ts';

export interface SimBenchInit {
  readonly hosts: number;
  readonly durationMs: number;
  readonly millionHosts: number;
  /** 0 skips the 1M case. */
  readonly millionMs: number;
  /** Host count of the real-time probe run; 0 skips the real-time search. */
  readonly realTimeProbeHosts: number;
  /** Virtual time of each real-time run after cold start. */
  readonly realTimeSteadyMs: number;
}

const envInt = (name: string, def: number): number => {
  const v = process.env[name];
  return v === undefined || v === '' ? def : Number(v);
};

export const DEFAULT_SIM_BENCH: SimBenchInit = {
  hosts: envInt('SIM_BENCH_HOSTS', 100_000),
  durationMs: envInt('SIM_BENCH_MS', 3_600_000),
  millionHosts: envInt('SIM_BENCH_MILLION_HOSTS', 1_000_000),
  millionMs: envInt('SIM_BENCH_MILLION_MS', 600_000),
  realTimeProbeHosts: envInt('SIM_BENCH_RT_PROBE', 50_000),
  realTimeSteadyMs: envInt('SIM_BENCH_RT_MS', 60_000),
};

interface Timed {
  readonly report: SimReport;
  /** Virtual ms per CPU ms after cold start (steady state): ≥ 1 keeps real time on one core. */
  readonly steadyFactor: number;
}

/** One lan run of `hosts` for `durationMs` with a kill of 10 hosts every 5 virtual minutes (and one at 2/3 of short runs). */
async function lanRun(hosts: number, durationMs: number, label: string): Promise<Timed> {
  const startOverMs = Math.min(60_000, Math.max(1_000, hosts / 5));
  const settleMs = startOverMs + 20_000;
  const faults = [];
  for (let at = 300_000; at < durationMs - 30_000; at += 300_000) faults.push({ kind: 'kill-host', atMs: at, hosts: 10, restartAfterMs: 60_000 });
  if (faults.length === 0 && durationMs > settleMs + 30_000) faults.push({ kind: 'kill-host', atMs: Math.round(settleMs + (durationMs - settleMs) / 2), hosts: 10 });
  const sc = parseScenario(
    JSON.stringify({
      name: `bench-${label}`,
      durationMs,
      startOverMs,
      world: { hosts },
      codecSample: 0.001,
      invariants: { everyMs: 60_000, fullCheckMaxHosts: 20_000 },
      healthy: { fromMs: Math.min(settleMs, durationMs), toMs: faults[0]?.atMs ?? durationMs },
      faults,
    }),
    label,
  );
  const world = generateWorld(sc.world, sc.seed);
  const sim = new Simulation(world, sc);
  let settled: SimProgress | undefined;
  let last: SimProgress | undefined;
  const outcome = await sim.run({
    progressEveryMs: 1_000,
    onProgress: (p) => {
      if (settled === undefined && p.nowMs >= settleMs) settled = p;
      last = p;
      console.error(`bench sim ${label}: virtual ${(p.nowMs / 1000).toFixed(0)}/${durationMs / 1000} s, ${p.events} events, wall ${(p.wallMs / 1000).toFixed(0)} s, CPU ${(p.cpuMs / 1000).toFixed(0)} s, heap ${(p.heapBytes / 2 ** 20).toFixed(0)} MiB, load ${loadavg()[0]?.toFixed(1)}`);
    },
  });
  const report = buildReport(sc, outcome);
  // Per CPU second (the machine is shared, so wall time over-counts); too short a run for two progress samples
  // after cold start: the whole run's virtual/CPU stands in.
  const steadyFactor =
    settled !== undefined && last !== undefined && last.cpuMs > settled.cpuMs ? (last.nowMs - settled.nowMs) / (last.cpuMs - settled.cpuMs) : durationMs / Math.max(1, report.run.cpuMs);
  return { report, steadyFactor };
}

function runFigures(label: string, t: Timed): BenchFigure[] {
  const r = t.report;
  return [
    { name: `${label}: wall time`, value: Math.round(r.run.wallMs / 1000), unit: 's', extra: { cpuMs: r.run.cpuMs, events: r.run.events, loadAvg1m: loadavg()[0] } },
    { name: `${label}: events/s (wall)`, value: r.run.eventsPerSecond, unit: 'events/s' },
    { name: `${label}: events per CPU second`, value: Math.round(r.run.events / Math.max(r.run.cpuMs / 1000, 1e-9)), unit: 'events/s' },
    { name: `${label}: virtual/wall (whole run)`, value: r.run.realTimeFactor, unit: '×' },
    { name: `${label}: virtual/CPU (steady state)`, value: Number(t.steadyFactor.toFixed(2)), unit: '×' },
    { name: `${label}: peak heap`, value: Math.round(r.run.peakHeapBytes / 2 ** 20), unit: 'MiB', extra: { bytesPerHost: r.run.heapBytesPerHost } },
    { name: `${label}: detection p99`, value: r.detection.p99, unit: 'ms', target: { op: '<=', value: 5_000 }, extra: { p50: r.detection.p50, max: r.detection.max, deaths: r.detection.count } },
    { name: `${label}: false deaths`, value: r.deaths.falseDeaths, unit: 'hosts', target: { op: '<=', value: 0 } },
    { name: `${label}: CMA msgs/s per 1,000 hosts (healthy)`, value: r.cma.msgsPerSecPer1000Healthy, unit: 'msgs/s', target: { op: '<=', value: 1 } },
    { name: `${label}: joins/s (cold start, peak)`, value: r.joins.peakPerSecond, unit: 'joins/s', extra: { mean: r.joins.perSecond } },
    { name: `${label}: invariant violations`, value: r.invariants.violations, unit: 'violations', target: { op: '<=', value: 0 } },
  ];
}

const label = (hosts: number, ms: number): string => `${hosts >= 1_000_000 ? `${hosts / 1_000_000}M` : `${hosts / 1_000}k`} hosts × ${ms >= 60_000 ? `${ms / 60_000} min` : `${ms / 1000} s`}`;

/** Runs the simulator benchmarks. */
export async function runSimBench(init: SimBenchInit = DEFAULT_SIM_BENCH): Promise<BenchResult> {
  const figures: BenchFigure[] = [];
  const main = label(init.hosts, init.durationMs);
  figures.push(...runFigures(main, await lanRun(init.hosts, init.durationMs, main)));
  if (init.millionMs > 0) {
    const big = label(init.millionHosts, init.millionMs);
    figures.push(...runFigures(big, await lanRun(init.millionHosts, init.millionMs, big)));
  }
  if (init.realTimeProbeHosts > 0) {
    const probeHosts = init.realTimeProbeHosts;
    const startMs = Math.min(60_000, Math.max(1_000, probeHosts / 5)) + 20_000;
    const probe = await lanRun(probeHosts, startMs + init.realTimeSteadyMs, `real-time probe ${probeHosts}`);
    const estimate = Math.max(1_000, Math.floor((probeHosts * probe.steadyFactor) / 5_000) * 5_000);
    const verifyStart = Math.min(60_000, Math.max(1_000, estimate / 5)) + 20_000;
    const verify = await lanRun(estimate, verifyStart + init.realTimeSteadyMs, `real-time verify ${estimate}`);
    figures.push({
      name: 'largest N in real time on one core (steady state, lan)',
      value: verify.steadyFactor >= 1 ? estimate : Math.floor((estimate * verify.steadyFactor) / 1_000) * 1_000,
      unit: 'hosts',
      target: { op: '>=', value: 50_000 },
      extra: { probeHosts, probeFactor: probe.steadyFactor, estimate, verifyFactor: verify.steadyFactor, loadAvg1m: loadavg()[0] },
    });
  }
  return {
    benchmark: 'sim',
    figures,
    notes: 'ringsim virtual time: real NanoprobeCore per host + real CmaCore (light store), lan timing, kill -9 of 10 hosts every 5 min; one core; the machine is shared (load average in extra)',
  };
}
