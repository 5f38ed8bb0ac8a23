/**
 * The virtual-time engine (DESIGN §10): one event queue keyed by (time, seq), the REAL NanoprobeCore of every
 * host and the REAL CmaCore, a SimNetwork in between. No timer, socket or emitter per host: a host is a core
 * plus a few typed-array slots (host-table.ts), and its one timer is a queued event.
 *
 * Messages travel between cores as decoded objects (fast); `codecSample` of them go through the real codec
 * (encode + decode) on delivery, so a codec/core mismatch shows up as a codec error. The reliable channel
 * between a nanoprobe and the CMA is modelled, not run: per direction FIFO, retransmission with capped backoff
 * while the path is down or a datagram is lost, given up after MAX_ATTEMPTS. Plain STARTUP, heartbeats, PING
 * and PONG are single datagrams.
 *
 * The world/scenario code is independent of this engine so that live mode can drive real processes with it.
 */
import { getHeapStatistics } from 'node:v8';
import { LAN_TIMING, WAN_TIMING, CmaCore, type CmaEffect, type CmaInput } from '../../cma/dispatch/index.ts';
import { isPlacement, TOP_RING_ID } from '../../cma/ring/index.ts';
import type { GraphStore, StoreBatch } from '../../cma/store/index.ts';
import { NanoprobeCore, TIMING_PRESETS, type CmaOutMessage, type CoreInput, type Effect, type PeerMessage } from '../../nanoprobe/core/index.ts';
import { decodeMessage, encodeMessage, type Message, type WireAddress } from '../../protocol/index.ts';
import { SeededRng } from '../../runtime/index.ts';
import { compareGraph, type GraphAccuracy } from '../report/graph-accuracy.ts';
import type { Scenario } from '../scenario/types.ts';
import { simDiscoveryOutcome } from '../world/discovery.ts';
import { expectedGraph } from '../world/graph-truth.ts';
import { hostAddressOf, hostIdOf, hostIndexOf, hostnameOf, lldpOf, publicKeyOf } from '../world/identity.ts';
import type { World } from '../world/world.ts';
import { applyFault } from './faults.ts';
import { GroundTruth } from './ground-truth.ts';
import { simInvariantProblems } from './invariants.ts';
import { CMA_DEAD, CMA_SHUTDOWN, CMA_UP, HostTable, PROC_OFF, PROC_RUNNING } from './host-table.ts';
import { DOWN_NONE, Metrics } from './metrics.ts';
import { CMA_HOST, SimNetwork } from './sim-network.ts';
import { SimQueue, type SimEvent } from './sim-queue.ts';
import type { CypherRead } from './graph-read.ts';
import { createSimStore, ExternalStoreAdapter, type SimStore } from './sim-store.ts';

const EV_TIMER = 1;
const EV_PEER = 2;
const EV_DOWN = 3;
const EV_UP = 4;
const EV_PLAIN = 5;
const EV_PONG = 6;
const EV_CMA_TIMER = 7;
const EV_START = 8;
const EV_FAULT = 9;
const EV_CALL = 10;
const EV_RESTORE = 11;
const EV_CHECK = 12;
const EV_LLDP = 13;
const EV_DISCOVERY = 14;

/** Channel retransmissions before a message is given up (≈ 50 s with the backoff below). */
const MAX_ATTEMPTS = 16;
const rtoMs = (attempt: number): number => Math.min(200 * 2 ** attempt, 4_000);
/** Virtual wall clock origin (fixed: runs are reproducible). */
const WALL0 = Date.UTC(2026, 0, 1);
const CMA_ID = 'c'.repeat(32);
const CMA_ADDRESS: WireAddress = Object.freeze({ host: '172.16.0.1', port: 1984 });
const TIMER_INPUT: CoreInput = Object.freeze({ kind: 'timer' });

/** LLDP placement as the host's discovery would report it (the CMA's `placement` input). */
interface PlacementNote {
  readonly type: 'PLACEMENT';
  readonly placement: string;
}

/** A collector run in flight (scenario `discovery`): answered by an EV_DISCOVERY event. */
interface DiscoveryRun {
  readonly kind: string;
  readonly runId: number;
}

/**
 * Virtual ms a simulated collector takes: /proc and inventory reads 100–199 ms; the LLDP capture 1–3 s (the
 * switch's first frame), so placement by LLDP comes as late as the PLACEMENT shortcut it replaces.
 */
