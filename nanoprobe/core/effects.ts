/**
 * What the core asks its shell to do, as plain data (STYLE practice 11). The shell encodes and sends, installs
 * keys, schedules discovery and monitors, and logs; the core never sees bytes, sockets or loggers.
 */
import type {
  Discovery,
  Heartbeat,
  HbBackAlive,
  HbDead,
  HbLate,
  HbMartian,
  HbShutdown,
  HostId,
  Ping,
  Pong,
  ProbeResult,
  Startup,
  WireAddress,
} from '../../protocol/messages.ts';
import type { LogContext } from '../../runtime/logger.ts';

/** Messages the core sends to other nanoprobes (sealed with the link key of `peerId`). */
export type PeerOutMessage = Heartbeat | Ping | Pong;

/** Messages the core sends to the CMA over the reliable channel. */
export type CmaOutMessage = HbDead | HbLate | HbBackAlive | HbMartian | HbShutdown | ProbeResult | Startup | Discovery;

/** Why the shell needs a link key for a host: it is a ring peer, or the target of a direct check (PROBE). */
export type LinkRole = 'ring' | 'probe';

/** One scheduled discovery kind as the shell should run it. */
export interface DiscoveryTask {
  readonly kind: string;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly args: readonly string[];
}

/** One monitor as the shell should run it. */
export interface MonitorTask {
  readonly monitorId: string;
  readonly kind: string;
  readonly target: string;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly args: readonly string[];
}

/** Log levels the core uses (a subset of the Logger seam). */
export type CoreLogLevel = 'debug' | 'info' | 'warn';

export type Effect =
  /** Send `msg` to another nanoprobe at `to`. */
  | { readonly kind: 'send-peer'; readonly to: WireAddress; readonly peerId: HostId; readonly msg: PeerOutMessage }
  /** Send `msg` to the CMA over the reliable channel. */
  | { readonly kind: 'send-cma'; readonly msg: CmaOutMessage }
  /** Send STARTUP plain (unsealed) to the known CMA addresses, or by multicast: CMA discovery before SETCONFIG. */
  | { readonly kind: 'startup'; readonly msg: Startup }
  /**
   * Install (or replace: this is an upsert) the link key of `peerId` at `address`. Emitted when a host becomes a
   * ring peer or a probe target, and again when its address or key changes.
   */
  | { readonly kind: 'peer-added'; readonly peerId: HostId; readonly address: WireAddress; readonly publicKey: Uint8Array; readonly role: LinkRole }
  /** Remove the link key of `peerId`: it is neither a ring peer nor a probe target any more. */
  | { readonly kind: 'peer-removed'; readonly peerId: HostId; readonly address: WireAddress; readonly publicKey: Uint8Array; readonly role: LinkRole }
  /** The whole current discovery plan (replaces the previous one). */
  | { readonly kind: 'discovery-plan'; readonly tasks: readonly DiscoveryTask[] }
  /** Run the collector of `task.kind` now (killed on `discovery-abandon`); answer with a `discovery-result` input. */
  | { readonly kind: 'discovery-run'; readonly task: DiscoveryTask; readonly runId: number }
  /** Stop waiting for run `runId` of `discoveryKind` (timed out, or the kind left the plan): kill it. */
  | { readonly kind: 'discovery-abandon'; readonly discoveryKind: string; readonly runId: number }
  /** The whole current monitor plan (replaces the previous one). */
  | { readonly kind: 'monitor-plan'; readonly monitors: readonly MonitorTask[] }
  /** A log line; wire-derived values are nested in `context`, never used as bindings. */
  | { readonly kind: 'log'; readonly level: CoreLogLevel; readonly message: string; readonly context: LogContext };

/** The kind tag of an effect. */
export type EffectKind = Effect['kind'];

/** Result of one `handle` call. */
export interface CoreOutput {
  readonly effects: readonly Effect[];
  /** Call `handle({kind:'timer'}, t)` at `t ≥ wakeAtMs`; `undefined` means nothing is pending. */
  readonly wakeAtMs: number | undefined;
}
