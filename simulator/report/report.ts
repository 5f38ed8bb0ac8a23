/**
 * The run report: figures from a SimOutcome, the scenario's expectations checked against them, a human summary
 * (stdout) and the JSON form (`--json`, report.json).
 */
import { percentile } from '../engine/metrics.ts';
import type { SimOutcome } from '../engine/engine.ts';
import type { Scenario } from '../scenario/types.ts';
import { checkExpectations, type ExpectationResult } from './expect.ts';
import type { GraphAccuracy } from './graph-accuracy.ts';

/** One expectation and whether it held. */

/** Latency summary, ms (NaN → null in JSON when there were none). */
export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export interface SimReport {
  readonly scenario: string;
  readonly seed: number;
  readonly hosts: number;
  readonly durationMs: number;
  readonly hash: string;
  readonly significantEvents: number;
  readonly run: {
    readonly events: number;
    readonly wallMs: number;
    readonly eventsPerSecond: number;
    /** Virtual ms per wall ms: ≥ 1 means faster than real time. */
    readonly realTimeFactor: number;
    readonly cpuMs: number;
    readonly peakHeapBytes: number;
    readonly heapBytesPerHost: number;
    readonly coreCalls: number;
    readonly cmaCalls: number;
  };
  readonly detection: LatencySummary;
  readonly deaths: {
    readonly true: number;
    readonly falseDeaths: number;
    readonly falseExamples: readonly string[];
    readonly stale: number;
    readonly stalledOrRebooting: number;
    readonly missed: number;
  };
  readonly ringUnreachable: { readonly count: number; readonly rings: readonly string[] };
  readonly cma: {
    readonly msgsPerSecPer1000Healthy: number;
    readonly healthyWindowMs: readonly [number, number];
    readonly peakMsgsPerSecond: number;
    readonly notifications: Readonly<Record<string, number>>;
    readonly final: SimOutcome['cmaStatus'];
  };
  readonly joins: { readonly count: number; readonly perSecond: number; readonly peakPerSecond: number };
  readonly ringRepair: LatencySummary;
  readonly invariants: { readonly checks: number; readonly violations: number; readonly examples: readonly string[] };
  readonly codec: { readonly roundTrips: number; readonly errors: number };
  readonly network: SimOutcome['network'] & { readonly channelDrops: number; readonly peerDeliveries: number };
  readonly notUpAtEnd: number;
  readonly storeError: string | null;
  /** Graph precision/recall per kind against the ground truth; null without `discovery` or a store keeping it. */
  readonly graph: GraphAccuracy | null;
  readonly expectations: readonly ExpectationResult[];
  readonly passed: boolean;
  /** CMA application messages per virtual second (the plot's second panel). */
  readonly cmaMsgsPerSecond: readonly number[];
  /** Sorted detection latencies (the CDF). */
  readonly detectionLatenciesMs: readonly number[];
}

function summary(values: readonly number[]): LatencySummary {
  return { count: values.length, p50: round(percentile(values, 50)), p99: round(percentile(values, 99)), max: round(values.length === 0 ? Number.NaN : Math.max(...values)) };
}

function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Builds the report of one run. */
export function buildReport(sc: Scenario, o: SimOutcome): SimReport {
  const m = o.metrics;
  const hosts = sc.world.hosts;
  const [from, to] = [sc.healthy.fromMs, sc.healthy.toMs];
  const firstS = Math.ceil(from / 1000);
  const lastS = Math.floor(to / 1000);
  let healthyMsgs = 0;
  for (let s = firstS; s < lastS; s++) healthyMsgs += m.cmaMsgsPerSecond[s] ?? 0;
  const healthySeconds = Math.max(0, lastS - firstS);
  const perSecPer1000 = healthySeconds === 0 ? Number.NaN : round((healthyMsgs / healthySeconds) * (1000 / hosts), 3);
  const joinSpan = (m.lastJoinMs - m.firstJoinMs) / 1000;
  const detection = summary(m.detectionMs);
  const report: Omit<SimReport, 'expectations' | 'passed'> = {
    scenario: sc.name,
    seed: sc.seed,
    hosts,
    durationMs: sc.durationMs,
    hash: o.hash,
    significantEvents: m.significantEvents,
    run: {
      events: o.events,
      wallMs: Math.round(o.wallMs),
      eventsPerSecond: Math.round(o.events / Math.max(o.wallMs / 1000, 1e-9)),
      realTimeFactor: round(sc.durationMs / Math.max(o.wallMs, 1e-9), 2),
      cpuMs: Math.round(o.cpuUserMs + o.cpuSystemMs),
      peakHeapBytes: o.peakHeapBytes,
      heapBytesPerHost: Math.round(o.peakHeapBytes / (hosts + sc.world.reserveHosts)),
      coreCalls: m.coreCalls,
      cmaCalls: m.cmaCalls,
    },
    detection,
    deaths: { true: m.trueDeaths, falseDeaths: m.falseDeaths, falseExamples: m.falseDeathExamples, stale: m.staleDeaths, stalledOrRebooting: m.otherDownDeaths, missed: m.missedDetections },
    ringUnreachable: { count: m.ringUnreachable, rings: m.ringUnreachableRings },
    cma: {
      msgsPerSecPer1000Healthy: perSecPer1000,
      healthyWindowMs: [from, to],
      peakMsgsPerSecond: Math.max(0, ...m.cmaMsgsPerSecond),
      notifications: m.notifications,
      final: o.cmaStatus,
    },
    joins: { count: m.joins, perSecond: joinSpan > 0 ? Math.round(m.joins / joinSpan) : m.joins, peakPerSecond: Math.max(0, ...m.joinsPerSecond) },
    ringRepair: summary(m.repairMs),
    invariants: { checks: m.invariantChecks, violations: m.invariantViolations, examples: m.invariantExamples },
    codec: { roundTrips: m.codecRoundTrips, errors: m.codecErrors },
    network: { ...o.network, channelDrops: m.channelDrops, peerDeliveries: m.peerDeliveries },
    notUpAtEnd: o.notUpAtEnd,
    storeError: o.storeError ?? null,
    graph: o.graph ?? null,
    cmaMsgsPerSecond: m.cmaMsgsPerSecond,
    detectionLatenciesMs: [...m.detectionMs].sort((a, b) => a - b).map((v) => round(v)),
  };
  const expectations = checkScenario(sc, report);
  return { ...report, expectations, passed: expectations.every((e) => e.ok) && o.storeError === undefined };
}

