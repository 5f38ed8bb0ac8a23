import type { DecodeErrorCode } from '../errors.ts';
import type { Ack, Segment } from '../messages.ts';

/** An application message handed up by the channel, in order, exactly once per peer pairing. */
export interface DeliveredMessage {
  /**
   * Delivery number: local to this channel object, strictly increasing over its whole life (never reused across
   * peer sessions, unlike the wire seq). Pass it to `commit`.
   */
  readonly seq: number;
  /** The application message bytes (inflated and reassembled). */
  readonly payload: Uint8Array;
}

/** Something the application should know about; plain data. */
export type ChannelEvent =
  /**
   * The peer's session changed (oldSession 0: first contact). Receive state was reset and every unacknowledged
   * outgoing message was renumbered from seq 1 for the new pairing; when oldSession ≠ 0 the application resyncs
   * (the nanoprobe re-sends STARTUP and its discovery hashes).
   */
  | { readonly kind: 'peer-session-changed'; readonly oldSession: number; readonly newSession: number }
  /**
   * An incoming message was consumed without delivery (fragment inconsistent, too large, cannot inflate), or a
   * segment was refused (PROTO_BAD_FRAGMENT). `seq` is the wire seq of the offending segment.
   */
  | { readonly kind: 'message-rejected'; readonly code: DecodeErrorCode; readonly seq: number; readonly detail: string }
  /** A partial message timed out; its fragments were freed and the peer was asked to resend from `fromSeq`. */
  | { readonly kind: 'reassembly-timeout'; readonly fromSeq: number; readonly bytesFreed: number };

/** What `poll` hands to the shell. */
export interface ChannelOutput {
  /** Messages to encode and send to the peer, in order. */
  readonly outgoing: (Segment | Ack)[];
  /** Application messages, in order, each exactly once. */
  readonly delivered: DeliveredMessage[];
  readonly events: ChannelEvent[];
}

/** Counters of one channel; they only ever grow. */
export interface ChannelStats {
  /** Application messages accepted by `send`. */
  messagesQueued: number;
  /** Messages `send` refused because the queue was full. */
  queueDrops: number;
  /** Outgoing messages fully acknowledged by the peer. */
  messagesAcked: number;
  /** Segments sent for the first time in their pairing. */
  segmentsSent: number;
  /** Segments sent again after a retransmission timeout or a rewind. */
  retransmits: number;
  /** Messages renumbered because the peer's session changed. */
  renumbered: number;
  /** ACKs produced by `poll`. */
  acksSent: number;
  /** Segments given to `receive` (any session). */
  segmentsReceived: number;
  /** ACKs given to `receive` (any session). */
  acksReceived: number;
  /** Application messages delivered. */
  delivered: number;
  /** Segments received again (already in order, or already buffered); re-ACKed, never redelivered. */
  duplicates: number;
  /** Segments ahead of the receive window (dropped; the peer will resend). */
  outOfWindow: number;
  /** Incoming messages consumed without delivery, or segments refused (see `message-rejected`). */
  rejected: number;
  /** Messages from a retired peer session, ACKs that acknowledge nothing sent, or other stale input. */
  stale: number;
  /** ACK 0 replies to messages addressed to a session that is not ours. */
  strangerReplies: number;
  /** Peer session changes (first contact included). */
  peerSessionChanges: number;
  /** Partial messages freed by `reassemblyTimeoutMs`. */
  reassemblyTimeouts: number;
  /** Rewind requests honoured (the peer lost a partial message of ours). */
  rewinds: number;
  /** Events discarded because more than MAX_PENDING_EVENTS were pending. */
  eventsDropped: number;
}

/** A zeroed stats object. */
export function newChannelStats(): ChannelStats {
  return {
    messagesQueued: 0,
    queueDrops: 0,
    messagesAcked: 0,
    segmentsSent: 0,
    retransmits: 0,
    renumbered: 0,
    acksSent: 0,
    segmentsReceived: 0,
    acksReceived: 0,
    delivered: 0,
    duplicates: 0,
    outOfWindow: 0,
    rejected: 0,
    stale: 0,
    strangerReplies: 0,
    peerSessionChanges: 0,
    reassemblyTimeouts: 0,
    rewinds: 0,
    eventsDropped: 0,
  };
}
