/**
 * CDP v1/v2 decoder: the bytes after LLC/SNAP (OUI 00:00:0c, PID 0x2000). TLV numbers follow Wireshark's
 * packet-cdp.c and Cisco's CDP documentation. The checksum is always verified and a mismatch is reported as
 * `checksumValid: false` plus a warning, never silently trusted and never a reason to drop the PDU.
 */
import { cdpChecksumValid, decodeCdpAddresses, walkCdpFrame, type CdpAddress } from './cdp-framing.ts';
import type { CdpPdu, CdpPowerLevels } from './cdp-types.ts';
import { colonHex, hex, ipv4, plainView, text, u16, u32, u8 } from './frame-bytes.ts';
import { WarningList, type FrameResult } from './frame-result.ts';
import { bitNames } from './lldp-names.ts';

/** CDP capability bits 0–10. */
export const CDP_CAPABILITIES: readonly string[] = [
  'router',
  'transparent-bridge',
  'source-route-bridge',
  'switch',
  'host',
  'igmp',
  'repeater',
  'voip-phone',
  'remotely-managed',
  'cvta-stp-dispute-resolution',
  'two-port-mac-relay',
];

type Draft = { -readonly [K in keyof CdpPdu]: CdpPdu[K] };

const STRING_TLVS: ReadonlyMap<number, 'deviceId' | 'portId' | 'softwareVersion' | 'platform' | 'vtpDomain' | 'systemName'> = new Map([
  [0x01, 'deviceId'],
  [0x03, 'portId'],
  [0x05, 'softwareVersion'],
  [0x06, 'platform'],
  [0x09, 'vtpDomain'],
  [0x14, 'systemName'],
]);

/** Decodes a CDP PDU. Throws FrameDecodeError (DISC_FRAME_TRUNCATED) only when the header or a TLV is cut. */
export function decodeCdp(bytes: Uint8Array): FrameResult<CdpPdu> {
  const pdu = plainView(bytes);
  const warnings = new WarningList();
  const warn = (m: string): void => {
    warnings.add(m);
  };
  const frame = walkCdpFrame(pdu, 'CDP', warn);
  if (frame.version !== 1 && frame.version !== 2) warn(`unknown CDP version ${frame.version}`);
  const checksumValid = cdpChecksumValid(pdu.subarray(0, frame.lengthBytes));
  if (!checksumValid) warn(`CDP checksum 0x${frame.checksum.toString(16).padStart(4, '0')} does not verify`);
  const addresses: CdpAddress[] = [];
  const managementAddresses: CdpAddress[] = [];
  const ipPrefixes: string[] = [];
  const protocolHellos: { oui: string; protocolId: number; hex: string }[] = [];
  const applianceVlans: { applianceId: number; vlanId: number }[] = [];
  const unknownTlvs: { type: number; hex: string }[] = [];
  // Built in place (not spread from a draft at the end): spreading a dynamically keyed object costs microseconds.
  const value: Draft = {
    version: frame.version,
    ttlSec: frame.ttlSec,
    checksum: frame.checksum,
    checksumValid,
    addresses,
    managementAddresses,
    ipPrefixes,
    protocolHellos,
    applianceVlans,
    unknownTlvs,
    lengthBytes: frame.lengthBytes,
  };
  const lists: Lists = { addresses, managementAddresses, ipPrefixes, protocolHellos, applianceVlans };
  for (const { type, value: tlv } of frame.tlvs) {
    const stringField = STRING_TLVS.get(type);
    if (stringField !== undefined) {
      if (value[stringField] === undefined) value[stringField] = text(tlv);
      else warn(`CDP TLV 0x${type.toString(16)} repeated; the first one is kept`);
      continue;
    }
    if (!decodeOther(type, tlv, value, lists, warn)) unknownTlvs.push({ type, hex: hex(tlv) });
  }
  if (value.deviceId === undefined) warn('missing Device-ID TLV');
  return { value, warnings: warnings.list() };
}

