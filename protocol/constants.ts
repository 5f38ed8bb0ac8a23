/** Wire constants shared by every ringwatch process (docs/protocol.md is the normative copy). */

/** Default UDP port of the CMA and of every nanoprobe. */
export const DEFAULT_PORT = 1984;
/** No datagram we send is larger than this (keeps IPv6 paths unfragmented). */
export const MAX_DATAGRAM_BYTES = 1200;
/** Protocol versions this build speaks; a datagram outside the range is rejected with PROTO_BAD_VERSION. */
export const PROTOCOL_VERSION_MIN = 1;
export const PROTOCOL_VERSION_MAX = 1;
/** The version this build sends. */
export const PROTOCOL_VERSION = 1;
/** Largest application message the reliable channel reassembles (after decompression). */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
/** Multicast group a nanoprobe sends STARTUP to when it has no CMA address (administratively scoped range). */
export const CMA_MULTICAST_GROUP = '224.0.2.5';
