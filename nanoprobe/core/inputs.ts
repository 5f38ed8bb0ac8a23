/**
 * What the shell feeds the core (STYLE practice 11): decoded messages with their sender, the timer, and local
 * commands. Messages arrive already authenticated; the core never sees bytes.
 */
import type {
  DoDiscover,
  Heartbeat,
  Message,
  Monitor,
  Ping,
  Pong,
  Probe,
  SendExpectHb,
  SetConfig,
  StopDiscover,
  StopMonitor,
  StopSendExpectHb,
  WireAddress,
} from '../../protocol/messages.ts';
import type { DiscoveryOutcome } from './discovery-schedule.ts';

/** Application messages the CMA sends a nanoprobe (delivered in order by the reliable channel). */
export type CmaCommand = SetConfig | SendExpectHb | StopSendExpectHb | Probe | DoDiscover | StopDiscover | Monitor | StopMonitor;

/** Messages one nanoprobe sends another. */
export type PeerMessage = Heartbeat | Ping | Pong;

export type CoreInput =
  /** The process started: begin CMA discovery (plain STARTUP, retried until SETCONFIG). */
  | { readonly kind: 'start' }
  /** A command from the CMA. */
  | { readonly kind: 'cma'; readonly msg: CmaCommand }
  /** A message from another nanoprobe; `from` is the datagram's source (replies go there). */
  | { readonly kind: 'peer'; readonly msg: PeerMessage; readonly from: WireAddress }
  /** `now ≥ wakeAtMs` (extra timer inputs are harmless). */
  | { readonly kind: 'timer' }
  /** The reliable channel saw a new CMA session (restart or failover): resync. */
  | { readonly kind: 'cma-session-changed' }
  /** A discovery run (a `discovery-run` effect) finished: its content hash and payload, or why it failed. */
  | { readonly kind: 'discovery-result'; readonly discoveryKind: string; readonly runId: number; readonly outcome: DiscoveryOutcome }
  /** The shell could not queue a DISCOVERY (report queue full): the core forgets that hash and resends later. */
  | { readonly kind: 'discovery-undelivered'; readonly discoveryKind: string; readonly hash: string }
  /** The reliable channel has nothing waiting for the CMA's ACK: every DISCOVERY sent so far is acknowledged. */
  | { readonly kind: 'discovery-acked' }
  /** This nanoprobe is stopping cleanly. */
  | { readonly kind: 'shutdown'; readonly reason: string };

/** The kind tag of an input. */
export type CoreInputKind = CoreInput['kind'];

const CMA_COMMAND_TYPES: ReadonlySet<Message['type']> = new Set([
  'SETCONFIG',
  'SENDEXPECTHB',
  'STOPSENDEXPECTHB',
  'PROBE',
  'DODISCOVER',
  'STOPDISCOVER',
  'MONITOR',
  'STOPMONITOR',
]);
const PEER_MESSAGE_TYPES: ReadonlySet<Message['type']> = new Set(['HEARTBEAT', 'PING', 'PONG']);

/** True when `msg` is something the CMA may command (the shell drops anything else from the CMA, counted). */
export function isCmaCommand(msg: Message): msg is CmaCommand {
  return CMA_COMMAND_TYPES.has(msg.type);
}

/** True when `msg` is something a peer nanoprobe may send us. */
export function isPeerMessage(msg: Message): msg is PeerMessage {
  return PEER_MESSAGE_TYPES.has(msg.type);
}