function collectMs(kind: string, h: number): number {
  return kind === 'lldp' ? 1_000 + ((h * 7_919) % 2_000) : 100 + (h % 100);
}

/** What a run is built from besides the world and the scenario. */
export interface SimComponents {
  /** A GraphStore instead of the scenario's `cma.store` (the Neo4j store at small N); written at every await. */
  readonly store?: GraphStore;
  /** Reads that store's graph back with Cypher, for the graph precision/recall of a `discovery` run. */
  readonly readGraph?: CypherRead;
}

/** A progress snapshot for long runs. */
export interface SimProgress {
  readonly nowMs: number;
  readonly durationMs: number;
  readonly events: number;
  readonly wallMs: number;
  /** CPU time (user + system) of this process since the run started. */
  readonly cpuMs: number;
  readonly heapBytes: number;
  readonly hostsRunning: number;
}

/** Hooks of a run. */
export interface SimHooks {
  /** Called about every `progressEveryMs` of wall time. */
  readonly onProgress?: (p: SimProgress) => void;
  readonly progressEveryMs?: number;
}

/** What a run leaves behind for the report. */
export interface SimOutcome {
  readonly metrics: Metrics;
  readonly hash: string;
  readonly events: number;
  readonly wallMs: number;
  readonly cpuUserMs: number;
  readonly cpuSystemMs: number;
  readonly peakHeapBytes: number;
  readonly hostTableBytes: number;
  readonly network: { readonly sent: number; readonly lost: number; readonly blocked: number };
  /** Running, reachable hosts that are not up and in a ring at the CMA at the end. */
  readonly notUpAtEnd: number;
  readonly cmaStatus: { readonly up: number; readonly dead: number; readonly shutdown: number; readonly rings: number; readonly topRingMembers: number };
  readonly storeError: string | undefined;
  /** Graph precision/recall against the ground truth (scenario `discovery` with a store that keeps discovery). */
  readonly graph: GraphAccuracy | undefined;
}

/** One simulation run: build with a world and a scenario, then `await run()` once. */
export class Simulation {
  readonly world: World;
  readonly scenario: Scenario;
  readonly metrics = new Metrics();
  readonly net: SimNetwork;
  readonly hosts: HostTable;
  /** Draws fault victims and restart delays. */
  readonly faultRng: SeededRng;
  readonly #q = new SimQueue();
  readonly #cores: (NanoprobeCore | undefined)[];
  readonly #addresses: (WireAddress | undefined)[];
  readonly #coreRng: SeededRng;
  readonly #startRng: SeededRng;
  readonly #lossRng: SeededRng;
  readonly #store: SimStore;
  readonly #repairOf = new WeakMap<object, number>();
  /** Open ring repairs: id → [startMs, messages left, last delivery ms, failed 0/1]; bounded by deaths in flight. */
  readonly #repairs = new Map<number, [number, number, number, number]>();
  #repairCounter = 0;
  #cma: CmaCore;
  #cmaUp = true;
  #cmaGen = 0;
  readonly #cmaSessions: number[] = [];
  #cmaPending = Infinity;
  #cmaDesired = Infinity;
  #pingNonce = 0;
  #codecEvery: number;
  #codecCounter = 0;
  /** Local rings whose members changed since the last invariant check; bounded by the rings. */
  readonly #touched = new Set<string>();
  #now = 0;
  #peakHeap = 0;
  #partitionGroups = 0;
  readonly #truth: GroundTruth;
  readonly #timingConfig;

  constructor(world: World, scenario: Scenario, components: SimComponents = {}) {
    this.world = world;
    this.scenario = scenario;
    const seed = scenario.seed;
    this.net = new SimNetwork(world, scenario.network, new SeededRng(seed ^ 0x0e7));
    this.hosts = new HostTable(world.hostCount);
    this.faultRng = new SeededRng(seed ^ 0xfa17);
    this.#coreRng = new SeededRng(seed ^ 0xc0e5);
    this.#startRng = new SeededRng(seed ^ 0x57a7);
    this.#lossRng = new SeededRng(seed ^ 0x1055);
    this.#cores = new Array<NanoprobeCore | undefined>(world.hostCount);
    this.#addresses = new Array<WireAddress | undefined>(world.hostCount);
    this.#store = components.store === undefined ? createSimStore(scenario.cma.store) : new ExternalStoreAdapter(components.store, components.readGraph);
    this.#codecEvery = scenario.codecSample > 0 ? Math.max(1, Math.round(1 / scenario.codecSample)) : 0;
    this.#timingConfig = Object.freeze({ timing: TIMING_PRESETS[scenario.timing] });
    this.#cma = this.#newCma();
    const cfg = this.#cma.config;
    this.#truth = new GroundTruth(world, this.hosts, this.net, this.metrics, cfg.timing.deadMs + cfg.confirmWindowMs + cfg.timing.intervalMs);
  }

