import type { Segment } from '../messages.ts';
import type { ChannelConfig } from './config.ts';
import { RTO_BACKOFF_FACTOR } from './config.ts';
import { fragmentPayload } from './fragment.ts';
import type { ChannelStats } from './types.ts';

/** One queued application message; its fragments occupy seqs firstSeq .. firstSeq + fragments.length − 1. */
interface OutMessage {
  /** Reassigned when the pairing changes (renumbering). */
  firstSeq: number;
  readonly fragments: readonly Uint8Array[];
  readonly compressed: boolean;
}

/** Outcome of an incoming cumulative ACK. */
export type AckOutcome = 'progress' | 'old' | 'bogus';

/**
 * The sending half of a reliable channel, for one peer pairing at a time: numbering, window, per-segment
 * retransmission deadlines with capped exponential backoff, release on cumulative ACK, renumbering and rewind.
 * Messages stay queued, whole, until their last fragment is acknowledged.
 */
export class ChannelSender {
  readonly #config: ChannelConfig;
  readonly #stats: ChannelStats;
  /** Unacknowledged messages, oldest first; bounded by `maxSendQueue`. */
  #queue: OutMessage[] = [];
  /** Seq the next queued fragment gets. */
  #nextSeq = 1;
  /** Highest seq the peer acknowledged cumulatively in this pairing. */
  #ackedSeq = 0;
  /** Highest seq in flight (sent and not acknowledged); seqs after it are waiting for the window. */
  #sentUpTo = 0;
  /** Highest seq ever sent in this pairing (tells first sends from retransmissions). */
  #highestSent = 0;
  /** Retransmit deadline (ms) of seq `ackedSeq + 1 + i`; length `sentUpTo − ackedSeq`, bounded by the window. */
  #deadlinesMs: number[] = [];
  #rtoMs: number;
  /** Rewind requests before this time are ignored (see `rewind`). */
  #rewindHoldUntilMs = -Infinity;

  constructor(config: ChannelConfig, stats: ChannelStats) {
    this.#config = config;
    this.#stats = stats;
    this.#rtoMs = config.initialRtoMs;
  }

  /** Messages queued and not yet fully acknowledged. */
  get queueLength(): number {
    return this.#queue.length;
  }

  /** Current retransmission timeout, ms. */
  get rtoMs(): number {
    return this.#rtoMs;
  }

  /** Highest seq acknowledged by the peer in this pairing. */
  get ackedSeq(): number {
    return this.#ackedSeq;
  }

