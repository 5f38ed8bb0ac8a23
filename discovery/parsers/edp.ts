/**
 * EDP (Extreme Discovery Protocol) decoder: the bytes after LLC/SNAP (OUI 00:e0:2b, PID 0x00bb). A 16-byte header
 * (version 1, reserved, length, checksum, sequence, machine id type, machine MAC) then TLVs `0x99 type length(2)`
 * whose length counts the 4-byte TLV header (Wireshark packet-edp.c, lldpd edp.c). The checksum is the plain
 * Internet checksum over the `length` bytes of the PDU and is verified like CDP's.
 */
import { internetChecksumValid } from './cdp-framing.ts';
import { colonHex, hex, ipv4, plainView, text, u16, u8 } from './frame-bytes.ts';
import { need } from './frame-errors.ts';
import { WarningList, type FrameResult } from './frame-result.ts';

/** A decoded EDP PDU. */
export interface EdpPdu {
  readonly version: number;
  readonly lengthBytes: number;
  readonly checksum: number;
  readonly checksumValid: boolean;
  readonly sequence: number;
  readonly machineMac: string;
  /** Display TLV: the switch name. */
  readonly displayName?: string;
  /** Info TLV: slot and port as shown by Extreme and lldpd (1-based), and the software version. */
  readonly info?: { readonly slot: number; readonly port: number; readonly virtualChassisId: number; readonly version: string };
  /** VLAN TLVs (bounded by the PDU size). */
  readonly vlans: readonly { readonly vlanId: number; readonly name: string; readonly ip?: string }[];
  readonly unknownTlvs: readonly { readonly type: number; readonly hex: string }[];
}

const HEADER_BYTES = 16;
const TLV_MARKER = 0x99;

/** Decodes an EDP PDU. Throws FrameDecodeError (DISC_FRAME_TRUNCATED) only when the header or a TLV is cut. */
export function decodeEdp(bytes: Uint8Array): FrameResult<EdpPdu> {
  const pdu = plainView(bytes);
  const warnings = new WarningList();
  need(pdu, 0, HEADER_BYTES, 'EDP header');
  const version = u8(pdu, 0);
  if (version !== 1) warnings.add(`unknown EDP version ${version}`);
  let length = u16(pdu, 2);
  if (length < HEADER_BYTES || length > pdu.length) {
    warnings.add(`EDP length field ${length} does not fit the ${pdu.length} bytes`);
    length = pdu.length;
  }
  const body = pdu.subarray(0, length);
  const checksum = u16(pdu, 4);
  const checksumValid = internetChecksumValid(body);
  if (!checksumValid) warnings.add(`EDP checksum 0x${checksum.toString(16).padStart(4, '0')} does not verify`);
  let displayName: string | undefined;
  let info: EdpPdu['info'];
  const vlans: { vlanId: number; name: string; ip?: string }[] = [];
  const unknownTlvs: { type: number; hex: string }[] = [];
  for (let at = HEADER_BYTES; at < body.length; ) {
    need(body, at, 4, 'EDP TLV header');
    const type = u8(body, at + 1);
    const tlvLength = u16(body, at + 2);
    if (u8(body, at) !== TLV_MARKER || tlvLength < 4) {
      warnings.add(`EDP TLV at offset ${at} has marker 0x${u8(body, at).toString(16)} and length ${tlvLength}: the rest is unreadable`);
      break;
    }
    need(body, at + 4, tlvLength - 4, `EDP TLV type ${type}`);
    const value = body.subarray(at + 4, at + tlvLength);
    at += tlvLength;
    if (type === 0) break; // Null TLV ends the PDU
    if (type === 1 && displayName === undefined) displayName = text(value.subarray(0, nulIndex(value)));
    else if (type === 2 && value.length >= 16 && info === undefined) {
      info = { slot: u16(value, 0) + 1, port: u16(value, 2) + 1, virtualChassisId: u16(value, 4), version: `${u8(value, 12)}.${u8(value, 13)}.${u8(value, 14)}.${u8(value, 15)}` };
    } else if (type === 5 && value.length >= 12) {
      const ipFlag = (u8(value, 0) & 0x80) !== 0;
      const name = text(value.subarray(12, 12 + nulIndex(value.subarray(12))));
      vlans.push({ vlanId: u16(value, 2), name, ...(ipFlag ? { ip: ipv4(value.subarray(8, 12)) } : {}) });
    } else {
      if (type === 1 || type === 2 || type === 5) warnings.add(`EDP TLV type ${type} of ${value.length} bytes is malformed or repeated; kept raw`);
      unknownTlvs.push({ type, hex: hex(value) });
    }
  }
  const value: EdpPdu = {
    version,
    lengthBytes: length,
    checksum,
    checksumValid,
    sequence: u16(pdu, 6),
    machineMac: colonHex(pdu.subarray(10, 16)),
    ...(displayName === undefined ? {} : { displayName }),
    ...(info === undefined ? {} : { info }),
    vlans,
    unknownTlvs,
  };
  return { value, warnings: warnings.list() };
}

function nulIndex(bytes: Uint8Array): number {
  const i = bytes.indexOf(0);
  return i < 0 ? bytes.length : i;
}
