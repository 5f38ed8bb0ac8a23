/**
 * @packageDocumentation
 * protocol/ — the ringwatch wire (DESIGN §3): constants, the message catalogue, the codec and its errors. Pure:
 * imports only msgpackr and node:crypto/zlib, no sockets, no clock.
 *
 * @example
 * ```ts
 * import { decodeMessage, encodeMessage } from '../protocol/index.ts';
 * const bytes = encodeMessage({ type: 'PING', senderId: '00112233445566778899aabbccddeeff', nonce: 7 });
 * const msg = decodeMessage(bytes); // throws DecodeError (only) on bad input
 * ```
 */
export * from './constants.ts';
export * from './errors.ts';
export * from './messages.ts';
export * from './codec.ts';
export * from './channel/index.ts';
export * from './datagram-header.ts';
export * from './aead.ts';
export * from './seal.ts';
export * from './keys.ts';
export * from './hex.ts';
export * from './nonce-counter.ts';
export * from './replay-window.ts';
export * from './link/index.ts';
export * from './aead-sodium.ts';
export * from './content-hash.ts';
export * from './discovery-diff.ts';
export * from './host-facts.ts';
