/**
 * pcapng (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-03.html): a sequence of blocks
 * `type(4) totalLength(4) body totalLength(4)`. A Section Header Block (SHB) starts each section and fixes its byte
 * order; Interface Description Blocks (IDB) give each interface's link type, snap length and timestamp resolution;
 * Enhanced (EPB), Simple (SPB) and obsolete Packet Blocks carry frames. Every other block is skipped.
 */
import { MAX_PCAPNG_BLOCK_BYTES, MAX_RECORD_BYTES, read16, read32, type CapturedFrame } from './capture-types.ts';
import { FrameDecodeError } from './frame-errors.ts';

/** Block type of the Section Header Block (a byte palindrome: the same in both byte orders). */
export const PCAPNG_SHB = 0x0a0d0d0a;
const IDB = 1;
const OBSOLETE_PACKET = 2;
const SPB = 3;
const EPB = 6;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const OPT_IF_TSRESOL = 9;
/** Interfaces per section we keep; each costs one small object (a bound for hostile streams). */
const MAX_INTERFACES = 65_536;

interface PcapngInterface {
  readonly linkType: number;
  readonly snapLength: number;
  /** Ticks per second of this interface's timestamps (if_tsresol; 10^6 by default). */
  readonly ticksPerSecond: bigint;
}

/** Per-section state the block parser carries from one block to the next. */
export interface PcapngSection {
  littleEndian: boolean;
  /** Bounded by MAX_INTERFACES. */
  interfaces: PcapngInterface[];
}

/** True when the first four bytes are the pcapng SHB block type. */
export function isPcapngMagic(bytes: Uint8Array): boolean {
  return read32(bytes, 0, false) === PCAPNG_SHB;
}

/** A fresh section (the first SHB resets it anyway). */
export function newPcapngSection(): PcapngSection {
  return { littleEndian: true, interfaces: [] };
}

/**
 * Parses the block at `offset`, updating `section`: the frame it carries (if any) and the offset after it, or
 * undefined when `bytes` does not yet hold the whole block.
 */
export function parsePcapngBlock(bytes: Uint8Array, offset: number, section: PcapngSection): { frame?: CapturedFrame; next: number } | undefined {
  if (bytes.length - offset < 12) return undefined;
  const type = read32(bytes, offset, section.littleEndian);
  if (type === PCAPNG_SHB) {
    const magic = read32(bytes, offset + 8, true);
    if (magic !== BYTE_ORDER_MAGIC && read32(bytes, offset + 8, false) !== BYTE_ORDER_MAGIC) {
      throw new FrameDecodeError('DISC_FRAME_CAPTURE_MAGIC', 'pcapng section header without the byte-order magic', { offset });
    }
    section.littleEndian = magic === BYTE_ORDER_MAGIC;
    section.interfaces = [];
  }
  const le = section.littleEndian;
  const total = read32(bytes, offset + 4, le);
  if (total < 12 || total % 4 !== 0 || total > MAX_PCAPNG_BLOCK_BYTES) {
    throw new FrameDecodeError('DISC_FRAME_CAPTURE_CORRUPT', `pcapng block length ${total} is invalid`, { offset, blockType: type, total });
  }
  if (bytes.length - offset < total) return undefined;
  if (read32(bytes, offset + total - 4, le) !== total) {
    throw new FrameDecodeError('DISC_FRAME_CAPTURE_CORRUPT', 'pcapng block trailer length differs from its header', { offset, blockType: type, total });
  }
  const body = bytes.subarray(offset + 8, offset + total - 4);
  const next = offset + total;
  switch (type) {
    case PCAPNG_SHB:
      if (body.length < 16 || read16(body, 4, le) !== 1) {
        throw new FrameDecodeError('DISC_FRAME_CAPTURE_CORRUPT', 'pcapng section header is not version 1', { offset });
      }
      return { next };
    case IDB:
      addInterface(body, section, offset);
      return { next };
    case EPB:
    case OBSOLETE_PACKET:
      return { frame: packetBlock(body, type, section, offset), next };
    case SPB:
      return { frame: simplePacketBlock(body, section, offset), next };
    default:
      return { next };
  }
}