  /** Current virtual time. */
  get nowMs(): number {
    return this.#now;
  }

  /** The active CMA core (for views and invariant checks). */
  get cma(): CmaCore {
    return this.#cma;
  }

  /** Runs the scenario to its end and returns what was measured. */
  async run(hooks: SimHooks = {}): Promise<SimOutcome> {
    const sc = this.scenario;
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    for (let h = 0; h < sc.world.hosts; h++) this.#q.push(this.#startRng.next() * sc.startOverMs, EV_START, h, 0, undefined);
    sc.faults.forEach((f, i) => {
      this.#q.push(f.atMs, EV_FAULT, i, 0, f);
    });
    if (sc.invariants.everyMs > 0) this.#q.push(sc.invariants.everyMs, EV_CHECK, 0, 0, undefined);
    const progressEvery = hooks.progressEveryMs ?? 2_000;
    let lastProgress = wall0;
    let events = 0;
    const ev: SimEvent = { atMs: 0, seq: 0, kind: 0, host: 0, aux: 0, payload: undefined };
    while (this.#q.peekTime() <= sc.durationMs) {
      this.#q.pop(ev);
      this.#now = ev.atMs;
      events++;
      if (ev.kind === EV_RESTORE) await this.#restore();
      else this.#dispatch(ev);
      if ((events & 0xffff) === 0) {
        this.#sampleHeap();
        const wall = performance.now();
        if (hooks.onProgress !== undefined && wall - lastProgress >= progressEvery) {
          lastProgress = wall;
          const cpu = process.cpuUsage(cpu0);
          hooks.onProgress({ nowMs: this.#now, durationMs: sc.durationMs, events, wallMs: wall - wall0, cpuMs: (cpu.user + cpu.system) / 1000, heapBytes: this.#peakHeap, hostsRunning: this.#running() });
        }
      }
    }
    this.#now = sc.durationMs;
    this.#check();
    for (let h = 0; h < this.hosts.size; h++) this.#truth.closeEpisode(h, this.#now);
    await this.#store.flush();
    const graph = sc.discovery ? await this.#graphAccuracy() : undefined;
    this.#sampleHeap();
    const cpu = process.cpuUsage(cpu0);
    const view = this.#cma.status();
    return {
      metrics: this.metrics,
      hash: this.metrics.digest(),
      events,
      wallMs: performance.now() - wall0,
      cpuUserMs: cpu.user / 1000,
      cpuSystemMs: cpu.system / 1000,
      peakHeapBytes: this.#peakHeap,
      hostTableBytes: this.hosts.bytes,
      network: { ...this.net.stats },
      notUpAtEnd: this.#notUpAtEnd(),
      cmaStatus: { up: view.hosts.up, dead: view.hosts.dead, shutdown: view.hosts.shutdown, rings: view.localRings, topRingMembers: view.topRingMembers },
      storeError: this.#store.error?.message,
      graph,
    };
  }

  /** The stored graph against the ground truth of every host that ran; undefined when the store keeps no discovery. */
  async #graphAccuracy(): Promise<GraphAccuracy | undefined> {
    const graph = await this.#store.readGraph();
    if (graph === undefined) return undefined;
    const ran: number[] = [];
    for (let h = 0; h < this.hosts.size; h++) if ((this.hosts.incarnation[h] ?? 0) > 0) ran.push(h);
    return compareGraph(expectedGraph(this.world, ran), graph);
  }

  // ---- used by faults.ts ----

  /** Schedules `fn` at virtual time `atMs`. */
  at(atMs: number, fn: () => void): void {
    this.#q.push(atMs, EV_CALL, 0, 0, fn);
  }

  /** Schedules host `h` to start (or restart) at `atMs`. */
  startAt(h: number, atMs: number): void {
    this.#q.push(atMs, EV_START, h, 0, undefined);
  }

  /** kill -9 (or, `clean`, a stop with HBSHUTDOWN) of host `h` now. */
  stopHost(h: number, clean: boolean, cause: number): void {
    const t = this.hosts;
    if (t.proc[h] !== PROC_RUNNING) return;
    if (clean) this.#runHost(h, { kind: 'shutdown', reason: 'reboot' }, this.#now);
    t.proc[h] = PROC_OFF;
    t.offCause[h] = cause;
    t.pendingWake[h] = Infinity;
    this.#cores[h] = undefined;
    this.refresh(h);
  }

  /** SIGSTOP host `h` for `forMs`. */
  stall(h: number, forMs: number): void {
    this.hosts.stallUntil[h] = this.#now + forMs;
    this.refresh(h);
    this.at(this.#now + forMs, () => {
      this.refresh(h);
    });
  }

