/**
 * @packageDocumentation
 * The reliable channel between a nanoprobe and the CMA (DESIGN §3, docs/protocol-channel.md): sessions, sequence
 * numbers, cumulative commit-gated ACKs, a window with capped exponential backoff, fragmentation and compression
 * of big messages, in-order exactly-once delivery. Pure: time comes in as `nowMs`, bytes go out as `Segment`/`Ack`
 * objects for the codec.
 *
 * @example
 * ```ts
 * const channel = new ReliableChannel({ localSession, config: { autoCommit: true } });
 * channel.send(encodedReport, nowMs);
 * const { outgoing, delivered, events } = channel.poll(nowMs); // send outgoing, handle delivered and events
 * // on a datagram: channel.receive(decodedSegmentOrAck, nowMs), then poll again; one timer at nextWakeAtMs()
 * ```
 */
export { ReliableChannel, MAX_PENDING_EVENTS, MAX_RETIRED_SESSIONS, MAX_STRANGER_REPLIES } from './channel.ts';
export type { ChannelInit } from './channel.ts';
export {
  ChannelConfigError,
  DEFAULT_CHANNEL_CONFIG,
  MAX_SEGMENT_DATA_BYTES,
  RTO_BACKOFF_FACTOR,
  resolveChannelConfig,
} from './config.ts';
export type { ChannelConfig } from './config.ts';
export { fragmentPayload, joinFragments } from './fragment.ts';
export type { Fragmented } from './fragment.ts';
export { newChannelStats } from './types.ts';
export type { ChannelEvent, ChannelOutput, ChannelStats, DeliveredMessage } from './types.ts';
