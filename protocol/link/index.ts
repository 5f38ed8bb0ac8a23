/**
 * @packageDocumentation
 * The secure link: codec + AEAD + replay window + one reliable channel per remote host, as one pure object the
 * daemons wrap with a socket (docs/protocol.md).
 */
export { Link } from './link.ts';
export { PeerTable } from './peer-table.ts';
export type { PeerEntry } from './peer-table.ts';
export { DEFAULT_LINK_LIMITS } from './types.ts';
export type { LinkDelivery, LinkInit, LinkOutput, LinkReceived, LinkStats, OutgoingDatagram } from './types.ts';
