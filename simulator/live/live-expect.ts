/**
 * A scenario's expectations checked against a live run (the subset live mode can observe from outside the CMA:
 * no ring-invariant checks, which only the virtual-time engine can make).
 */
import type { ExpectationResult } from '../report/report.ts';
import type { Expectations } from '../scenario/types.ts';
import type { LiveReport } from './run-live.ts';

export function checkLiveExpectations(e: Expectations, r: LiveReport): ExpectationResult[] {
  const out: ExpectationResult[] = [];
  const f = r.faults;
  const det = r.kills.latenciesMs;
  const falseDeaths = f?.falseDeaths ?? r.falseDeathsAfterSettle;
  if (e.falseDeathsMax !== undefined) out.push({ name: 'false deaths', ok: falseDeaths <= e.falseDeathsMax, expected: `<= ${e.falseDeathsMax}`, actual: String(falseDeaths) });
  if (e.allDownDetected === true) {
    const missed = f?.missed ?? r.kills.victims - r.kills.detected;
    out.push({ name: 'every killed / cut-off host declared dead', ok: missed === 0, expected: '0 missed', actual: `${missed} missed` });
  }
  if (e.detectionP99MaxMs !== undefined) out.push({ name: 'detection p99', ok: det.length > 0 && r.kills.p99Ms <= e.detectionP99MaxMs, expected: `<= ${e.detectionP99MaxMs} ms`, actual: `${r.kills.p99Ms} ms` });
  if (e.detectionMaxMs !== undefined) out.push({ name: 'detection max', ok: det.length > 0 && r.kills.maxMs <= e.detectionMaxMs, expected: `<= ${e.detectionMaxMs} ms`, actual: `${r.kills.maxMs} ms` });
  if (e.ringUnreachable !== undefined && f !== undefined) {
    const { min, max } = e.ringUnreachable;
    out.push({ name: 'ring-unreachable events', ok: f.ringUnreachable >= min && f.ringUnreachable <= max, expected: `in [${min}, ${max}]`, actual: String(f.ringUnreachable) });
  }
  if (e.deaths !== undefined) out.push({ name: 'deaths (killed / cut-off hosts)', ok: det.length >= e.deaths.min && det.length <= e.deaths.max, expected: `in [${e.deaths.min}, ${e.deaths.max}]`, actual: String(det.length) });
  if (e.allUpAtEnd === true && f !== undefined) out.push({ name: 'every live host up at the end', ok: f.notUpAtEnd === 0, expected: '0 not up', actual: `${f.notUpAtEnd} not up` });
  if (e.cmaMsgsPerSecPer1000Max !== undefined) {
    const v = r.healthy.cmaMsgsPerSecPer1000;
    out.push({ name: 'CMA msgs/s per 1,000 hosts (healthy)', ok: v <= e.cmaMsgsPerSecPer1000Max, expected: `<= ${e.cmaMsgsPerSecPer1000Max}`, actual: v.toFixed(3) });
  }
  out.push({ name: 'the simulator kept up (its own overload would make verdicts meaningless)', ok: !r.simOverload.overloaded, expected: 'no shard queue wait ≥ 1 s, nothing dropped', actual: `wait ≤ ${r.simOverload.maxQueueWaitMs} ms, ${r.simOverload.staleDropped} dropped` });
  return out;
}
