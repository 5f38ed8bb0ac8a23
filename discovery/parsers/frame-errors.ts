/**
 * Errors of the capture reader and the discovery-frame decoders (LLDP, CDP, EDP, FDP, SONMP). Decoders report
 * everything they can survive as warnings next to the value; they throw a {@link FrameDecodeError} only when the
 * bytes are structurally unusable: they end inside a header or TLV that they announce, the capture stream is not a
 * capture or is corrupt, or the link type is one we cannot parse. Codes are stable (logs, counters, README table).
 */
export const FRAME_DECODE_ERROR_CODES = [
  /** The input does not start with a classic pcap or pcapng magic number. */
  'DISC_FRAME_CAPTURE_MAGIC',
  /** A capture header or block is inconsistent: bad block length or trailer, oversized record, unknown interface. */
  'DISC_FRAME_CAPTURE_CORRUPT',
  /** The bytes end inside a link-layer header, a protocol header or a TLV that they announce. */
  'DISC_FRAME_TRUNCATED',
  /** A link type other than Ethernet (1), Linux cooked v1 (113) or Linux cooked v2 (276). */
  'DISC_FRAME_LINK_TYPE',
] as const;

/** One of {@link FRAME_DECODE_ERROR_CODES}. */
export type FrameDecodeErrorCode = (typeof FRAME_DECODE_ERROR_CODES)[number];

/** Raised by the capture reader and the frame decoders; they throw nothing else. */
export class FrameDecodeError extends Error {
  override readonly name = 'FrameDecodeError';
  readonly code: FrameDecodeErrorCode;
  /** Where it happened: byte offsets, lengths, the structure being read. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: FrameDecodeErrorCode, message: string, details: Readonly<Record<string, unknown>> = {}) {
    super(`${code}: ${message}`);
    this.code = code;
    this.details = details;
  }
}

/** Throws DISC_FRAME_TRUNCATED unless `bytes` holds `length` bytes from `offset`. */
export function need(bytes: Uint8Array, offset: number, length: number, what: string): void {
  if (offset + length > bytes.length) {
    throw new FrameDecodeError('DISC_FRAME_TRUNCATED', `${what}: needs ${length} bytes at offset ${offset}, have ${Math.max(0, bytes.length - offset)}`, {
      what,
      offset,
      needed: length,
      available: Math.max(0, bytes.length - offset),
    });
  }
}
