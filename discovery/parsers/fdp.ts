/**
 * FDP (Foundry/Brocade Discovery Protocol) decoder: the bytes after LLC/SNAP (OUI 00:e0:52, PID 0x2000). FDP
 * reuses CDP's header and TLV layout with its own TLV meanings (Wireshark packet-fdp.c). The checksum is the plain
 * RFC 1071 Internet checksum (without CDP's odd-byte quirk: lldpd's odd-length FDP frames only verify that way) and
 * is verified and reported like CDP's.
 */
import { decodeCdpAddresses, internetChecksumValid, walkCdpFrame, type CdpAddress } from './cdp-framing.ts';
import { hex, text, u16 } from './frame-bytes.ts';
import { WarningList, type FrameResult } from './frame-result.ts';

/** A decoded FDP PDU. */
export interface FdpPdu {
  readonly version: number;
  readonly ttlSec: number;
  readonly checksum: number;
  /** Whether the checksum verifies (a mismatch is also a warning; the PDU is decoded anyway). */
  readonly checksumValid: boolean;
  readonly deviceId?: string;
  readonly addresses: readonly CdpAddress[];
  readonly portId?: string;
  /** Capabilities are a string in FDP ("Router", "Switch"). */
  readonly capabilities?: string;
  readonly softwareVersion?: string;
  readonly platform?: string;
  /** VLANs of the VLAN bitmap TLV (0x0101), ascending, bounded by 4096; bit i (LSB first) is VLAN i + 1 as in Wireshark. */
  readonly vlans: readonly number[];
  /** Tagging info (0x0102): native VLAN and tag EtherType. */
  readonly tagging?: { readonly nativeVlan: number; readonly tagType: number };
  readonly unknownTlvs: readonly { readonly type: number; readonly hex: string }[];
}

const STRINGS: Readonly<Record<number, 'deviceId' | 'portId' | 'capabilities' | 'softwareVersion' | 'platform'>> = {
  1: 'deviceId',
  3: 'portId',
  4: 'capabilities',
  5: 'softwareVersion',
  6: 'platform',
};

/** Decodes an FDP PDU. Throws FrameDecodeError (DISC_FRAME_TRUNCATED) only when the header or a TLV is cut. */
export function decodeFdp(pdu: Uint8Array): FrameResult<FdpPdu> {
  const warnings = new WarningList();
  const warn = (m: string): void => {
    warnings.add(m);
  };
  const frame = walkCdpFrame(pdu, 'FDP', warn);
  if (frame.version !== 1 && frame.version !== 2) warn(`unknown FDP version ${frame.version}`);
  const checksumValid = internetChecksumValid(pdu.subarray(0, frame.lengthBytes));
  if (!checksumValid) warn(`FDP checksum 0x${frame.checksum.toString(16).padStart(4, '0')} does not verify`);
  const strings: { -readonly [K in (typeof STRINGS)[number]]?: string } = {};
  const addresses: CdpAddress[] = [];
  const vlans: number[] = [];
  let tagging: FdpPdu['tagging'];
  const unknownTlvs: { type: number; hex: string }[] = [];
  for (const { type, value } of frame.tlvs) {
    const field = STRINGS[type];
    if (field !== undefined) {
      if (strings[field] === undefined) strings[field] = text(value);
      else warn(`FDP TLV ${type} repeated; the first one is kept`);
    } else if (type === 2) {
      addresses.push(...decodeCdpAddresses(value, warn));
    } else if (type === 0x0101 && vlans.length === 0) {
      for (let bit = 0; bit < value.length * 8 && bit < 4096; bit++) if (((value[bit >> 3] ?? 0) & (1 << (bit & 7))) !== 0) vlans.push(bit + 1);
    } else if (type === 0x0102 && value.length >= 4) {
      tagging = { nativeVlan: u16(value, 0), tagType: u16(value, 2) };
    } else {
      unknownTlvs.push({ type, hex: hex(value) });
    }
  }
  if (strings.deviceId === undefined) warn('missing Device-ID TLV');
  const value: FdpPdu = {
    ...strings,
    version: frame.version,
    ttlSec: frame.ttlSec,
    checksum: frame.checksum,
    checksumValid,
    addresses,
    vlans,
    ...(tagging === undefined ? {} : { tagging }),
    unknownTlvs,
  };
  return { value, warnings: warnings.list() };
}
