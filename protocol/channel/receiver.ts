import type { DecodeErrorCode } from '../errors.ts';
import { DecodeError } from '../errors.ts';
import type { Segment } from '../messages.ts';
import type { ChannelConfig } from './config.ts';
import { joinFragments } from './fragment.ts';
import type { ChannelEvent, ChannelStats, DeliveredMessage } from './types.ts';

/** A message being reassembled from in-order fragments. */
interface Partial {
  readonly firstSeq: number;
  readonly fragCount: number;
  readonly compressed: boolean;
  /** Fragments so far; emptied when the message is being skipped. Bounded by maxMessageBytes in total. */
  readonly chunks: Uint8Array[];
  received: number;
  bytes: number;
  lastProgressAtMs: number;
  /** Set when the message cannot be delivered: its remaining fragments are consumed (and acked) unstored. */
  skip: DecodeErrorCode | undefined;
}

/** A delivered message the application has not committed yet. */
interface PendingCommit {
  readonly deliverySeq: number;
  /** Wire seq of its last fragment: the ACK may not reach it before the commit. */
  readonly lastSeq: number;
  committed: boolean;
}

/** What happened to an incoming segment. */
export type SegmentOutcome = 'in-order' | 'duplicate' | 'ahead' | 'out-of-window' | 'refused';

/**
 * The receiving half of a reliable channel for one peer pairing: in-order reassembly, an out-of-order buffer
 * bounded by the window, exactly-once delivery, commit-gated cumulative ACK value, and the reassembly timeout.
 * Fragments of the message being reassembled are acknowledged before it completes (the sender's window could not
 * move past a big message otherwise); the sender keeps the whole message until its last fragment is acked.
 */
export class ChannelReceiver {
  readonly #config: ChannelConfig;
  readonly #stats: ChannelStats;
  readonly #report: (event: ChannelEvent) => void;
  /** Next wire seq expected in order. */
  #expectedSeq = 1;
  /** Out-of-order segments by seq; bounded by windowSize (only seqs ≤ ack + windowSize are kept). */
  #ahead = new Map<number, Segment>();
  #partial: Partial | undefined;
  /** Delivered, not yet committed, in delivery order; bounded by windowSize + 1 (the ACK waits on the first). */
  #pending: PendingCommit[] = [];
  /** Delivered and not yet taken by `poll`; bounded by what arrives between two polls. */
  #delivered: DeliveredMessage[] = [];
  /** Never reset: delivery numbers are unique over the channel's life. */
  #nextDeliverySeq = 1;
  /** Highest ACK value advertised in this pairing. */
  #maxAdvertised = 0;
  /** After a reassembly timeout: ACKs ask for a rewind until we are back at `#rewindToSeq`. */
  #rewindToSeq = 0;

  constructor(config: ChannelConfig, stats: ChannelStats, report: (event: ChannelEvent) => void) {
    this.#config = config;
    this.#stats = stats;
    this.#report = report;
  }

  /** Whether ACKs must carry the rewind marker (peerSession 0). */
  get rewindPending(): boolean {
    return this.#expectedSeq - 1 < this.#rewindToSeq;
  }

  /** Whether delivered messages wait to be taken. */
  get hasDelivered(): boolean {
    return this.#delivered.length > 0;
  }

  /** Cumulative ACK value: all seqs up to it are received, and every message ending there is committed. */
  ackValue(): number {
    const first = this.#pending[0];
    return first === undefined ? this.#expectedSeq - 1 : first.lastSeq - 1;
  }