function addInterface(body: Uint8Array, section: PcapngSection, offset: number): void {
  if (body.length < 8) throw new FrameDecodeError('DISC_FRAME_CAPTURE_CORRUPT', 'pcapng interface block too short', { offset });
  if (section.interfaces.length >= MAX_INTERFACES) {
    throw new FrameDecodeError('DISC_FRAME_CAPTURE_CORRUPT', `more than ${MAX_INTERFACES} pcapng interfaces`, { offset });
  }
  const le = section.littleEndian;
  let ticksPerSecond = 1_000_000n;
  for (let at = 8; at + 4 <= body.length; ) {
    const code = read16(body, at, le);
    const length = read16(body, at + 2, le);
    if (code === 0) break;
    if (code === OPT_IF_TSRESOL && length >= 1 && at + 5 <= body.length) {
      const resol = body[at + 4] ?? 6;
      const exponent = BigInt(resol & 0x7f);
      ticksPerSecond = (resol & 0x80) === 0 ? 10n ** exponent : 2n ** exponent;
    }
    at += 4 + length + ((4 - (length % 4)) % 4);
  }
  section.interfaces.push({ linkType: read16(body, 0, le), snapLength: read32(body, 4, le), ticksPerSecond });
}

function iface(section: PcapngSection, id: number, offset: number): PcapngInterface {
  const found = section.interfaces[id];
  if (found === undefined) {
    throw new FrameDecodeError('DISC_FRAME_CAPTURE_CORRUPT', `pcapng packet for undeclared interface ${id}`, { offset, interfaceId: id });
  }
  return found;
}

function packetBlock(body: Uint8Array, type: number, section: PcapngSection, offset: number): CapturedFrame {
  const le = section.littleEndian;
  if (body.length < 20) throw new FrameDecodeError('DISC_FRAME_CAPTURE_CORRUPT', 'pcapng packet block too short', { offset });
  const interfaceId = type === EPB ? read32(body, 0, le) : read16(body, 0, le);
  const { linkType, ticksPerSecond } = iface(section, interfaceId, offset);
  const capturedLength = read32(body, 12, le);
  if (capturedLength > MAX_RECORD_BYTES || 20 + capturedLength > body.length) {
    throw new FrameDecodeError('DISC_FRAME_CAPTURE_CORRUPT', `pcapng packet of ${capturedLength} bytes does not fit its block`, { offset, capturedLength });
  }
  const ticks = (BigInt(read32(body, 4, le)) << 32n) | BigInt(read32(body, 8, le));
  const seconds = ticks / ticksPerSecond;
  const nanos = ((ticks % ticksPerSecond) * 1_000_000_000n) / ticksPerSecond;
  return {
    linkType,
    timestampSec: Number(seconds),
    timestampNsec: Number(nanos),
    originalLength: read32(body, 16, le),
    interfaceId,
    data: body.subarray(20, 20 + capturedLength),
  };
}

function simplePacketBlock(body: Uint8Array, section: PcapngSection, offset: number): CapturedFrame {
  if (body.length < 4) throw new FrameDecodeError('DISC_FRAME_CAPTURE_CORRUPT', 'pcapng simple packet block too short', { offset });
  const { linkType, snapLength } = iface(section, 0, offset);
  const originalLength = read32(body, 0, section.littleEndian);
  let capturedLength = Math.min(originalLength, body.length - 4, MAX_RECORD_BYTES);
  if (snapLength > 0) capturedLength = Math.min(capturedLength, snapLength);
  // A simple packet block has no timestamp.
  return { linkType, timestampSec: 0, timestampNsec: 0, originalLength, interfaceId: 0, data: body.subarray(4, 4 + capturedLength) };
}