  /** Kills the CMA; a new one restores from the store after `downMs`. */
  failCma(downMs: number): void {
    this.#cmaUp = false;
    this.#cmaGen++;
    this.#cmaPending = Infinity;
    this.#q.push(this.#now + downMs, EV_RESTORE, 0, 0, undefined);
  }

  /** A fresh partition group id. */
  newPartitionGroup(): number {
    return ++this.#partitionGroups;
  }

  /** Re-evaluates host `h`'s ground-truth responsiveness after anything about it changed. */
  refresh(h: number): void {
    this.#truth.refresh(h, this.#now);
  }

  // ---- the loop ----

  #dispatch(ev: SimEvent): void {
    const h = ev.host;
    switch (ev.kind) {
      case EV_TIMER:
        this.#onTimer(h, ev.atMs);
        return;
      case EV_PEER:
        this.#onPeer(h, ev.aux, ev.payload as PeerMessage);
        return;
      case EV_DOWN:
        this.#onDown(h, ev.aux, ev.payload as Message);
        return;
      case EV_UP:
        this.#onUp(h, ev.aux, ev.payload as CmaOutMessage | PlacementNote);
        return;
      case EV_PLAIN:
        if (this.#cmaUp) {
          this.metrics.cmaMessage(this.#now);
          this.#runCma({ kind: 'startup', msg: this.#codec(ev.payload as Message) as CmaOutMessage & { type: 'STARTUP' }, viaChannel: false });
        }
        return;
      case EV_PONG:
        if (this.#cmaUp) {
          this.metrics.cmaMessage(this.#now);
          this.#runCma({ kind: 'pong', from: this.#hostId(h) });
        }
        return;
      case EV_CMA_TIMER:
        this.#onCmaTimer(ev.aux);
        return;
      case EV_START:
        this.#startHost(h);
        return;
      case EV_FAULT:
        applyFault(this, ev.payload as Scenario['faults'][number], h);
        return;
      case EV_CALL:
        (ev.payload as () => void)();
        return;
      case EV_CHECK:
        this.#check();
        this.#q.push(this.#now + this.scenario.invariants.everyMs, EV_CHECK, 0, 0, undefined);
        return;
      case EV_LLDP:
        if (this.hosts.proc[h] === PROC_RUNNING && (this.hosts.incarnation[h] ?? 0) === ev.aux) this.#sendUp(h, ev.payload as PlacementNote);
        return;
      case EV_DISCOVERY: {
        if (this.hosts.proc[h] !== PROC_RUNNING || (this.hosts.incarnation[h] ?? 0) !== ev.aux) return;
        const run = ev.payload as DiscoveryRun;
        this.#runHost(h, { kind: 'discovery-result', discoveryKind: run.kind, runId: run.runId, outcome: simDiscoveryOutcome(this.world, h, run.kind) }, this.#now);
        return;
      }
    }
  }

  #startHost(h: number): void {
    const t = this.hosts;
    if (t.proc[h] === PROC_RUNNING) return;
    const inc = ((t.incarnation[h] ?? 0) + 1) & 0x7fff;
    t.incarnation[h] = inc;
    t.proc[h] = PROC_RUNNING;
    t.stallUntil[h] = 0;
    t.pendingWake[h] = Infinity;
    t.desiredWake[h] = Infinity;
    t.knownCmaSession[h] = -1;
    t.upBlocked[h] = 0;
    t.downBlocked[h] = 0;
    const w = this.world;
    this.#cores[h] = new NanoprobeCore({
      hostId: hostIdOf(w, h),
      publicKey: publicKeyOf(w, h),
      hostname: hostnameOf(w, h),
      addresses: [this.#address(h)],
      version: '0.1.0-sim',
      machineId: '',
      startedWallMs: Math.floor(WALL0 + this.#now),
      sessionId: (Math.imul(h + 1, 0x9e3779b1) ^ Math.imul(inc, 0x85ebca6b) ^ this.scenario.seed) >>> 0,
      config: this.#timingConfig,
      rng: this.#coreRng,
    });
    if (Number.isNaN(t.downSince[h] ?? Number.NaN)) t.upSince[h] = this.#now;
    this.refresh(h);
    this.#runHost(h, { kind: 'start' }, this.#now);
  }