interface Lists {
  addresses: CdpAddress[];
  managementAddresses: CdpAddress[];
  ipPrefixes: string[];
  protocolHellos: { oui: string; protocolId: number; hex: string }[];
  applianceVlans: { applianceId: number; vlanId: number }[];
}

/** Decodes the non-string TLVs; false when unknown or malformed (kept raw by the caller). */
function decodeOther(type: number, value: Uint8Array, draft: Draft, lists: Lists, warn: (m: string) => void): boolean {
  const malformed = (rule: string, what: string): false => {
    warn(`CDP ${what} TLV of ${value.length} bytes (${rule}); kept raw`);
    return false;
  };
  const fixed = (length: number, what: string): boolean => value.length === length || malformed(`must be ${length}`, what);
  switch (type) {
    case 0x02:
      lists.addresses.push(...decodeCdpAddresses(value, warn));
      return true;
    case 0x16:
      lists.managementAddresses.push(...decodeCdpAddresses(value, warn));
      return true;
    case 0x04:
      if (!fixed(4, 'capabilities')) return false;
      draft.capabilities = { bits: u32(value, 0), names: bitNames(u32(value, 0), CDP_CAPABILITIES, 32) };
      return true;
    case 0x07:
      if (value.length % 5 !== 0) return malformed('a multiple of 5', 'IP prefixes');
      for (let at = 0; at < value.length; at += 5) lists.ipPrefixes.push(`${ipv4(value.subarray(at, at + 4))}/${u8(value, at + 4)}`);
      return true;
    case 0x08:
      if (value.length < 5) return malformed('at least 5', 'protocol hello');
      lists.protocolHellos.push({ oui: colonHex(value.subarray(0, 3)), protocolId: u16(value, 3), hex: hex(value.subarray(5)) });
      return true;
    case 0x0a:
      if (!fixed(2, 'native VLAN')) return false;
      draft.nativeVlan = u16(value, 0);
      return true;
    case 0x0b:
      if (!fixed(1, 'duplex')) return false;
      draft.duplex = u8(value, 0) === 0 ? 'half' : 'full';
      return true;
    case 0x0e:
      if (value.length % 3 !== 0 || value.length === 0) return malformed('a multiple of 3', 'appliance VLAN');
      for (let at = 0; at < value.length; at += 3) lists.applianceVlans.push({ applianceId: u8(value, at), vlanId: u16(value, at + 1) });
      return true;
    case 0x10:
      if (!fixed(2, 'power consumption')) return false;
      draft.powerConsumptionMw = u16(value, 0);
      return true;
    case 0x11:
      if (!fixed(4, 'MTU')) return false;
      draft.mtuBytes = u32(value, 0);
      return true;
    case 0x12:
    case 0x13:
      if (!fixed(1, type === 0x12 ? 'trust bitmap' : 'untrusted port CoS')) return false;
      if (type === 0x12) draft.trustBitmap = u8(value, 0);
      else draft.untrustedPortCos = u8(value, 0);
      return true;
    case 0x15:
      draft.systemObjectIdHex = hex(value);
      return true;
    case 0x17:
      if (value.length < 1) return malformed('at least 1', 'location');
      draft.location = text(value.subarray(1));
      return true;
    case 0x19:
    case 0x1a: {
      if (value.length < 4 || value.length % 4 !== 0) return malformed('4 + 4n', 'power levels');
      const levels: CdpPowerLevels = { requestId: u16(value, 0), managementId: u16(value, 2), levelsMw: powerLevels(value.subarray(4)) };
      if (type === 0x19) draft.powerRequested = levels;
      else draft.powerAvailable = levels;
      return true;
    }
    default:
      return false;
  }
}

function powerLevels(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (let at = 0; at + 4 <= bytes.length; at += 4) out.push(u32(bytes, at));
  return out;
}
