/**
 * The ringwatch message catalogue (DESIGN §3, docs/protocol.md).
 *
 * WIRE NUMBERS ARE APPEND-ONLY. Never renumber, never reuse a number: a retired type goes into
 * RETIRED_TYPE_NUMBERS and its number stays dead forever (memberlist's rule for messageType).
 *
 * On the wire every message is a MessagePack array `[typeNumber, field1, field2, ...]` with the fields in the
 * order the codec's schema gives (protocol/schema.ts); host ids are 32 lowercase hex chars (the first 16 bytes
 * of SHA-256 of the host's X25519 public key).
 */

export const MESSAGE_TYPES = {
  // nanoprobe → CMA
  STARTUP: 1,
  // CMA → nanoprobe
  SETCONFIG: 2,
  SENDEXPECTHB: 3,
  STOPSENDEXPECTHB: 4,
  // nanoprobe → CMA: exceptions
  HBDEAD: 5,
  HBLATE: 6,
  HBBACKALIVE: 7,
  HBMARTIAN: 8,
  HBSHUTDOWN: 9,
  // CMA → nanoprobe and back: direct checks
  PROBE: 10,
  PROBERESULT: 11,
  // discovery
  DISCOVERY: 12,
  DODISCOVER: 13,
  STOPDISCOVER: 14,
  // monitoring
  MONITOR: 15,
  STOPMONITOR: 16,
  MONSTATE: 17,
  // nanoprobe ↔ nanoprobe
  HEARTBEAT: 18,
  PING: 19,
  PONG: 20,
  // reliable channel (nanoprobe ↔ CMA)
  ACK: 21,
  SEGMENT: 22,
} as const;

/** Numbers once used and since retired: never to be reused. */
export const RETIRED_TYPE_NUMBERS: readonly number[] = [];

export type MessageTypeName = keyof typeof MESSAGE_TYPES;
export type MessageTypeNumber = (typeof MESSAGE_TYPES)[MessageTypeName];

/** A 32-hex-char host (or CMA) id. */
export type HostId = string;

/** A UDP endpoint (literal IP, never a name). Wire form `[host, port]`. */
export interface WireAddress {
  readonly host: string;
  readonly port: number;
}

/** Heartbeat timing, all in ms. Wire form `[intervalMs, lateMs, deadMs]`. Invariant: interval < late < dead. */
export interface Timing {
  readonly intervalMs: number;
  readonly lateMs: number;
  readonly deadMs: number;
}

/** A discovery kind's current content hash (so the CMA knows what it already has). */
export interface DiscoveryHash {
  readonly kind: string;
  readonly hash: string;
}

/** One scheduled discovery kind. Wire form `[kind, intervalMs, timeoutMs]`. */
export interface DiscoveryPlanItem {
  readonly kind: string;
  readonly intervalMs: number;
  readonly timeoutMs: number;
}

/** First message of a nanoprobe to a CMA (the only one that may travel unsealed: it carries the public key). */
export interface Startup {
  readonly type: 'STARTUP';
  readonly hostId: HostId;
  /** Raw 32-byte X25519 public key; hostId must be its fingerprint. */
  readonly publicKey: Uint8Array;
  readonly hostname: string;
  /** Where this nanoprobe listens for heartbeats (≤ 64). */
  readonly addresses: readonly WireAddress[];
  /** Software version string. */
  readonly version: string;
  /** /etc/machine-id or DMI UUID, '' when unknown. */
  readonly machineId: string;
  /** Wall-clock boot time of the nanoprobe process, ms since the epoch. */
  readonly startedWallMs: number;
  /** The nanoprobe's reliable-channel session (changes on every process start). */
  readonly sessionId: number;
  readonly discoveryHashes: readonly DiscoveryHash[];
}

/** CMA's answer to STARTUP: everything the nanoprobe needs besides its peers. */
export interface SetConfig {
  readonly type: 'SETCONFIG';
  readonly cmaId: HostId;
  readonly cmaSession: number;
  readonly hostId: HostId;
  readonly timing: Timing;
  /** Every address the CMA may be reached at (both HA nodes and the VIP), ≤ 16. */
  readonly cmaAddresses: readonly WireAddress[];
  readonly discovery: readonly DiscoveryPlanItem[];
}

/** Start heartbeating `peerId` and expect its heartbeats (one ring edge, both directions). */
export interface SendExpectHb {
  readonly type: 'SENDEXPECTHB';
  readonly peerId: HostId;
  readonly address: WireAddress;
  readonly publicKey: Uint8Array;
  readonly ringId: string;
  readonly timing: Timing;
}

export interface StopSendExpectHb {
  readonly type: 'STOPSENDEXPECTHB';
  readonly peerId: HostId;
  readonly ringId: string;
}

