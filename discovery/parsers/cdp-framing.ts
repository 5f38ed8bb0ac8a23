/**
 * What CDP and FDP share: the 4-byte header (version, TTL, checksum), the TLV walk (type 2 bytes, length 2 bytes
 * counting the 4-byte TLV header), the Cisco flavour of the Internet checksum, and the address-list format.
 */
import { hex, ipv4, ipv6, u16, u32, u8 } from './frame-bytes.ts';
import { need } from './frame-errors.ts';

/** One TLV as found in the PDU. */
export interface CdpTlv {
  readonly type: number;
  readonly value: Uint8Array;
}

/** Header and TLVs of a CDP or FDP PDU. */
export interface CdpFrame {
  readonly version: number;
  readonly ttlSec: number;
  readonly checksum: number;
  /** Bounded by the PDU size (each TLV is ≥ 4 bytes). */
  readonly tlvs: readonly CdpTlv[];
  /** Bytes covered by the header and the TLVs (what the checksum covers); the rest was zero padding. */
  readonly lengthBytes: number;
}

/**
 * Reads the header and walks the TLVs. A TLV whose length field is below 4 ends the walk with a warning (there is
 * no way past it); one that runs past the PDU throws DISC_FRAME_TRUNCATED, as does a PDU shorter than its header.
 */
export function walkCdpFrame(pdu: Uint8Array, protocol: string, warn: (m: string) => void): CdpFrame {
  need(pdu, 0, 4, `${protocol} header`);
  const tlvs: CdpTlv[] = [];
  let offset = 4;
  while (offset < pdu.length) {
    if (isZero(pdu.subarray(offset))) break; // Ethernet padding when no 802.3 length trimmed it
    need(pdu, offset, 4, `${protocol} TLV header`);
    const type = u16(pdu, offset);
    const length = u16(pdu, offset + 2);
    if (length < 4) {
      warn(`TLV type ${type} with length ${length} (< 4): the rest of the PDU (${pdu.length - offset} bytes) is unreadable`);
      offset = pdu.length;
      break;
    }
    need(pdu, offset + 4, length - 4, `${protocol} TLV type ${type}`);
    tlvs.push({ type, value: pdu.subarray(offset + 4, offset + length) });
    offset += length;
  }
  return { version: u8(pdu, 0), ttlSec: u8(pdu, 1), checksum: u16(pdu, 2), tlvs, lengthBytes: offset };
}

function isZero(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b !== 0) return false;
  return true;
}

/**
 * True when the CDP checksum over `pdu` (header included) verifies. CDP uses the Internet checksum (RFC 1071)
 * except for an odd final byte: Cisco adds it as a signed 8-bit value instead of padding it with a zero byte, which
 * in 16-bit one's-complement terms is `0xff00 + byte − 1` for a byte ≥ 0x80 and `byte` otherwise (the rule of
 * lldpd's frame.c; it matches Wireshark's verdicts on every capture in test/fixtures/lldp-cdp).
 */
export function cdpChecksumValid(pdu: Uint8Array): boolean {
  const even = pdu.length & ~1;
  let sum = 0;
  for (let i = 0; i < even; i += 2) sum += ((pdu[i] ?? 0) << 8) | (pdu[i + 1] ?? 0);
  if (even !== pdu.length) {
    const last = pdu[even] ?? 0;
    sum += (last & 0x80) !== 0 ? 0xff00 + last - 1 : last;
  }
  return foldOnesComplement(sum) === 0xffff;
}

/** True when the plain RFC 1071 Internet checksum over `bytes` (checksum field included) verifies. */
export function internetChecksumValid(bytes: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) sum += ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0);
  return foldOnesComplement(sum) === 0xffff;
}

function foldOnesComplement(sum: number): number {
  let s = sum;
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return s;
}

/** One address of a CDP/FDP address list. */
export interface CdpAddress {
  /** 'ipv4', 'ipv6', 'clns', 'decnet', 'appletalk', 'ipx', … or 'unknown'. */
  readonly protocol: string;
  /** IP text for IPv4/IPv6, hex otherwise. */
  readonly address: string;
}

/** 802.2 protocol values (LLC/SNAP header bytes) and NLPIDs used in CDP address lists. */
const PROTOCOLS_8022: ReadonlyMap<string, string> = new Map([
  ['aaaa0300000086dd', 'ipv6'],
  ['aaaa030000000800', 'ipv4'],
  ['aaaa030000006003', 'decnet'],
  ['aaaa03000000809b', 'appletalk'],
  ['aaaa030000008137', 'ipx'],
]);
const NLPIDS: ReadonlyMap<number, string> = new Map([
  [0xcc, 'ipv4'],
  [0x81, 'clns'],
]);

/** Decodes an address list: count (4), then protocol type, protocol length, protocol, address length, address. */
export function decodeCdpAddresses(value: Uint8Array, warn: (m: string) => void): CdpAddress[] {
  if (value.length < 4) {
    warn(`address list of ${value.length} bytes`);
    return [];
  }
  const count = u32(value, 0);
  const out: CdpAddress[] = [];
  let at = 4;
  for (let i = 0; i < count; i++) {
    if (at + 2 > value.length) return short(warn, out, count);
    const protocolType = u8(value, at);
    const protocolLength = u8(value, at + 1);
    if (at + 2 + protocolLength + 2 > value.length) return short(warn, out, count);
    const protocolBytes = value.subarray(at + 2, at + 2 + protocolLength);
    const addressLength = u16(value, at + 2 + protocolLength);
    const start = at + 4 + protocolLength;
    if (start + addressLength > value.length) return short(warn, out, count);
    const address = value.subarray(start, start + addressLength);
    const protocol = (protocolType === 1 && protocolLength === 1 ? NLPIDS.get(u8(protocolBytes, 0)) : PROTOCOLS_8022.get(hex(protocolBytes))) ?? 'unknown';
    const text = protocol === 'ipv4' && addressLength === 4 ? ipv4(address) : protocol === 'ipv6' && addressLength === 16 ? ipv6(address) : hex(address);
    out.push({ protocol, address: text });
    at = start + addressLength;
  }
  if (at < value.length) warn(`address list: ${value.length - at} bytes after ${count} addresses`);
  return out;
}

function short(warn: (m: string) => void, out: CdpAddress[], count: number): CdpAddress[] {
  warn(`address list announces ${count} addresses, holds ${out.length}`);
  return out;
}
