/**
 * FDP (Foundry/Brocade Discovery Protocol) decoder: the bytes after LLC/SNAP (OUI 00:e0:52, PID 0x2000). FDP
 * reuses CDP's header and TLV layout with its own TLV meanings (Wireshark packet-fdp.c). The checksum is the plain
 * RFC 1071 Internet checksum (without CDP's odd-byte quirk: lldpd's odd-length FDP frames only verify that way) and
 * is verified and reported like CDP's.
 */
import { decodeCdpAddresses, internetChecksumValid, walkCdpFrame, type CdpAddress } from './cdp-framing.ts';
import { hex, plainView, text, u16 } from './frame-bytes.ts';
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

const STRINGS: ReadonlyMap<number, 'deviceId' | 'portId' | 'capabilities' | 'softwareVersion' | 'platform'> = new Map([
  [1, 'deviceId'],
  [3, 'portId'],
  [4, 'capabilities'],
  [5, 'softwareVersion'],
  [6, 'platform'],
]);

/** Decodes an FDP PDU. Throws FrameDecodeError (DISC_FRAME_TRUNCATED) only when the header or a TLV is cut. */
export function decodeFdp(bytes: Uint8Array): FrameResult<FdpPdu> {
  const pdu = plainView(bytes);
  const warnings = new WarningList();
  const warn = (m: string): void => {
    warnings.add(m);
  };
  const frame = walkCdpFrame(pdu, 'FDP', warn);
  if (frame.version !== 1 && frame.version !== 2) warn(`unknown FDP version ${frame.version}`);
  const checksumValid = internetChecksumValid(pdu.subarray(0, frame.lengthBytes));
  if (!checksumValid) warn(`FDP checksum 0x${frame.checksum.toString(16).padStart(4, '0')} does not verify`);
  const addresses: CdpAddress[] = [];
  const vlans: number[] = [];
  const unknownTlvs: { type: number; hex: string }[] = [];
  const value: { -readonly [K in keyof FdpPdu]: FdpPdu[K] } = {
    version: frame.version,
    ttlSec: frame.ttlSec,
    checksum: frame.checksum,
    checksumValid,
    addresses,
    vlans,
    unknownTlvs,
  };
  for (const { type, value: tlv } of frame.tlvs) {
    const field = STRINGS.get(type);
    if (field !== undefined) {
      if (value[field] === undefined) value[field] = text(tlv);
      else warn(`FDP TLV ${type} repeated; the first one is kept`);
    } else if (type === 2) {
      addresses.push(...decodeCdpAddresses(tlv, warn));
    } else if (type === 0x0101 && vlans.length === 0) {
      for (let bit = 0; bit < tlv.length * 8 && bit < 4096; bit++) if (((tlv[bit >> 3] ?? 0) & (1 << (bit & 7))) !== 0) vlans.push(bit + 1);
    } else if (type === 0x0102 && tlv.length >= 4) {
      value.tagging = { nativeVlan: u16(tlv, 0), tagType: u16(tlv, 2) };
    } else {
      unknownTlvs.push({ type, hex: hex(tlv) });
    }
  }
  if (value.deviceId === undefined) warn('missing Device-ID TLV');
  return { value, warnings: warnings.list() };
}
