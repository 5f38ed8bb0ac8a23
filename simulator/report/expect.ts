/**
 * A scenario's expectations (docs/simulator.md) checked against what a run observed, one checker for both modes:
 * the virtual-time report (report.ts) and the live report (live/run-live.ts) each normalise their figures into
 * `Observed`; a figure a mode cannot observe is left undefined and its expectation is not checked there (live mode
 * has no ring invariants, graph or codec sampling; it adds its own overload check).
 */
import type { Expectations } from '../scenario/types.ts';

export interface ExpectationResult {
  readonly name: string;
  readonly ok: boolean;
  readonly expected: string;
  readonly actual: string;
}

/** A run's figures as the expectations read them. */
export interface Observed {
  readonly falseDeaths: number;
  /** Killed or cut-off hosts never declared dead. */
  readonly missed: number;
  /** Deaths of killed or cut-off hosts. */
  readonly deaths: number;
  /** Detection latency samples behind the p99 and max. */
  readonly detections: number;
  readonly detectionP99Ms: number;
  readonly detectionMaxMs: number;
  readonly ringUnreachable?: number;
  readonly invariantViolations?: number;
  /** Live hosts not up at the end, and what "up" means in that mode. */
  readonly notUpAtEnd?: { readonly count: number; readonly meaning: string };
  readonly cmaMsgsPerSecPer1000: number;
  /** The lowest precision and recall over the graph's kinds; null: asked for but not measured. */
  readonly graph?: { readonly minPrecision: number; readonly minRecall: number } | null;
  readonly codecErrors?: number;
}

export function checkExpectations(e: Expectations, o: Observed): ExpectationResult[] {
  const out: ExpectationResult[] = [];
  const le = (name: string, actual: number | undefined, max: number | undefined): void => {
    if (max !== undefined && actual !== undefined) out.push({ name, ok: actual <= max, expected: `<= ${max}`, actual: String(actual) });
  };
  const within = (name: string, actual: number | undefined, range: { readonly min: number; readonly max: number } | undefined): void => {
    if (range !== undefined && actual !== undefined) out.push({ name, ok: actual >= range.min && actual <= range.max, expected: `in [${range.min}, ${range.max}]`, actual: String(actual) });
  };
  le('false deaths', o.falseDeaths, e.falseDeathsMax);
  if (e.allDownDetected === true) out.push({ name: 'every killed / cut-off host declared dead', ok: o.missed === 0, expected: '0 missed', actual: `${o.missed} missed` });
  if (e.detectionP99MaxMs !== undefined) out.push({ name: 'detection p99', ok: o.detections > 0 && o.detectionP99Ms <= e.detectionP99MaxMs, expected: `<= ${e.detectionP99MaxMs} ms`, actual: `${o.detectionP99Ms} ms` });
  if (e.detectionMaxMs !== undefined) out.push({ name: 'detection max', ok: o.detections > 0 && o.detectionMaxMs <= e.detectionMaxMs, expected: `<= ${e.detectionMaxMs} ms`, actual: `${o.detectionMaxMs} ms` });
  within('ring-unreachable events', o.ringUnreachable, e.ringUnreachable);
  within('deaths (killed / cut-off hosts)', o.deaths, e.deaths);
  le('invariant violations', o.invariantViolations, e.invariantViolationsMax);
  if (e.allUpAtEnd === true && o.notUpAtEnd !== undefined) {
    out.push({ name: `every live host ${o.notUpAtEnd.meaning} at the end`, ok: o.notUpAtEnd.count === 0, expected: '0 not up', actual: `${o.notUpAtEnd.count} not up` });
  }
  if (e.cmaMsgsPerSecPer1000Max !== undefined) {
    const v = o.cmaMsgsPerSecPer1000;
    out.push({ name: 'CMA msgs/s per 1,000 hosts (healthy)', ok: Number.isFinite(v) && v <= e.cmaMsgsPerSecPer1000Max, expected: `<= ${e.cmaMsgsPerSecPer1000Max}`, actual: String(Math.round(v * 1000) / 1000) });
  }
  if (o.graph !== undefined) {
    for (const [key, name] of [['graphPrecisionMin', 'precision'], ['graphRecallMin', 'recall']] as const) {
      const min = e[key];
      if (min === undefined) continue;
      const v = o.graph === null ? undefined : name === 'precision' ? o.graph.minPrecision : o.graph.minRecall;
      out.push({ name: `graph ${name} (lowest kind)`, ok: v !== undefined && v >= min, expected: `>= ${min}`, actual: v === undefined ? 'not measured' : String(Math.round(v * 1e4) / 1e4) });
    }
  }
  if (o.codecErrors !== undefined && o.codecErrors > 0) out.push({ name: 'codec round trips', ok: false, expected: '0 errors', actual: `${o.codecErrors} errors` });
  return out;
}
