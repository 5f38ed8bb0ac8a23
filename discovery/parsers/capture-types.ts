/** Types shared by the pcap / pcapng readers and the link-layer decoder. */

/** Link types (LINKTYPE_* of the tcpdump.org registry) that the frame decoders understand. */
export const LINK_TYPES = {
  /** IEEE 802.3 Ethernet (DLT_EN10MB). */
  ETHERNET: 1,
  /** Linux "cooked" capture v1 (`tcpdump -i any` before libpcap 1.10). */
  LINUX_SLL: 113,
  /** Linux "cooked" capture v2 (`tcpdump -i any` from libpcap 1.10, carries the interface index). */
  LINUX_SLL2: 276,
} as const;

/** One of {@link LINK_TYPES}. */
export type LinkType = (typeof LINK_TYPES)[keyof typeof LINK_TYPES];

/** The container a capture came in. */
export type CaptureFormat = 'pcap' | 'pcapng';

/** One captured frame with its capture metadata. */
export interface CapturedFrame {
  /** Link type of the interface it was captured on (see {@link LINK_TYPES}; others are passed through). */
  readonly linkType: number;
  /** Capture time, whole seconds since the Unix epoch. */
  readonly timestampSec: number;
  /** Capture time, nanoseconds within the second (0–999,999,999). */
  readonly timestampNsec: number;
  /** Length of the frame on the wire; more than `data.length` when the capture cut it (snaplen). */
  readonly originalLength: number;
  /** pcapng interface id (0 for classic pcap). */
  readonly interfaceId: number;
  /** The captured bytes (a view into the pushed chunk or an internal copy: do not mutate pushed chunks). */
  readonly data: Uint8Array;
}

/**
 * Largest captured record accepted (libpcap's MAXIMUM_SNAPLEN). A larger length means a corrupt stream; the
 * reader refuses it instead of buffering without bound.
 */
export const MAX_RECORD_BYTES = 262_144;

/** Largest pcapng block accepted (libpcap's limit): bounds what the stream reader buffers. */
export const MAX_PCAPNG_BLOCK_BYTES = 16 * 1024 * 1024;

/** Reads an unsigned 16-bit integer in the capture's byte order. */
export function read16(bytes: Uint8Array, offset: number, littleEndian: boolean): number {
  const a = bytes[offset] ?? 0;
  const b = bytes[offset + 1] ?? 0;
  return littleEndian ? a | (b << 8) : (a << 8) | b;
}

/** Reads an unsigned 32-bit integer in the capture's byte order. */
export function read32(bytes: Uint8Array, offset: number, littleEndian: boolean): number {
  const a = bytes[offset] ?? 0;
  const b = bytes[offset + 1] ?? 0;
  const c = bytes[offset + 2] ?? 0;
  const d = bytes[offset + 3] ?? 0;
  return (littleEndian ? a | (b << 8) | (c << 16) | (d << 24) : (a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}