function checkScenario(sc: Scenario, r: Omit<SimReport, 'expectations' | 'passed'>): ExpectationResult[] {
  return checkExpectations(sc.expect, {
    falseDeaths: r.deaths.falseDeaths,
    missed: r.deaths.missed,
    deaths: r.deaths.true,
    detections: r.detection.count,
    detectionP99Ms: r.detection.p99,
    detectionMaxMs: r.detection.max,
    ringUnreachable: r.ringUnreachable.count,
    invariantViolations: r.invariants.violations,
    notUpAtEnd: { count: r.notUpAtEnd, meaning: 'up and in a ring' },
    cmaMsgsPerSecPer1000: r.cma.msgsPerSecPer1000Healthy,
    graph: r.graph,
    codecErrors: r.codec.errors,
  });
}

const fmt = (n: number): string => (Number.isNaN(n) ? '–' : n.toLocaleString('en-US', { maximumFractionDigits: 2 }));
const mib = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MiB`;

/** The human summary (stdout). */
export function formatReport(r: SimReport): string {
  const lines = [
    `scenario ${r.scenario}  seed ${r.seed}  hosts ${fmt(r.hosts)}  virtual ${fmt(r.durationMs / 1000)} s`,
    `event-log hash ${r.hash} (${fmt(r.significantEvents)} significant events)`,
    `run: ${fmt(r.run.events)} events in ${fmt(r.run.wallMs / 1000)} s wall (${fmt(r.run.eventsPerSecond)} ev/s, ${fmt(r.run.realTimeFactor)}× real time), CPU ${fmt(r.run.cpuMs / 1000)} s, peak heap ${mib(r.run.peakHeapBytes)} (${fmt(r.run.heapBytesPerHost)} B/host)`,
    `detection: ${r.detection.count} deaths  p50 ${fmt(r.detection.p50)} ms  p99 ${fmt(r.detection.p99)} ms  max ${fmt(r.detection.max)} ms`,
    `deaths: false ${r.deaths.falseDeaths}  missed ${r.deaths.missed}  stale ${r.deaths.stale}  stalled/rebooting ${r.deaths.stalledOrRebooting}  ring-unreachable ${r.ringUnreachable.count}`,
    `CMA: ${fmt(r.cma.msgsPerSecPer1000Healthy)} msgs/s per 1,000 hosts healthy (window ${fmt(r.cma.healthyWindowMs[0] / 1000)}–${fmt(r.cma.healthyWindowMs[1] / 1000)} s), peak ${fmt(r.cma.peakMsgsPerSecond)} msgs/s; final up ${fmt(r.cma.final.up)} dead ${fmt(r.cma.final.dead)} shutdown ${fmt(r.cma.final.shutdown)}`,
    `joins: ${fmt(r.joins.count)} (${fmt(r.joins.perSecond)}/s, peak ${fmt(r.joins.peakPerSecond)}/s)  ring repair p50 ${fmt(r.ringRepair.p50)} ms p99 ${fmt(r.ringRepair.p99)} ms max ${fmt(r.ringRepair.max)} ms`,
    `invariants: ${r.invariants.checks} checks, ${r.invariants.violations} violations; codec round trips ${fmt(r.codec.roundTrips)} (${r.codec.errors} errors); not up at end ${r.notUpAtEnd}`,
  ];
  for (const ex of r.invariants.examples.slice(0, 5)) lines.push(`  violation: ${ex}`);
  for (const ex of r.deaths.falseExamples.slice(0, 5)) lines.push(`  false death: ${ex}`);
  if (r.storeError !== null) lines.push(`store error: ${r.storeError}`);
  if (r.graph !== null) {
    lines.push(`graph vs ground truth${r.graph.notMeasured.length > 0 ? ` (not measured by this store: ${r.graph.notMeasured.join(', ')})` : ''}:`);
    for (const k of r.graph.kinds) {
      lines.push(`  ${k.kind.padEnd(12)} precision ${round(k.precision, 4).toFixed(4)}  recall ${round(k.recall, 4).toFixed(4)}  (expected ${fmt(k.expected)}, found ${fmt(k.found)}, matched ${fmt(k.matched)})`);
      if (k.missing.length > 0) lines.push(`    missing e.g. ${k.missing.slice(0, 2).join('; ')}`);
      if (k.extra.length > 0) lines.push(`    extra e.g. ${k.extra.slice(0, 2).join('; ')}`);
    }
  }
  for (const e of r.expectations) lines.push(`${e.ok ? 'ok  ' : 'FAIL'} ${e.name}: ${e.actual} (expected ${e.expected})`);
  lines.push(r.passed ? 'PASSED' : 'FAILED');
  return lines.join('\n');
}

/** The JSON form (NaN → null). */
export function reportJson(r: SimReport): string {
  return JSON.stringify(r, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2);
}
