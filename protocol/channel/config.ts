import { MAX_MESSAGE_BYTES } from '../constants.ts';

/**
 * Largest `Segment.data` we send: an encoded SEGMENT (at most 30 bytes of msgpack framing and fields besides the
 * data) sealed with an included sender key (24-byte header + 32-byte key + 16-byte tag) stays within
 * MAX_DATAGRAM_BYTES: 30 + 1,096 + 72 = 1,198 ≤ 1,200 (test/unit/protocol/link.test.ts checks the worst case).
 */
export const MAX_SEGMENT_DATA_BYTES = 1_096;

/** Retransmission timeouts grow by this factor after each timeout, up to `maxRtoMs`. */
export const RTO_BACKOFF_FACTOR = 2;

/** Tuning of one {@link ReliableChannel}. Every field is required here; `resolveChannelConfig` fills defaults. */
export interface ChannelConfig {
  /** Segments sent and not yet acknowledged, at most (sender), and out-of-order segments buffered (receiver). */
  readonly windowSize: number;
  /** First retransmission timeout of a segment, ms. */
  readonly initialRtoMs: number;
  /** Cap of the doubling retransmission timeout, ms. The channel retries forever at this pace. */
  readonly maxRtoMs: number;
  /** How long an ACK for in-order data may wait to cover more segments, ms (0: at the next poll). */
  readonly ackDelayMs: number;
  /** Application messages queued and not yet acknowledged, at most; `send` refuses more (counted drop). */
  readonly maxSendQueue: number;
  /** Bytes of message data per segment, 1..MAX_SEGMENT_DATA_BYTES. */
  readonly maxSegmentDataBytes: number;
  /** Payloads longer than this many bytes are zlib-deflated before fragmentation (when that makes them smaller). */
  readonly compressAboveBytes: number;
  /** Largest application message, bytes, sent or accepted (after inflation), ≤ MAX_MESSAGE_BYTES. */
  readonly maxMessageBytes: number;
  /** Largest `fragCount` a receiver accepts (bounds reassembly together with `maxMessageBytes`). */
  readonly maxReassemblyFragments: number;
  /**
   * A partly reassembled message that gets no further fragment for this long is freed, and the peer is asked
   * to send it again from its first fragment (a rewind ACK), ms. 0 disables the timeout.
   */
  readonly reassemblyTimeoutMs: number;
  /** true: a delivered message counts as committed at once (nanoprobe); false: the app calls `commit` (CMA). */
  readonly autoCommit: boolean;
}

/** Defaults: 8 segments in flight, RTO 200 ms doubling to 5 s, 1,100-byte segments, deflate above 1,200 bytes. */
export const DEFAULT_CHANNEL_CONFIG: ChannelConfig = Object.freeze({
  windowSize: 8,
  initialRtoMs: 200,
  maxRtoMs: 5_000,
  ackDelayMs: 0,
  maxSendQueue: 1_024,
  maxSegmentDataBytes: MAX_SEGMENT_DATA_BYTES,
  compressAboveBytes: 1_200,
  maxMessageBytes: MAX_MESSAGE_BYTES,
  maxReassemblyFragments: Math.ceil(MAX_MESSAGE_BYTES / MAX_SEGMENT_DATA_BYTES),
  reassemblyTimeoutMs: 60_000,
  autoCommit: false,
});

/** A channel option outside its documented range. */
export class ChannelConfigError extends RangeError {
  override readonly name = 'ChannelConfigError';
  readonly code = 'CHANNEL_CONFIG';

  constructor(message: string) {
    super(`CHANNEL_CONFIG: ${message}`);
  }
}

type IntegerField = Exclude<keyof ChannelConfig, 'autoCommit'>;

/** Inclusive ranges of the integer fields. */
const RANGES: Readonly<Record<IntegerField, readonly [number, number]>> = {
  windowSize: [1, 1_024],
  initialRtoMs: [1, 60_000],
  maxRtoMs: [1, 600_000],
  ackDelayMs: [0, 10_000],
  maxSendQueue: [1, 1_000_000],
  maxSegmentDataBytes: [1, MAX_SEGMENT_DATA_BYTES],
  compressAboveBytes: [0, MAX_MESSAGE_BYTES],
  maxMessageBytes: [1, MAX_MESSAGE_BYTES],
  maxReassemblyFragments: [1, MAX_MESSAGE_BYTES],
  reassemblyTimeoutMs: [0, 86_400_000],
};

/** Merges `partial` over the defaults, checks every range, and returns a frozen config. */
export function resolveChannelConfig(partial: Partial<ChannelConfig> = {}): ChannelConfig {
  const merged: ChannelConfig = { ...DEFAULT_CHANNEL_CONFIG, ...partial };
  for (const [field, [min, max]] of Object.entries(RANGES) as [IntegerField, readonly [number, number]][]) {
    const value = merged[field];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new ChannelConfigError(`${field} must be an integer in [${min}, ${max}], got ${String(value)}`);
    }
  }
  if (merged.maxRtoMs < merged.initialRtoMs) {
    throw new ChannelConfigError(`maxRtoMs (${merged.maxRtoMs}) must be >= initialRtoMs (${merged.initialRtoMs})`);
  }
  if (typeof merged.autoCommit !== 'boolean') throw new ChannelConfigError('autoCommit must be a boolean');
  return Object.freeze(merged);
}