  /** `ackValue()`, remembered as advertised (call when an ACK is actually sent). */
  advertise(): number {
    const ack = this.ackValue();
    if (ack > this.#maxAdvertised) this.#maxAdvertised = ack;
    return ack;
  }

  /** Handles one segment of the current pairing. */
  onSegment(segment: Segment, nowMs: number): SegmentOutcome {
    const { seq } = segment;
    if (!isWellFormed(segment)) {
      this.#reject('PROTO_BAD_FRAGMENT', seq, 'seq, fragIndex or fragCount out of range');
      return 'refused';
    }
    if (seq < this.#expectedSeq) {
      this.#stats.duplicates++;
      return 'duplicate';
    }
    if (seq > this.#expectedSeq) {
      if (seq > this.ackValue() + this.#config.windowSize) {
        this.#stats.outOfWindow++;
        return 'out-of-window';
      }
      if (this.#ahead.has(seq)) {
        this.#stats.duplicates++;
        return 'duplicate';
      }
      this.#ahead.set(seq, segment);
      return 'ahead';
    }
    if (!this.#accept(segment, nowMs)) return 'refused';
    for (let next = this.#ahead.get(this.#expectedSeq); next !== undefined; next = this.#ahead.get(this.#expectedSeq)) {
      this.#ahead.delete(next.seq);
      if (!this.#accept(next, nowMs)) break;
    }
    return 'in-order';
  }

  /** The application durably handled delivery `deliverySeq`; false if unknown (old pairing, or committed). */
  commit(deliverySeq: number, nowMs: number): boolean {
    const entry = this.#pending.find((p) => p.deliverySeq === deliverySeq && !p.committed);
    if (entry === undefined) return false;
    entry.committed = true;
    while (this.#pending[0]?.committed === true) this.#pending.shift();
    // The reassembly clock restarts: the window was held shut by us, not by the peer.
    if (this.#partial !== undefined) this.#partial.lastProgressAtMs = Math.max(this.#partial.lastProgressAtMs, nowMs);
    return true;
  }

  /** Frees a partial message idle past `reassemblyTimeoutMs`; true if it did (the caller sends an ACK). */
  checkTimeout(nowMs: number): boolean {
    const partial = this.#partial;
    const deadlineMs = this.timeoutAtMs();
    if (partial === undefined || deadlineMs === undefined || nowMs < deadlineMs) return false;
    this.#partial = undefined;
    this.#expectedSeq = partial.firstSeq;
    if (this.#maxAdvertised >= partial.firstSeq) this.#rewindToSeq = this.#maxAdvertised;
    const limit = this.ackValue() + this.#config.windowSize;
    for (const seq of this.#ahead.keys()) if (seq > limit) this.#ahead.delete(seq);
    this.#stats.reassemblyTimeouts++;
    this.#report({ kind: 'reassembly-timeout', fromSeq: partial.firstSeq, bytesFreed: partial.bytes });
    return true;
  }

  /**
   * When the partial message times out: never while the timeout is disabled, and never while a delivered message
   * awaits its commit (then it is our application, not the peer, that holds the window shut).
   */
  timeoutAtMs(): number | undefined {
    if (this.#partial === undefined || this.#config.reassemblyTimeoutMs === 0 || this.#pending.length > 0) return undefined;
    return this.#partial.lastProgressAtMs + this.#config.reassemblyTimeoutMs;
  }

  /** Hands over delivered messages. */
  takeDelivered(): DeliveredMessage[] {
    const delivered = this.#delivered;
    this.#delivered = [];
    return delivered;
  }

  /** New pairing: forget everything but the delivery counter and messages not yet taken. */
  reset(): void {
    this.#expectedSeq = 1;
    this.#ahead = new Map();
    this.#partial = undefined;
    this.#pending = [];
    this.#maxAdvertised = 0;
    this.#rewindToSeq = 0;
  }

  /** Takes the in-order segment `expectedSeq`; false when it is refused (the expected seq does not move). */
  #accept(segment: Segment, nowMs: number): boolean {
    let partial = this.#partial;
    if (partial === undefined) {
      if (segment.fragIndex !== 0) {
        this.#reject('PROTO_BAD_FRAGMENT', segment.seq, `message starts at fragIndex ${segment.fragIndex}`);
        return false;
      }
      partial = {
        firstSeq: segment.seq,
        fragCount: segment.fragCount,
        compressed: segment.compressed,
        chunks: [],
        received: 0,
        bytes: 0,
        lastProgressAtMs: nowMs,
        skip: segment.fragCount > this.#config.maxReassemblyFragments ? 'PROTO_MESSAGE_TOO_LARGE' : undefined,
      };
      this.#partial = partial;
    } else if (
      segment.fragIndex !== partial.received ||
      segment.fragCount !== partial.fragCount ||
      segment.compressed !== partial.compressed
    ) {
      this.#reject('PROTO_BAD_FRAGMENT', segment.seq, `fragment ${segment.fragIndex}/${segment.fragCount} does not continue its message`);
      return false;
    }
    this.#expectedSeq++;
    partial.received++;
    partial.lastProgressAtMs = nowMs;
    if (partial.skip === undefined) {
      if (partial.bytes + segment.data.length > this.#config.maxMessageBytes) {
        partial.skip = 'PROTO_MESSAGE_TOO_LARGE';
        partial.chunks.length = 0;
      } else {
        partial.chunks.push(segment.data);
      }
    }
    partial.bytes += segment.data.length;
    if (partial.received === partial.fragCount) this.#complete(partial, segment.seq);
    return true;
  }

  #complete(partial: Partial, lastSeq: number): void {
    this.#partial = undefined;
    if (partial.skip !== undefined) {
      this.#reject(partial.skip, lastSeq, `message of ${partial.fragCount} fragments, ${partial.bytes} bytes, over the limits`);
      return;
    }
    let payload: Uint8Array;
    try {
      payload = joinFragments(partial.chunks, partial.compressed, this.#config.maxMessageBytes);
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      this.#reject(err.code, lastSeq, err.message);
      return;
    }
    const deliverySeq = this.#nextDeliverySeq++;
    this.#delivered.push({ seq: deliverySeq, payload });
    this.#stats.delivered++;
    if (!this.#config.autoCommit) this.#pending.push({ deliverySeq, lastSeq, committed: false });
  }

  #reject(code: DecodeErrorCode, seq: number, detail: string): void {
    this.#stats.rejected++;
    this.#report({ kind: 'message-rejected', code, seq, detail });
  }
}

function isWellFormed(segment: Segment): boolean {
  const { seq, fragIndex, fragCount } = segment;
  return (
    Number.isInteger(seq) &&
    seq >= 1 &&
    Number.isInteger(fragCount) &&
    fragCount >= 1 &&
    Number.isInteger(fragIndex) &&
    fragIndex >= 0 &&
    fragIndex < fragCount &&
    segment.data instanceof Uint8Array
  );
}
