/**
 * When to run each discovery kind, and whether what it found is worth sending (DESIGN §6, issue 6). Pure: the
 * shell runs the collector a `discovery-run` effect names, hashes its canonical result and hands back a
 * `discovery-result` input; this table decides the rest.
 *
 * - A kind first runs as soon as the nanoprobe is configured (or the kind enters the plan), then every
 *   `intervalMs` from the start of its previous run; a late or stalled core runs a kind once, never in a burst.
 * - A run that has not answered by `timeoutMs` is abandoned: a `discovery-abandon` effect (the shell kills it),
 *   one warning, and the next run at the usual interval. A late answer of an abandoned run is ignored.
 * - DISCOVERY is sent only when the content hash differs from the last one sent. Hashes remembered from the
 *   previous process (`initialHashes`, saved by the shell once the CMA acknowledged them) count as sent, so a
 *   restart resends nothing unchanged. DODISCOVER forces one send, always of the whole state.
 * - It is a diff (`full: false`, protocol/discovery-diff.ts) against the last state the CMA acknowledged when
 *   nothing of the kind is waiting for an ACK, this process sent that state, and the diff is smaller; otherwise
 *   the whole state (`full: true`). Of a sent state only an index of digests is kept, not the payload.
 */
import type { Discovery, DiscoveryHash } from '../../protocol/messages.ts';
import { indexAndDiff, type PayloadIndex } from '../../protocol/discovery-diff.ts';
import type { DiscoveryTask, Effect } from './effects.ts';
import type { CoreLogLevel } from './effects.ts';
import type { LogContext } from '../../runtime/logger.ts';

/**
 * What a collector run gave: a canonical content hash and the payload, or why it failed. `notReady` is no
 * failure: the collector has nothing trustworthy yet (the LLDP capture has not listened long enough) and the
 * kind simply runs again at its next interval, without a warning and without sending.
 */
export type DiscoveryOutcome =
  | { readonly ok: true; readonly hash: string; readonly payload: unknown }
  | { readonly ok: false; readonly reason: string; readonly notReady?: boolean };

/** Where the schedule puts its effects (the core's Outbox). */
export interface DiscoverySink {
  push(effect: Effect): void;
  toCma(msg: Discovery): void;
  log(level: CoreLogLevel, message: string, context?: LogContext): void;
}

/** Per-kind counters and state for `nanoprobe status`. */
export interface DiscoveryKindStatus {
  readonly kind: string;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly running: boolean;
  readonly nextRunMs: number | undefined;
  readonly sentHash: string | undefined;
  readonly runs: number;
  readonly sent: number;
  /** Of `sent`, how many were diffs. */
  readonly diffs: number;
  /** The hash the CMA acknowledged last (sent by this process), if any. */
  readonly ackedHash: string | undefined;
  readonly unchanged: number;
  readonly failures: number;
  readonly timeouts: number;
  readonly notReady: number;
}

interface KindState {
  task: DiscoveryTask;
  /** When the next run starts; meaningful while no run is in flight. */
  nextRunMs: number;
  run: { readonly runId: number; readonly startedMs: number; readonly deadlineMs: number } | undefined;
  sentHash: string | undefined;
  /** Send the next result even when unchanged, and whole (DODISCOVER). */
  force: boolean;
  /** The state the CMA acknowledged last (its index: what a diff is made against). */
  acked: PayloadIndex | undefined;
  /** The state sent and not acknowledged yet (undefined: nothing of this kind is waiting for an ACK). */
  inFlight: { readonly hash: string; readonly index: PayloadIndex | undefined } | undefined;
  runs: number;
  sent: number;
  diffs: number;
  unchanged: number;
  failures: number;
  timeouts: number;
  notReady: number;
}

