/**
 * What a run measures: detection latencies against the ground truth, false deaths, CMA traffic per virtual
 * second, joins, ring repairs, invariant violations, and the event-log hash (sha256 over the ordered
 * significant events: faults and the CMA's stored host/ring events, with their virtual times).
 */
import { createHash, type Hash } from 'node:crypto';

/** Why a host is not responsive (ground truth). */
export const DOWN_NONE = 0;
export const DOWN_KILLED = 1;
export const DOWN_SWITCH = 2;
export const DOWN_PARTITION = 3;
export const DOWN_STALLED = 4;
export const DOWN_REBOOT = 5;

/** Most examples kept per kind of problem. */
const MAX_EXAMPLES = 20;

export class Metrics {
  readonly #hash: Hash = createHash('sha256');
  significantEvents = 0;
  readonly detectionMs: number[] = [];
  /** Deaths of killed / cut-off hosts (first per down episode). */
  trueDeaths = 0;
  /** Deaths of SIGSTOPped or rebooting hosts (they were unresponsive: correct, not counted as detection). */
  otherDownDeaths = 0;
  /** Deaths of hosts responsive for less than the stale window (came back just before the verdict). */
  staleDeaths = 0;
  falseDeaths = 0;
  readonly falseDeathExamples: string[] = [];
  /** Hosts down ≥ 15 s (killed or cut off) never declared dead. */
  missedDetections = 0;
  ringUnreachable = 0;
  readonly ringUnreachableRings: string[] = [];
  hostUps = 0;
  joins = 0;
  firstJoinMs = Infinity;
  lastJoinMs = -Infinity;
  readonly joinsPerSecond: number[] = [];
  /** CMA application messages in + out per virtual second. */
  readonly cmaMsgsPerSecond: number[] = [];
  readonly repairMs: number[] = [];
  invariantChecks = 0;
  invariantViolations = 0;
  readonly invariantExamples: string[] = [];
  codecRoundTrips = 0;
  codecErrors = 0;
  coreCalls = 0;
  cmaCalls = 0;
  channelDrops = 0;
  peerDeliveries = 0;
  readonly notifications: Record<string, number> = {};

  /** Feeds one significant line into the event-log hash. */
  log(line: string): void {
    this.significantEvents++;
    this.#hash.update(line);
    this.#hash.update('\n');
  }

  /** The event-log hash (call once, at the end). */
  digest(): string {
    return this.#hash.digest('hex');
  }

  cmaMessage(nowMs: number, n = 1): void {
    const s = Math.floor(nowMs / 1000);
    while (this.cmaMsgsPerSecond.length <= s) this.cmaMsgsPerSecond.push(0);
    this.cmaMsgsPerSecond[s] = (this.cmaMsgsPerSecond[s] ?? 0) + n;
  }

  join(nowMs: number): void {
    this.joins++;
    this.firstJoinMs = Math.min(this.firstJoinMs, nowMs);
    this.lastJoinMs = Math.max(this.lastJoinMs, nowMs);
    const s = Math.floor(nowMs / 1000);
    while (this.joinsPerSecond.length <= s) this.joinsPerSecond.push(0);
    this.joinsPerSecond[s] = (this.joinsPerSecond[s] ?? 0) + 1;
  }

  falseDeath(example: string): void {
    this.falseDeaths++;
    if (this.falseDeathExamples.length < MAX_EXAMPLES) this.falseDeathExamples.push(example);
  }

  violations(problems: readonly string[]): void {
    this.invariantChecks++;
    this.invariantViolations += problems.length;
    for (const p of problems) if (this.invariantExamples.length < MAX_EXAMPLES) this.invariantExamples.push(p);
  }

  ringDown(ringId: string): void {
    this.ringUnreachable++;
    if (this.ringUnreachableRings.length < MAX_EXAMPLES) this.ringUnreachableRings.push(ringId);
  }
}

/** The p-th percentile (nearest rank) of `values`, NaN when empty. Sorts a copy. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}
