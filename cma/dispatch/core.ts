/**
 * CmaCore: the CMA's pure decision core (DESIGN §1, §4, §5; STYLE practices 11 and 13). It registers nanoprobes,
 * keeps the rings through the ring planner, confirms deaths before declaring them, and turns every input into
 * plain-data effects: one store write, commits, messages, pings, events and log lines. It owns no clock, timer,
 * socket or store: time comes in with every input (`nowMs` monotonic for deadlines, `wallMs` for records), and
 * the shell delivers a `timer` input once now ≥ the returned `wakeAtMs`.
 *
 * The shell (cma/server, the simulator) executes the effects in order and waits for each `store` effect to
 * complete before the next one (types.ts). If a store write fails for good, the shell must restart the CMA and
 * `restore` from the store: the core's memory is then ahead of the store.
 */
import { DiscoveryBases } from './discovery-bases.ts';
import { RingSet } from '../ring/index.ts';
import { resolveCmaConfig, type CmaConfig } from './config.ts';
import { installRingTimings } from './ring-timing.ts';
import { HostTable } from './hosts.ts';
import { resurrect } from './lifecycle.ts';
import { handleStartup } from './registration.ts';
import { handleReport } from './reports.ts';
import { handleRestore } from './restore.ts';
import { placeHost } from './placement.ts';
import { Step, type CoreState } from './step.ts';
import { nextWakeMs, runDue, signOfLife } from './suspicion.ts';
import { pruneTrouble } from './trouble.ts';
import type { CmaInput, CmaOutput, CmaStatusView, HostView, RingView } from './types.ts';
import { hostsView, ringsView, statusView } from './views.ts';

/** The CMA decision core. One instance per CMA process; feed it inputs in arrival order. */
export class CmaCore {
  readonly #s: CoreState;

  /** @param init configuration over DEFAULT_CMA_CONFIG (range-checked: CMA_BAD_CONFIG). */
  constructor(init: Partial<CmaConfig> = {}) {
    const cfg = resolveCmaConfig(init);
    this.#s = {
      cfg,
      rings: new RingSet(),
      hosts: new HostTable(),
      suspicions: new Map(),
      trouble: new Map(),
      discoveryHashes: new Map(),
      discoveryBases: new DiscoveryBases(cfg.discoveryBaseChars),
      inventoryIps: new Map(),
      greeted: new Map(),
      eventCounter: 0,
      probeCounter: 0,
      started: false,
    };
    installRingTimings(this.#s.rings, this.#s.cfg.ringTimings);
  }

  /** The resolved, frozen configuration. */
  get config(): CmaConfig {
    return this.#s.cfg;
  }

  /** The rings, for queries and invariant checks only: mutate them through inputs, never directly. */
  get ringSet(): RingSet {
    return this.#s.rings;
  }

  /**
   * Handles one input at monotonic time `nowMs` and wall-clock time `wallMs`; then sends the pings that are due
   * and decides the suspicions whose time has come. Throws only CmaError for a misplaced or corrupt `restore`.
   */
  handle(input: CmaInput, nowMs: number, wallMs: number): CmaOutput {
    const step = new Step(this.#s, nowMs, wallMs);
    switch (input.kind) {
      case 'restore':
        handleRestore(step, input.hosts, input.members, input.discoveryHashes ?? []);
        break;
      case 'startup':
        handleStartup(step, input.msg, input.viaChannel, input.seq);
        break;
      case 'report':
        handleReport(step, input.from, input.seq, input.msg);
        break;
      case 'pong':
        this.#pong(step, input.from);
        break;
      case 'placement':
        placeHost(step, input.hostId, input.placement);
        break;
      case 'timer':
        break;
    }
    this.#s.started = true;
    runDue(step);
    pruneTrouble(step);
    return { effects: step.finish(), wakeAtMs: nextWakeMs(this.#s) };
  }

  /** Counts for `cma status`. */
  status(): CmaStatusView {
    return statusView(this.#s);
  }

  /** Every registered host, sorted by id, for `cma hosts`. */
  hosts(): HostView[] {
    return hostsView(this.#s);
  }

  /** Every ring with its members in order, for `cma rings`. */
  rings(): RingView[] {
    return ringsView(this.#s);
  }

  /** The CMA's own ping was answered: a suspect is cleared; a host declared dead meanwhile comes back. */
  #pong(step: Step, from: string): void {
    if (signOfLife(step, from, 'pong')) return;
    if (this.#s.hosts.get(from)?.record.status === 'dead') resurrect(step, from, 'pong', null, false);
  }
}