/** The discovery schedule of one nanoprobe. */
export class DiscoverySchedule {
  /** kind → state; bounded by the plan table it mirrors (config.maxDiscoveryKinds). */
  readonly #kinds = new Map<string, KindState>();
  /** Hashes the CMA acknowledged before this process started, by kind; bounded by the same maximum. */
  readonly #initial = new Map<string, string>();
  #nextRunId = 1;
  /**
   * Earliest instant `tick` has something to do, for `#dueEnabled` (NaN: unknown). The core ticks on every
   * `handle` call, mostly for heartbeats: this keeps that O(1). Every change of a kind's run or next run resets it.
   */
  #dueMs = Number.NaN;
  #dueEnabled = false;

  constructor(initialHashes: readonly DiscoveryHash[] = [], maxKinds = 1_024) {
    for (const h of initialHashes.slice(0, maxKinds)) this.#initial.set(h.kind, h.hash);
  }

  /** Makes the schedule follow `tasks` (the whole plan): new kinds are due now, dropped kinds are abandoned. */
  sync(tasks: readonly DiscoveryTask[], nowMs: number, out: DiscoverySink): void {
    this.#dueMs = Number.NaN;
    const wanted = new Set<string>();
    for (const task of tasks) {
      wanted.add(task.kind);
      const k = this.#kinds.get(task.kind);
      if (k === undefined) {
        this.#kinds.set(task.kind, { task, nextRunMs: nowMs, run: undefined, sentHash: this.#initial.get(task.kind), force: false, acked: undefined, inFlight: undefined, runs: 0, sent: 0, diffs: 0, unchanged: 0, failures: 0, timeouts: 0, notReady: 0 });
        continue;
      }
      if (k.task.intervalMs !== task.intervalMs && k.run === undefined) k.nextRunMs = Math.min(k.nextRunMs, nowMs + task.intervalMs);
      k.task = task;
    }
    for (const [kind, k] of this.#kinds) {
      if (wanted.has(kind)) continue;
      if (k.run !== undefined) out.push({ kind: 'discovery-abandon', discoveryKind: kind, runId: k.run.runId });
      // Keep its hash: if the kind comes back unchanged there is nothing to resend.
      if (k.sentHash !== undefined) this.#initial.set(kind, k.sentHash);
      this.#kinds.delete(kind);
    }
  }

  /** DODISCOVER: run `kind` now (unless it is running) and send its result even if unchanged. */
  force(kind: string, nowMs: number): void {
    const k = this.#kinds.get(kind);
    if (k === undefined) return;
    this.#dueMs = Number.NaN;
    k.force = true;
    if (k.run === undefined) k.nextRunMs = nowMs;
  }