  /** Queues `payload` (copied, maybe deflated, fragmented); false when the queue is full. */
  enqueue(payload: Uint8Array): boolean {
    if (this.#queue.length >= this.#config.maxSendQueue) {
      this.#stats.queueDrops++;
      return false;
    }
    const { fragments, compressed } = fragmentPayload(payload, this.#config);
    this.#queue.push({ firstSeq: this.#nextSeq, fragments, compressed });
    this.#nextSeq += fragments.length;
    this.#stats.messagesQueued++;
    return true;
  }

  /** Applies a cumulative ACK of this pairing. */
  onAck(ack: number): AckOutcome {
    if (!Number.isInteger(ack) || ack < 0 || ack > this.#highestSent) return 'bogus';
    if (ack <= this.#ackedSeq) return 'old';
    const inFlightAcked = Math.min(ack, this.#sentUpTo) - this.#ackedSeq;
    this.#deadlinesMs.splice(0, Math.max(0, inFlightAcked));
    this.#ackedSeq = ack;
    if (this.#sentUpTo < ack) this.#sentUpTo = ack;
    while (this.#queue.length > 0) {
      const head = this.#queue[0];
      if (head === undefined || head.firstSeq + head.fragments.length - 1 > ack) break;
      this.#queue.shift();
      this.#stats.messagesAcked++;
    }
    this.#rtoMs = this.#config.initialRtoMs;
    return 'progress';
  }

  /**
   * The peer lost a partial message of ours and has everything up to `ack`: resend from `ack + 1`. Only acts when
   * we believed more was acknowledged (so repeated rewind ACKs cost one resend), and never below the oldest seq
   * we still hold (a stale request). After a rewind, further ones are ignored for `maxRtoMs`: the catch-up ACKs
   * also carry the rewind marker, and a reordered one must not restart the resend. A stale rewind only costs
   * retransmissions; a genuine one that is ignored is repeated on the peer's next ACK.
   */
  rewind(ack: number, nowMs: number): boolean {
    const head = this.#queue[0];
    if (head === undefined || !Number.isInteger(ack) || ack + 1 < head.firstSeq || ack >= this.#ackedSeq) return false;
    if (nowMs < this.#rewindHoldUntilMs) return false;
    this.#rewindHoldUntilMs = nowMs + this.#config.maxRtoMs;
    this.#ackedSeq = ack;
    this.#sentUpTo = ack;
    this.#deadlinesMs = [];
    this.#rtoMs = this.#config.initialRtoMs;
    this.#stats.rewinds++;
    return true;
  }

  /** New pairing: every queued message is renumbered from seq 1 and will be sent again. Returns how many. */
  renumber(): number {
    let seq = 1;
    for (const message of this.#queue) {
      message.firstSeq = seq;
      seq += message.fragments.length;
    }
    this.#nextSeq = seq;
    this.#ackedSeq = 0;
    this.#sentUpTo = 0;
    this.#highestSent = 0;
    this.#deadlinesMs = [];
    this.#rtoMs = this.#config.initialRtoMs;
    this.#rewindHoldUntilMs = -Infinity;
    this.#stats.renumbered += this.#queue.length;
    return this.#queue.length;
  }

  /** Drops every queued message (the app gave up on them); returns how many. */
  clear(): number {
    const dropped = this.#queue.length;
    this.#queue = [];
    this.renumber();
    return dropped;
  }

  /**
   * Appends due retransmissions, then new segments while the window allows (a window of 1 while the peer session
   * is unknown: the first segment doubles as a probe).
   */
  collect(nowMs: number, session: number, peerSession: number, out: Segment[]): void {
    if (this.#deadlinesMs.some((deadlineMs) => deadlineMs <= nowMs)) {
      this.#rtoMs = Math.min(this.#rtoMs * RTO_BACKOFF_FACTOR, this.#config.maxRtoMs);
      this.#deadlinesMs.forEach((deadlineMs, i) => {
        if (deadlineMs > nowMs) return;
        out.push(this.#segment(this.#ackedSeq + 1 + i, session, peerSession));
        this.#deadlinesMs[i] = nowMs + this.#rtoMs;
        this.#stats.retransmits++;
      });
    }
    const window = peerSession === 0 ? 1 : this.#config.windowSize;
    while (this.#sentUpTo < this.#nextSeq - 1 && this.#sentUpTo - this.#ackedSeq < window) {
      const seq = ++this.#sentUpTo;
      out.push(this.#segment(seq, session, peerSession));
      this.#deadlinesMs.push(nowMs + this.#rtoMs);
      if (seq > this.#highestSent) {
        this.#highestSent = seq;
        this.#stats.segmentsSent++;
      } else {
        this.#stats.retransmits++;
      }
    }
  }

  /** Whether `collect` would send a new segment right now. */
  canSend(peerKnown: boolean): boolean {
    const window = peerKnown ? this.#config.windowSize : 1;
    return this.#sentUpTo < this.#nextSeq - 1 && this.#sentUpTo - this.#ackedSeq < window;
  }

  /** Earliest retransmission deadline, ms. */
  nextDeadlineMs(): number | undefined {
    let earliest: number | undefined;
    for (const deadlineMs of this.#deadlinesMs) if (earliest === undefined || deadlineMs < earliest) earliest = deadlineMs;
    return earliest;
  }

  #segment(seq: number, session: number, peerSession: number): Segment {
    for (const message of this.#queue) {
      const fragIndex = seq - message.firstSeq;
      if (fragIndex < 0 || fragIndex >= message.fragments.length) continue;
      const data = message.fragments[fragIndex];
      if (data === undefined) break;
      const fragCount = message.fragments.length;
      return { type: 'SEGMENT', session, peerSession, seq, fragIndex, fragCount, compressed: message.compressed, data };
    }
    throw new Error(`ChannelSender: seq ${seq} is not queued (internal invariant broken)`);
  }
}
