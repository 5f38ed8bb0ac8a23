/**
 * A scenario as data (docs/simulator.md): the world, the network, a fault schedule and the expected outcomes.
 * `parseScenario` (parse.ts) turns a JSON document into a fully-defaulted, frozen Scenario or throws SimError.
 */
import type { NetworkParams } from '../engine/sim-network.ts';
import type { SimStoreKind } from '../engine/sim-store.ts';
import type { WorldParams } from '../world/world.ts';

/** Faults, each at `atMs` of virtual time. Host and switch victims are drawn from the run's seed. */
export type Fault =
  /** kill -9 of `hosts` random running hosts; restarted after `restartAfterMs` when given. */
  | { readonly kind: 'kill-host'; readonly atMs: number; readonly hosts: number; readonly restartAfterMs?: number }
  /** `switches` random switches die (all traffic of their hosts dropped), back after `forMs` when given. */
  | { readonly kind: 'kill-switch'; readonly atMs: number; readonly switches: number; readonly forMs?: number }
  /** `switches` random switches (a rack or a row) are cut off from the rest and the CMA for `forMs`. */
  | { readonly kind: 'partition'; readonly atMs: number; readonly switches: number; readonly forMs: number }
  /** Extra datagram loss `rate` (0–1) everywhere for `forMs`. */
  | { readonly kind: 'loss'; readonly atMs: number; readonly rate: number; readonly forMs: number }
  /** SIGSTOP of `hosts` random running hosts for `forMs` (they process nothing, then wake with a stale view). */
  | { readonly kind: 'stall'; readonly atMs: number; readonly hosts: number; readonly forMs: number }
  /** The active CMA dies; after `downMs` a new one restores from the store under a new session. */
  | { readonly kind: 'cma-failover'; readonly atMs: number; readonly downMs: number }
  /** `fraction` of running hosts reboot, each down for a time uniform in `downMs`; `clean` sends HBSHUTDOWN. */
  | { readonly kind: 'mass-reboot'; readonly atMs: number; readonly fraction: number; readonly downMs: readonly [number, number]; readonly clean: boolean }
  /** The reserve hosts (world.reserveHosts) start, spread over `overMs`. */
  | { readonly kind: 'join-storm'; readonly atMs: number; readonly overMs: number };

/** Fault kinds. */
export const FAULT_KINDS = ['kill-host', 'kill-switch', 'partition', 'loss', 'stall', 'cma-failover', 'mass-reboot', 'join-storm'] as const;

/** Outcomes checked at the end of a run; each absent field is not checked. */
export interface Expectations {
  /** Most hosts declared dead while alive and reachable. */
  readonly falseDeathsMax?: number;
  /** Every host killed or cut off for ≥ 15 s was declared dead (no missed detection). */
  readonly allDownDetected?: boolean;
  /** Detection latency p99 at most this, ms. */
  readonly detectionP99MaxMs?: number;
  /** Detection latency max at most this, ms. */
  readonly detectionMaxMs?: number;
  /** ring-unreachable events in [min, max]. */
  readonly ringUnreachable?: { readonly min: number; readonly max: number };
  /** Host deaths declared in [min, max] (true deaths: killed or cut-off hosts). */
  readonly deaths?: { readonly min: number; readonly max: number };
  /** Most invariant violations. */
  readonly invariantViolationsMax?: number;
  /** At the end every running, reachable host is `up` at the CMA and in a ring. */
  readonly allUpAtEnd?: boolean;
  /** CMA messages per second per 1,000 hosts in the healthy phase at most this. */
  readonly cmaMsgsPerSecPer1000Max?: number;
  /** Lowest graph precision (over every kind measured) at least this; needs `discovery`. */
  readonly graphPrecisionMin?: number;
  /** Lowest graph recall (over every kind measured) at least this; needs `discovery`. */
  readonly graphRecallMin?: number;
}

/** A fully-defaulted scenario. */
export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly seed: number;
  readonly durationMs: number;
  readonly timing: 'lan' | 'wan';
  readonly world: WorldParams;
  readonly network: NetworkParams;
  /** The initial hosts start spread uniformly over this many ms. */
  readonly startOverMs: number;
  readonly cma: {
    readonly store: SimStoreKind;
    /** Virtual time a store write takes: the sends after it leave this much later. */
    readonly storeLatencyMs: number;
  };
  /** Fraction of messages that go through the real codec (encode + decode) instead of as objects. */
  readonly codecSample: number;
  /**
   * Hosts answer their NanoprobeCore's discovery runs (inventory, netstat, lldp; simulator/world/discovery.ts), so
   * DISCOVERY reports reach the CMA and the graph is compared with the ground truth. Off: runs go unanswered.
   */
  readonly discovery: boolean;
  readonly invariants: {
    readonly everyMs: number;
    /** Up to this many hosts every ring is checked; above it only the rings changed since the last check. */
    readonly fullCheckMaxHosts: number;
  };
  /** Window of the healthy-phase CMA traffic figure; defaults: startOverMs + 30 s to the first fault. */
  readonly healthy: { readonly fromMs: number; readonly toMs: number };
  readonly faults: readonly Fault[];
  readonly expect: Expectations;
}