/** An observed peer passed `deadMs` without a heartbeat. */
export interface HbDead {
  readonly type: 'HBDEAD';
  readonly peerId: HostId;
  readonly ringId: string;
  readonly silentForMs: number;
}

/** An observed peer passed `lateMs` (reported once per lateness episode). */
export interface HbLate {
  readonly type: 'HBLATE';
  readonly peerId: HostId;
  readonly ringId: string;
  readonly silentForMs: number;
}

/** A peer we reported late or dead is heard again. */
export interface HbBackAlive {
  readonly type: 'HBBACKALIVE';
  readonly peerId: HostId;
  readonly ringId: string;
  readonly silentForMs: number;
}

/** A host we were not told to expect heartbeats at us. */
export interface HbMartian {
  readonly type: 'HBMARTIAN';
  readonly peerId: HostId;
  readonly address: WireAddress;
  readonly ringId: string;
}

/** The nanoprobe itself is stopping cleanly. */
export interface HbShutdown {
  readonly type: 'HBSHUTDOWN';
  readonly hostId: HostId;
  readonly reason: string;
}

/** CMA asks an observer to check a suspect directly (PING) now. */
export interface Probe {
  readonly type: 'PROBE';
  readonly probeId: number;
  readonly targetId: HostId;
  readonly address: WireAddress;
  readonly publicKey: Uint8Array;
  readonly timeoutMs: number;
}

export interface ProbeResult {
  readonly type: 'PROBERESULT';
  readonly probeId: number;
  readonly targetId: HostId;
  readonly alive: boolean;
  /** Round-trip time when alive, else 0. */
  readonly rttMs: number;
}

/** Discovery data of one kind; sent only when its content hash changed. */
export interface Discovery {
  readonly type: 'DISCOVERY';
  readonly kind: string;
  readonly hash: string;
  /** true: payload is the whole state; false: payload is a diff against the last acknowledged hash. */
  readonly full: boolean;
  /** Plain data (maps, arrays, strings, numbers, booleans, null, bytes). */
  readonly payload: unknown;
}

export interface DoDiscover {
  readonly type: 'DODISCOVER';
  readonly kind: string;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly args: readonly string[];
}

export interface StopDiscover {
  readonly type: 'STOPDISCOVER';
  readonly kind: string;
}

export interface Monitor {
  readonly type: 'MONITOR';
  readonly monitorId: string;
  readonly kind: string;
  readonly target: string;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly args: readonly string[];
}

export interface StopMonitor {
  readonly type: 'STOPMONITOR';
  readonly monitorId: string;
}

export const MONITOR_STATES = ['up', 'down', 'unknown'] as const;
export type MonitorState = (typeof MONITOR_STATES)[number];

export interface MonState {
  readonly type: 'MONSTATE';
  readonly monitorId: string;
  readonly state: MonitorState;
  readonly detail: string;
}

/** Peer-to-peer liveness. */
export interface Heartbeat {
  readonly type: 'HEARTBEAT';
  readonly senderId: HostId;
  readonly ringId: string;
  readonly seq: number;
}

export interface Ping {
  readonly type: 'PING';
  readonly senderId: HostId;
  readonly nonce: number;
}

export interface Pong {
  readonly type: 'PONG';
  readonly senderId: HostId;
  readonly nonce: number;
}

/** Reliable channel: cumulative acknowledgement of SEGMENTs up to and including `ack` in `peerSession`. */
export interface Ack {
  readonly type: 'ACK';
  /** Sender's own channel session. */
  readonly session: number;
  /** The session of the side whose segments are acknowledged (0 = unknown). */
  readonly peerSession: number;
  /** Highest contiguous sequence number delivered and committed (0 = none). */
  readonly ack: number;
}

/** Reliable channel: one fragment of one application message. */
export interface Segment {
  readonly type: 'SEGMENT';
  readonly session: number;
  /** The receiver's session as the sender knows it (0 = unknown). */
  readonly peerSession: number;
  /** Sequence number of this fragment, from 1, consecutive within the session. */
  readonly seq: number;
  readonly fragIndex: number;
  readonly fragCount: number;
  /** The message bytes (all fragments joined) are zlib-deflated. */
  readonly compressed: boolean;
  readonly data: Uint8Array;
}

export type Message =
  | Startup
  | SetConfig
  | SendExpectHb
  | StopSendExpectHb
  | HbDead
  | HbLate
  | HbBackAlive
  | HbMartian
  | HbShutdown
  | Probe
  | ProbeResult
  | Discovery
  | DoDiscover
  | StopDiscover
  | Monitor
  | StopMonitor
  | MonState
  | Heartbeat
  | Ping
  | Pong
  | Ack
  | Segment;

/** The message type with a given name. */
export type MessageOf<N extends MessageTypeName> = Extract<Message, { type: N }>;