  /** Abandons runs past their timeout and starts due runs (only while `enabled`: configured by a CMA). */
  tick(nowMs: number, enabled: boolean, out: DiscoverySink): void {
    if (this.#dueEnabled === enabled && nowMs < this.#dueMs) return;
    this.#dueMs = Number.NaN;
    for (const [kind, k] of this.#kinds) {
      if (k.run !== undefined && nowMs >= k.run.deadlineMs) {
        k.timeouts += 1;
        out.push({ kind: 'discovery-abandon', discoveryKind: kind, runId: k.run.runId });
        out.log('warn', 'discovery collector timed out: abandoned', { discoveryKind: kind, timeoutMs: k.task.timeoutMs });
        k.nextRunMs = Math.max(k.run.startedMs + k.task.intervalMs, nowMs);
        k.run = undefined;
      }
      if (enabled && k.run === undefined && nowMs >= k.nextRunMs) {
        const runId = this.#nextRunId++;
        k.run = { runId, startedMs: nowMs, deadlineMs: nowMs + k.task.timeoutMs };
        k.runs += 1;
        out.push({ kind: 'discovery-run', task: k.task, runId });
      }
    }
  }

  /** A run's answer. Sends DISCOVERY when the hash changed (or a send was forced); ignores stale runs. */
  result(kind: string, runId: number, outcome: DiscoveryOutcome, nowMs: number, out: DiscoverySink): boolean {
    const k = this.#kinds.get(kind);
    if (k?.run?.runId !== runId) return false;
    this.#dueMs = Number.NaN;
    k.nextRunMs = Math.max(k.run.startedMs + k.task.intervalMs, nowMs);
    k.run = undefined;
    if (!outcome.ok && outcome.notReady === true) {
      k.notReady += 1;
      return true;
    }
    if (!outcome.ok) {
      k.failures += 1;
      out.log(k.failures === 1 ? 'warn' : 'debug', 'discovery collector failed', { discoveryKind: kind, reason: outcome.reason, failures: k.failures });
      return true;
    }
    if (outcome.hash === k.sentHash && !k.force) {
      k.unchanged += 1;
      return true;
    }
    const base = !k.force && k.inFlight === undefined ? k.acked : undefined;
    const { index, diff } = indexAndDiff(kind, outcome.payload, outcome.hash, base);
    k.force = false;
    k.sentHash = outcome.hash;
    k.sent += 1;
    k.inFlight = { hash: outcome.hash, index };
    if (diff !== undefined) {
      k.diffs += 1;
      out.toCma({ type: 'DISCOVERY', kind, hash: outcome.hash, full: false, payload: diff });
    } else {
      out.toCma({ type: 'DISCOVERY', kind, hash: outcome.hash, full: true, payload: outcome.payload });
    }
    return true;
  }

  /** The CMA acknowledged everything sent so far (the channel has nothing waiting): the states in flight are its. */
  acknowledged(): void {
    for (const k of this.#kinds.values()) {
      if (k.inFlight === undefined) continue;
      k.acked = k.inFlight.index;
      k.inFlight = undefined;
    }
  }

  /** Whether some kind's report waits for the CMA's ACK. */
  awaitingAck(): boolean {
    for (const k of this.#kinds.values()) if (k.inFlight !== undefined) return true;
    return false;
  }

  /** Another CMA session (a restarted or other CMA): what it holds is unknown, so the next reports are whole. */
  forgetAcknowledged(): void {
    for (const k of this.#kinds.values()) {
      k.acked = undefined;
      k.inFlight = undefined;
    }
  }

  /** The shell could not queue the DISCOVERY carrying `hash` (report queue full): forget it, so the next run resends. */
  undelivered(kind: string, hash: string): boolean {
    const k = this.#kinds.get(kind);
    if (k?.sentHash !== hash) return false;
    k.sentHash = undefined;
    k.sent -= 1;
    // Never delivered: the CMA still holds the acknowledged state; the next report (whole: nothing is
    // remembered as sent) goes out on the next run.
    k.inFlight = undefined;
    return true;
  }

  /** Earliest due run or run deadline; runs count only while `enabled`. */
  nextWakeMs(enabled: boolean): number | undefined {
    if (this.#dueEnabled !== enabled || Number.isNaN(this.#dueMs)) {
      let wake = Infinity;
      for (const k of this.#kinds.values()) {
        if (k.run !== undefined) wake = Math.min(wake, k.run.deadlineMs);
        else if (enabled) wake = Math.min(wake, k.nextRunMs);
      }
      this.#dueMs = wake;
      this.#dueEnabled = enabled;
    }
    return this.#dueMs === Infinity ? undefined : this.#dueMs;
  }

  /** The last hash sent per kind (plus remembered ones of kinds not scheduled now), for STARTUP. */
  hashes(): DiscoveryHash[] {
    const out = new Map(this.#initial);
    for (const [kind, k] of this.#kinds) {
      if (k.sentHash === undefined) out.delete(kind);
      else out.set(kind, k.sentHash);
    }
    return [...out].map(([kind, hash]) => ({ kind, hash })).sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  }

  /** A plain-data view for `nanoprobe status`. */
  status(): DiscoveryKindStatus[] {
    return [...this.#kinds.values()].map((k) => ({
      kind: k.task.kind,
      intervalMs: k.task.intervalMs,
      timeoutMs: k.task.timeoutMs,
      running: k.run !== undefined,
      nextRunMs: k.run === undefined ? k.nextRunMs : undefined,
      sentHash: k.sentHash,
      runs: k.runs,
      sent: k.sent,
      diffs: k.diffs,
      ackedHash: k.acked?.hash,
      unchanged: k.unchanged,
      failures: k.failures,
      timeouts: k.timeouts,
      notReady: k.notReady,
    }));
  }
}