  #runHost(h: number, input: CoreInput, now: number): void {
    const core = this.#cores[h];
    if (core === undefined) return;
    // Whole milliseconds, as SystemClock gives the real shells (durations derived from it travel as integers).
    const out = core.handle(input, Math.floor(now));
    this.metrics.coreCalls++;
    const effects = out.effects;
    for (let i = 0; i < effects.length; i++) {
      const e = effects[i];
      if (e !== undefined) this.#hostEffect(h, e, now);
    }
    const t = this.hosts;
    const w = out.wakeAtMs ?? Infinity;
    t.desiredWake[h] = w;
    if (w < (t.pendingWake[h] ?? Infinity)) {
      t.pendingWake[h] = w;
      this.#q.push(w, EV_TIMER, h, 0, undefined);
    }
  }

  #hostEffect(h: number, e: Effect, now: number): void {
    switch (e.kind) {
      case 'send-peer': {
        if (e.peerId === CMA_ID) {
          const lat = this.net.transmit(h, CMA_HOST);
          if (lat >= 0) this.#q.push(now + lat, EV_PONG, h, 0, undefined);
          return;
        }
        const to = hostIndexOf(this.world, e.peerId);
        if (to < 0) return;
        const lat = this.net.transmit(h, to);
        if (lat >= 0) this.#q.push(now + lat, EV_PEER, to, h, e.msg);
        return;
      }
      case 'send-cma':
        this.#sendUp(h, e.msg);
        return;
      case 'startup': {
        const lat = this.net.transmit(h, CMA_HOST);
        if (lat >= 0) this.#q.push(now + lat, EV_PLAIN, h, 0, e.msg);
        return;
      }
      case 'discovery-run':
        // The collector's answer comes back later; without `discovery` runs are never answered (the core abandons them).
        if (this.scenario.discovery) {
          const run: DiscoveryRun = { kind: e.task.kind, runId: e.runId };
          this.#q.push(now + collectMs(e.task.kind, h), EV_DISCOVERY, h, this.hosts.incarnation[h] ?? 0, run);
        }
        return;
      default:
        return; // link keys, plans, abandoned runs (a late answer is ignored by the core), logs
    }
  }

  #onTimer(h: number, at: number): void {
    const t = this.hosts;
    if (t.pendingWake[h] !== at) return;
    t.pendingWake[h] = Infinity;
    if (t.proc[h] !== PROC_RUNNING) return;
    const stall = t.stallUntil[h] ?? 0;
    const desired = stall > at ? stall : (t.desiredWake[h] ?? Infinity);
    if (desired > at) {
      if (desired < Infinity) {
        t.pendingWake[h] = desired;
        this.#q.push(desired, EV_TIMER, h, 0, undefined);
      }
      return;
    }
    this.#runHost(h, TIMER_INPUT, at);
  }

  #onPeer(h: number, from: number, msg: PeerMessage): void {
    const t = this.hosts;
    if (t.proc[h] !== PROC_RUNNING) return;
    const stall = t.stallUntil[h] ?? 0;
    if (stall > this.#now) {
      this.#q.push(stall, EV_PEER, h, from, msg); // the kernel keeps it in the socket buffer
      return;
    }
    this.metrics.peerDeliveries++;
    const address = from === CMA_HOST ? CMA_ADDRESS : this.#address(from);
    this.#runHost(h, { kind: 'peer', msg: this.#codec(msg) as PeerMessage, from: address }, this.#now);
  }

  // ---- the reliable channel, modelled ----

  #sendUp(h: number, msg: CmaOutMessage | PlacementNote): void {
    const t = this.hosts;
    const at = Math.max(this.#now + this.net.latency(h, CMA_HOST), t.upLast[h] ?? 0);
    t.upLast[h] = at;
    this.#q.push(at, EV_UP, h, (t.incarnation[h] ?? 0) << 8, msg);
  }

  #onUp(h: number, aux: number, msg: CmaOutMessage | PlacementNote): void {
    const t = this.hosts;
    const attempt = aux & 255;
    if (attempt > 0 && (t.proc[h] !== PROC_RUNNING || aux >>> 8 !== t.incarnation[h])) {
      this.metrics.channelDrops++; // the process that would retransmit is gone
      return;
    }
    const blocked = t.upBlocked[h] ?? 0;
    if (this.#now < blocked) {
      this.#q.push(blocked, EV_UP, h, aux, msg);
      return;
    }
    const loss = this.net.lossRate;
    if (!this.#cmaUp || !this.net.reachable(h, CMA_HOST) || (loss > 0 && this.#lossDraw() < loss)) {
      if (attempt + 1 >= MAX_ATTEMPTS) {
        this.metrics.channelDrops++;
        return;
      }
      const retry = this.#now + rtoMs(attempt);
      t.upBlocked[h] = retry;
      this.#q.push(retry, EV_UP, h, (aux & ~255) | (attempt + 1), msg);
      return;
    }
    this.metrics.cmaMessage(this.#now);
    const hostId = this.#hostId(h);
    if (msg.type === 'PLACEMENT') {
      this.#runCma({ kind: 'placement', hostId, placement: msg.placement });
      return;
    }
    const decoded = this.#codec(msg) as CmaOutMessage;
    const seq = (t.upSeq[h] = (t.upSeq[h] ?? 0) + 1);
    if (decoded.type === 'STARTUP') this.#runCma({ kind: 'startup', msg: decoded, viaChannel: true, seq });
    else this.#runCma({ kind: 'report', from: hostId, seq, msg: decoded });
  }

  #sendDown(h: number, msg: Message, notBefore: number): void {
    const t = this.hosts;
    const at = Math.max(notBefore + this.net.latency(CMA_HOST, h), t.downLast[h] ?? 0);
    t.downLast[h] = at;
    this.#q.push(at, EV_DOWN, h, this.#cmaGen << 8, msg);
  }

  #onDown(h: number, aux: number, msg: Message): void {
    const t = this.hosts;
    const attempt = aux & 255;
    const gen = aux >>> 8;
    if ((attempt > 0 && gen !== this.#cmaGen) || t.proc[h] !== PROC_RUNNING) {
      this.#repairDone(msg, false);
      this.metrics.channelDrops++;
      return;
    }
    const hold = Math.max(t.downBlocked[h] ?? 0, t.stallUntil[h] ?? 0);
    if (this.#now < hold) {
      this.#q.push(hold, EV_DOWN, h, aux, msg);
      return;
    }
    const loss = this.net.lossRate;
    if (!this.net.reachable(CMA_HOST, h) || (loss > 0 && this.#lossDraw() < loss)) {
      if (attempt + 1 >= MAX_ATTEMPTS) {
        this.#repairDone(msg, false);
        this.metrics.channelDrops++;
        return;
      }
      const retry = this.#now + rtoMs(attempt);
      t.downBlocked[h] = retry;
      this.#q.push(retry, EV_DOWN, h, (aux & ~255) | (attempt + 1), msg);
      return;
    }
    this.#repairDone(msg, true);
    const session = this.#cmaSessions[gen] ?? 0;
    const known = t.knownCmaSession[h] ?? -1;
    t.knownCmaSession[h] = session;
    const decoded = this.#codec(msg);
    this.#runHost(h, { kind: 'cma', msg: decoded as Extract<CoreInput, { kind: 'cma' }>['msg'] }, this.#now);
    if (known >= 0 && known !== session) this.#runHost(h, { kind: 'cma-session-changed' }, this.#now);
    // With `discovery` the host's lldp DISCOVERY places it through the CMA's real path instead.
    if (decoded.type === 'SETCONFIG' && t.placed[h] === 0 && !this.scenario.discovery) {
      const lldp = lldpOf(this.world, h);
      t.placed[h] = 1;
      if (lldp !== undefined) {
        const note: PlacementNote = { type: 'PLACEMENT', placement: `switch:${lldp.chassisId}` };
        this.#q.push(this.#now + 1_000 + 2_000 * this.#startRng.next(), EV_LLDP, h, t.incarnation[h] ?? 0, note);
      }
    }
  }

  /** Channel loss draws (a stream of their own). */
  #lossDraw(): number {
    return this.#lossRng.next();
  }

  // ---- the CMA ----

  #newCma(): CmaCore {
    const session = (Math.imul(this.#cmaGen + 1, 0x27d4eb2d) ^ this.scenario.seed) >>> 0;
    this.#cmaSessions[this.#cmaGen] = session;
    return new CmaCore({ cmaId: CMA_ID, cmaSession: session, cmaAddresses: [CMA_ADDRESS], timing: this.scenario.timing === 'wan' ? WAN_TIMING : LAN_TIMING });
  }

  async #restore(): Promise<void> {
    this.#cma = this.#newCma();
    const hosts = await this.#store.loadHosts();
    const members = await this.#store.loadRingMembers();
    this.#cmaUp = true;
    this.metrics.log(`${this.#now.toFixed(3)} cma-restored ${hosts.length} ${members.length}`);
    this.#runCma({ kind: 'restore', hosts, members });
  }

  #runCma(input: CmaInput): void {
    const now = this.#now;
    const out = this.#cma.handle(input, Math.floor(now), Math.floor(WALL0 + now));
    this.metrics.cmaCalls++;
    let delay = 0;
    let repair = 0;
    for (const e of out.effects) {
      if (e.kind === 'store') {
        this.#store.apply(e.batch);
        repair = this.#onBatch(e.batch);
        delay = this.scenario.cma.storeLatencyMs;
      } else {
        this.#cmaEffect(e, now + delay, repair);
      }
    }
    this.#cmaDesired = out.wakeAtMs ?? Infinity;
    if (this.#cmaDesired < this.#cmaPending) {
      this.#cmaPending = this.#cmaDesired;
      this.#q.push(this.#cmaDesired, EV_CMA_TIMER, 0, this.#cmaGen, undefined);
    }
  }

  #cmaEffect(e: CmaEffect, at: number, repair: number): void {
    switch (e.kind) {
      case 'send': {
        const h = hostIndexOf(this.world, e.to);
        if (h < 0) return;
        this.metrics.cmaMessage(this.#now);
        if (repair > 0 && e.msg.type === 'SENDEXPECTHB') {
          const r = this.#repairs.get(repair);
          if (r !== undefined) r[1]++;
          this.#repairOf.set(e.msg, repair);
        }
        this.#sendDown(h, e.msg, at);
        return;
      }
      case 'ping': {
        const h = hostIndexOf(this.world, e.target);
        if (h < 0) return;
        this.metrics.cmaMessage(this.#now);
        const lat = this.net.transmit(CMA_HOST, h);
        if (lat >= 0) this.#q.push(at + lat, EV_PEER, h, CMA_HOST, { type: 'PING', senderId: CMA_ID, nonce: ++this.#pingNonce >>> 0 });
        return;
      }
      case 'event':
        this.metrics.notifications[e.event.type] = (this.metrics.notifications[e.event.type] ?? 0) + 1;
        return;
      default:
        return; // commits (the channel is modelled), link keys, logs
    }
  }

  #onCmaTimer(gen: number): void {
    if (gen !== this.#cmaGen || !this.#cmaUp || this.#cmaPending !== this.#now) return;
    this.#cmaPending = Infinity;
    if (this.#cmaDesired > this.#now) {
      if (this.#cmaDesired < Infinity) {
        this.#cmaPending = this.#cmaDesired;
        this.#q.push(this.#cmaDesired, EV_CMA_TIMER, 0, this.#cmaGen, undefined);
      }
      return;
    }
    this.#runCma({ kind: 'timer' });
  }

  /** Ground truth and metrics from one store batch; returns the ring-repair id when it declares deaths. */
  #onBatch(batch: StoreBatch): number {
    const t = this.hosts;
    const now = this.#now;
    for (const r of batch.hosts) {
      const h = hostIndexOf(this.world, r.hostId);
      if (h >= 0) t.cmaStatus[h] = r.status === 'up' ? CMA_UP : r.status === 'dead' ? CMA_DEAD : CMA_SHUTDOWN;
    }
    for (const c of batch.ringChanges) if (c.ringId !== TOP_RING_ID) this.#touched.add(c.ringId);
    let repair = 0;
    const stamp = now.toFixed(3);
    for (const e of batch.events) {
      const h = e.hostId === null ? -1 : hostIndexOf(this.world, e.hostId);
      switch (e.type) {
        case 'host-dead':
          this.metrics.log(`${stamp} host-dead ${h} ${e.ringId ?? ''}`);
          this.#truth.declaredDead(h, now, `${String(e.detail.rule ?? '')} probe ${String(e.detail.probe ?? '-')}`);
          if (repair === 0) {
            repair = ++this.#repairCounter;
            this.#repairs.set(repair, [now, 0, now, 0]);
          }
          break;
        case 'host-join':
          this.metrics.join(now);
          this.metrics.log(`${stamp} host-join ${h}`);
          break;
        case 'host-up':
          this.metrics.hostUps++;
          this.metrics.log(`${stamp} host-up ${h} ${String(e.detail.cause ?? '')}`);
          break;
        case 'ring-unreachable':
          this.metrics.ringDown(e.ringId ?? '');
          this.metrics.log(`${stamp} ring-unreachable ${e.ringId ?? ''}`);
          break;
        case 'host-shutdown':
        case 'host-restart':
        case 'host-move':
          this.metrics.log(`${stamp} ${e.type} ${h}`);
          break;
        default:
          break; // reports: their outcome is what counts
      }
    }
    return repair;
  }

  #repairDone(msg: object, delivered: boolean): void {
    const id = this.#repairOf.get(msg);
    if (id === undefined) return;
    this.#repairOf.delete(msg);
    const r = this.#repairs.get(id);
    if (r === undefined) return;
    r[1]--;
    r[2] = Math.max(r[2], this.#now);
    if (!delivered) r[3] = 1;
    if (r[1] <= 0) {
      this.#repairs.delete(id);
      if (r[3] === 0) this.metrics.repairMs.push(r[2] - r[0]);
    }
  }

  // ---- invariants ----

  #check(): void {
    if (!this.#cmaUp) return;
    const full = this.world.hostCount <= this.scenario.invariants.fullCheckMaxHosts;
    const ringIds = [...this.#touched].filter(isPlacement);
    this.#touched.clear();
    this.metrics.violations(simInvariantProblems(this.#cma.ringSet, this.world, this.hosts.cmaStatus, full ? undefined : ringIds));
  }

  #notUpAtEnd(): number {
    const t = this.hosts;
    const rings = this.#cma.ringSet;
    let n = 0;
    for (let h = 0; h < t.size; h++) {
      if (t.proc[h] !== PROC_RUNNING || this.#truth.causeOf(h, this.#now) !== DOWN_NONE) continue;
      if (t.cmaStatus[h] !== CMA_UP || !rings.has(this.#hostId(h))) n++;
    }
    return n;
  }

  // ---- helpers ----

  #codec(msg: Message): Message {
    if (this.#codecEvery === 0 || ++this.#codecCounter % this.#codecEvery !== 0) return msg;
    this.metrics.codecRoundTrips++;
    try {
      return decodeMessage(encodeMessage(msg));
    } catch (err) {
      this.metrics.codecErrors++;
      this.metrics.violations([`codec round trip of ${msg.type} failed: ${err instanceof Error ? err.message : String(err)}`]);
      return msg;
    }
  }

  #hostId(h: number): string {
    return this.#cores[h]?.hostId ?? hostIdOf(this.world, h);
  }

  #address(h: number): WireAddress {
    let a = this.#addresses[h];
    if (a === undefined) {
      a = Object.freeze(hostAddressOf(this.world, h));
      this.#addresses[h] = a;
    }
    return a;
  }

  #running(): number {
    let n = 0;
    for (let h = 0; h < this.hosts.size; h++) n += this.hosts.proc[h] ?? 0;
    return n;
  }

  #sampleHeap(): void {
    const used = getHeapStatistics().used_heap_size;
    if (used > this.#peakHeap) this.#peakHeap = used;
  }
}
