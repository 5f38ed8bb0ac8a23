/**
 * Classic libpcap files (https://www.tcpdump.org/manpages/pcap-savefile.5.txt): a 24-byte global header whose magic
 * gives the byte order and the timestamp unit (µs 0xa1b2c3d4, ns 0xa1b23c4d), then 16-byte record headers, each
 * followed by its captured bytes.
 */
import { MAX_RECORD_BYTES, read16, read32, type CapturedFrame } from './capture-types.ts';
import { FrameDecodeError } from './frame-errors.ts';

/** Bytes in the global header. */
export const PCAP_HEADER_BYTES = 24;
/** Bytes in each record header. */
export const PCAP_RECORD_HEADER_BYTES = 16;

/** What the global header says about every record. */
export interface PcapHeader {
  readonly littleEndian: boolean;
  /** True for the nanosecond magic (0xa1b23c4d). */
  readonly nanoseconds: boolean;
  readonly versionMajor: number;
  readonly versionMinor: number;
  readonly snapLength: number;
  /** LINKTYPE_* value (low 16 bits of the header field; the upper bits hold FCS flags). */
  readonly linkType: number;
}

/** Magic numbers as read big-endian from the first four bytes, with what they mean. */
const MAGICS: ReadonlyMap<number, { littleEndian: boolean; nanoseconds: boolean }> = new Map([
  [0xa1b2c3d4, { littleEndian: false, nanoseconds: false }],
  [0xd4c3b2a1, { littleEndian: true, nanoseconds: false }],
  [0xa1b23c4d, { littleEndian: false, nanoseconds: true }],
  [0x4d3cb2a1, { littleEndian: true, nanoseconds: true }],
]);

/** True when the first four bytes are a classic pcap magic. */
export function isPcapMagic(bytes: Uint8Array): boolean {
  return MAGICS.has(read32(bytes, 0, false));
}

/** Parses the global header (`bytes` holds at least {@link PCAP_HEADER_BYTES}). */
export function parsePcapHeader(bytes: Uint8Array): PcapHeader {
  const magic = MAGICS.get(read32(bytes, 0, false));
  if (magic === undefined) throw new FrameDecodeError('DISC_FRAME_CAPTURE_MAGIC', 'not a pcap file');
  const { littleEndian } = magic;
  const versionMajor = read16(bytes, 4, littleEndian);
  if (versionMajor !== 2) {
    throw new FrameDecodeError('DISC_FRAME_CAPTURE_CORRUPT', `pcap version ${versionMajor} is not 2`, { versionMajor });
  }
  return {
    ...magic,
    versionMajor,
    versionMinor: read16(bytes, 6, littleEndian),
    snapLength: read32(bytes, 16, littleEndian),
    linkType: read32(bytes, 20, littleEndian) & 0xffff,
  };
}

/**
 * Parses the record at `offset`: the frame and the offset after it, or undefined when `bytes` does not yet hold
 * the whole record (the stream reader then waits for more).
 */
export function parsePcapRecord(bytes: Uint8Array, offset: number, header: PcapHeader): { frame: CapturedFrame; next: number } | undefined {
  if (bytes.length - offset < PCAP_RECORD_HEADER_BYTES) return undefined;
  const le = header.littleEndian;
  const capturedLength = read32(bytes, offset + 8, le);
  if (capturedLength > MAX_RECORD_BYTES) {
    throw new FrameDecodeError('DISC_FRAME_CAPTURE_CORRUPT', `pcap record of ${capturedLength} bytes exceeds ${MAX_RECORD_BYTES}`, {
      offset,
      capturedLength,
    });
  }
  const start = offset + PCAP_RECORD_HEADER_BYTES;
  if (bytes.length - start < capturedLength) return undefined;
  const fraction = read32(bytes, offset + 4, le);
  // A writer may put a full second (or more) in the fraction: carry it so timestampNsec stays below 10^9.
  const nanos = header.nanoseconds ? fraction : fraction * 1000;
  const frame: CapturedFrame = {
    linkType: header.linkType,
    timestampSec: read32(bytes, offset, le) + Math.floor(nanos / 1e9),
    timestampNsec: nanos % 1e9,
    originalLength: read32(bytes, offset + 12, le),
    interfaceId: 0,
    data: bytes.subarray(start, start + capturedLength),
  };
  return { frame, next: start + capturedLength };
}
