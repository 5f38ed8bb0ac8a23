/**
 * A scenario's expectations checked against a live run: the live report's figures as the shared checker
 * (report/expect.ts) reads them — what live mode can observe from outside the CMA (no ring invariants, graph or
 * codec sampling) — plus the simulator's own overload, which would make the verdicts meaningless.
 */
import { checkExpectations, type ExpectationResult } from '../report/expect.ts';
import type { Expectations } from '../scenario/types.ts';
import type { LiveReport } from './run-live.ts';

export function checkLiveExpectations(e: Expectations, r: LiveReport): ExpectationResult[] {
  const f = r.faults;
  const detections = r.kills.latenciesMs.length;
  return [
    ...checkExpectations(e, {
      falseDeaths: f?.falseDeaths ?? r.falseDeathsAfterSettle,
      missed: f?.missed ?? r.kills.victims - r.kills.detected,
      deaths: detections,
      detections,
      detectionP99Ms: r.kills.p99Ms,
      detectionMaxMs: r.kills.maxMs,
      ...(f === undefined ? {} : { ringUnreachable: f.ringUnreachable, notUpAtEnd: { count: f.notUpAtEnd, meaning: 'up' } }),
      cmaMsgsPerSecPer1000: r.healthy.cmaMsgsPerSecPer1000,
    }),
    { name: 'the simulator kept up (its own overload would make verdicts meaningless)', ok: !r.simOverload.overloaded, expected: 'no shard queue wait ≥ 1 s, nothing dropped', actual: `wait ≤ ${r.simOverload.maxQueueWaitMs} ms, ${r.simOverload.staleDropped} dropped` },
  ];
}
