/**
 * Plain-data surface of the CMA decision core: what goes in (`CmaInput`), what comes out (`CmaEffect`), and the
 * read-only views behind `cma status | hosts | rings`.
 *
 * The shell executes a handle call's effects IN ORDER and waits for a `store` effect to finish before it executes
 * the next effect: so every report is committed only after the write that records it (DESIGN §3), and every
 * SENDEXPECTHB goes out only after the ring change it implements is stored (docs/rings.md).
 */
import type {
  Discovery,
  DoDiscover,
  HbBackAlive,
  HbDead,
  HbLate,
  HbMartian,
  HbShutdown,
  HostId,
  MonState,
  Probe,
  ProbeResult,
  SendExpectHb,
  SetConfig,
  Startup,
  StopSendExpectHb,
  Timing,
  WireAddress,
} from '../../protocol/index.ts';
import type { RingId, RingMemberRecord } from '../ring/index.ts';
import type { HostRecord, HostStatus, StoreBatch, StoredDiscoveryHash } from '../store/index.ts';

/** Messages a nanoprobe delivers to the CMA over its reliable channel (besides STARTUP). */
export type CmaReportMessage = HbDead | HbLate | HbBackAlive | HbMartian | HbShutdown | ProbeResult | MonState | Discovery;

/** Messages the CMA sends a nanoprobe over its reliable channel. */
export type CmaSendMessage = SetConfig | SendExpectHb | StopSendExpectHb | Probe | DoDiscover;

/** One input of CmaCore.handle. */
export type CmaInput =
  /**
   * A STARTUP: plain first contact (`viaChannel` false) or a resync over the reliable channel (true). When it came
   * over the channel, `seq` is its sequence number and the store effect commits it.
   */
  | { readonly kind: 'startup'; readonly msg: Startup; readonly viaChannel: boolean; readonly seq?: number }
  /** A report delivered by host `from`'s reliable channel with sequence number `seq`; always committed. */
  | { readonly kind: 'report'; readonly from: HostId; readonly seq: number; readonly msg: CmaReportMessage }
  /** The CMA's own PING to `from` was answered. */
  | { readonly kind: 'pong'; readonly from: HostId }
  /** Now ≥ the last output's wakeAtMs. */
  | { readonly kind: 'timer' }
  /** LLDP/CDP now places the host elsewhere (`switch:<chassisId>` or `subnet:<cidr>`). */
  | { readonly kind: 'placement'; readonly hostId: HostId; readonly placement: string }
  /** Rebuild from the store at CMA start; only valid as the first input. */
  | {
      readonly kind: 'restore';
      readonly hosts: readonly HostRecord[];
      readonly members: readonly RingMemberRecord[];
      /** The stored discovery hashes (GraphStore.loadDiscoveryHashes); omitted: none, every announced hash is asked for again. */
      readonly discoveryHashes?: readonly StoredDiscoveryHash[];
    };

/** A report to acknowledge on host `from`'s channel. */
export interface ReportCommit {
  readonly from: HostId;
  readonly seq: number;
}

/** Operator-facing events, for notification sinks (stored events are richer: see EventRecord). */
export type CmaEvent =
  | { readonly type: 'host-dead'; readonly hostId: HostId; readonly hostname: string; readonly ringId: RingId | null; readonly reason: string }
  | { readonly type: 'host-up'; readonly hostId: HostId; readonly hostname: string; readonly via: ResurrectionCause }
  | { readonly type: 'host-shutdown'; readonly hostId: HostId; readonly hostname: string; readonly reason: string }
  /** ≥ 50 % (and ≥ 3) of a local ring went silent within confirmWindowMs: one event instead of N host deaths. */
  | { readonly type: 'ring-unreachable'; readonly ringId: RingId; readonly hosts: number };

/** What showed a host believed dead to be alive. */
export type ResurrectionCause = 'back-alive' | 'martian' | 'pong' | 'startup';

/** Log levels the core uses. */
export type CmaLogLevel = 'debug' | 'info' | 'warn';

/** One thing for the shell to do. */
export type CmaEffect =
  /** Apply `batch` in one transaction, then commit `commits` on their channels; execute later effects only after. */
  | { readonly kind: 'store'; readonly batch: StoreBatch; readonly commits: readonly ReportCommit[] }
  /** Commit a report that needed no write. */
  | ({ readonly kind: 'commit' } & ReportCommit)
  /** Send a message on the host's reliable channel. */
  | { readonly kind: 'send'; readonly to: HostId; readonly msg: CmaSendMessage }
  /** Install (or refresh) a host's key and address in the link; comes before the first send to that host. */
  | { readonly kind: 'add-peer'; readonly hostId: HostId; readonly publicKey: Uint8Array; readonly address: WireAddress }
  /** Send the CMA's own PING to a suspect (attempt 1..pingAttempts); a PONG comes back as a `pong` input. */
  | { readonly kind: 'ping'; readonly target: HostId; readonly address: WireAddress; readonly attempt: number }
  | { readonly kind: 'event'; readonly event: CmaEvent }
  | { readonly kind: 'log'; readonly level: CmaLogLevel; readonly message: string; readonly context: Readonly<Record<string, unknown>> };

/** The result of one handle call. */
export interface CmaOutput {
  readonly effects: CmaEffect[];
  /** When to deliver the next `timer` input (monotonic ms), undefined when nothing is pending. */
  readonly wakeAtMs: number | undefined;
}

/** `cma status`. */
export interface CmaStatusView {
  readonly cmaId: HostId;
  readonly cmaSession: number;
  readonly hosts: { readonly total: number; readonly up: number; readonly dead: number; readonly shutdown: number };
  /** Local rings with members (the top ring not counted). */
  readonly localRings: number;
  readonly topRingMembers: number;
  /** Hosts under suspicion right now (being checked). */
  readonly suspects: number;
}

/** One row of `cma hosts`. */
export interface HostView {
  readonly hostId: HostId;
  readonly hostname: string;
  readonly status: HostStatus;
  readonly suspected: boolean;
  readonly placement: string;
  /** Its local ring, null when it is in none (dead, shut down). */
  readonly ringId: RingId | null;
  readonly representative: boolean;
  /** First address as `ip:port` (`[ip]:port` for IPv6). */
  readonly address: string;
  readonly lastSeenWallMs: number;
  readonly statusSinceWallMs: number;
  readonly deadReason: string;
  readonly lateCount: number;
}

/** One row of `cma rings`. */
export interface RingView {
  readonly ringId: RingId;
  /** Members in cycle order. */
  readonly members: readonly HostId[];
  readonly edges: number;
  readonly timing: Timing;
}
