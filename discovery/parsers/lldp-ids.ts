/** The base LLDP TLVs with structure: chassis / port identifiers, system capabilities, management addresses. */
import { berOid, colonHex, hex, ipv4, ipv6, u16, u32, u8 } from './frame-bytes.ts';
import { bitNames, CHASSIS_ID_SUBTYPES, PORT_ID_SUBTYPES, SYSTEM_CAPABILITIES } from './lldp-names.ts';
import type { LldpCapabilities, LldpId, LldpManagementAddress } from './lldp-types.ts';

/** Receives one warning. */
export type Warn = (message: string) => void;

const STRICT_TEXT = new TextDecoder('utf-8', { fatal: true });

/**
 * Text of an identifier that should be a name: the UTF-8 text when it decodes cleanly without control characters,
 * otherwise colon-separated hex (how lldpcli shows binary identifiers). Trailing NULs are dropped.
 */
export function displayName(bytes: Uint8Array): string {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  const body = bytes.subarray(0, end);
  try {
    const decoded = STRICT_TEXT.decode(body);
    if (!hasControlCharacters(decoded)) return decoded;
  } catch {
    // Not UTF-8: fall through to hex.
  }
  return colonHex(body);
}

/** Control characters other than tab, CR and LF mean the bytes are binary, not a name. */
function hasControlCharacters(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return true;
  }
  return false;
}

/** An IANA address family number + address, as IP text when it is IPv4/IPv6 of the right size, else hex. */
export function familyAddress(family: number, address: Uint8Array): string {
  if (family === 1 && address.length === 4) return ipv4(address);
  if (family === 2 && address.length === 16) return ipv6(address);
  if (family === 6 && address.length === 6) return colonHex(address);
  return hex(address);
}

/** Decodes a Chassis ID (kind 'chassis') or Port ID (kind 'port') TLV value (≥ 1 byte). */
export function decodeLldpId(kind: 'chassis' | 'port', value: Uint8Array, warn: Warn): LldpId {
  const subtype = u8(value, 0);
  const body = value.subarray(1);
  const names = kind === 'chassis' ? CHASSIS_ID_SUBTYPES : PORT_ID_SUBTYPES;
  const subtypeName = subtype === 0 ? 'reserved' : (names[subtype] ?? `reserved-${subtype}`);
  if (body.length === 0 || body.length > 255) warn(`${kind} id of ${body.length} bytes (must be 1-255)`);
  let formatted: string;
  switch (subtypeName) {
    case 'mac':
      if (body.length !== 6) warn(`${kind} id MAC of ${body.length} bytes`);
      formatted = colonHex(body);
      break;
    case 'network-address':
      if (body.length < 2) warn(`${kind} id network address of ${body.length} bytes`);
      formatted = familyAddress(u8(body, 0), body.subarray(1));
      if (!/[.:]/.test(formatted)) warn(`${kind} id network address family ${u8(body, 0)} with ${body.length - 1} address bytes`);
      break;
    case 'agent-circuit-id':
    case 'reserved':
      formatted = colonHex(body);
      break;
    default:
      formatted = subtypeName.startsWith('reserved') ? colonHex(body) : displayName(body);
  }
  return { subtype, subtypeName, value: formatted, hex: hex(body) };
}

/** The station-only bit: 802.1AB says it is never combined with another capability. */
const STATION_ONLY = 1 << 7;

/** Decodes a System Capabilities TLV value (4 bytes: supported, enabled). */
export function decodeCapabilities(value: Uint8Array, warn: Warn): LldpCapabilities | undefined {
  if (value.length !== 4) {
    warn(`system capabilities TLV of ${value.length} bytes (must be 4)`);
    if (value.length < 4) return undefined;
  }
  const supportedBits = u16(value, 0);
  const enabledBits = u16(value, 2);
  if ((enabledBits & ~supportedBits) !== 0) warn('system capabilities: enabled capabilities that are not supported');
  if ((supportedBits & STATION_ONLY) !== 0 && (supportedBits & ~STATION_ONLY) !== 0) warn('system capabilities: station-only combined with other capabilities');
  return { supportedBits, enabledBits, supported: bitNames(supportedBits, SYSTEM_CAPABILITIES), enabled: bitNames(enabledBits, SYSTEM_CAPABILITIES) };
}

/** Decodes a Management Address TLV value, or undefined (with a warning) when its inner lengths do not fit. */
export function decodeManagementAddress(value: Uint8Array, warn: Warn): LldpManagementAddress | undefined {
  const addressStringLength = u8(value, 0);
  if (addressStringLength < 2 || addressStringLength > 32 || 1 + addressStringLength + 6 > value.length) {
    warn(`management address TLV: address string length ${addressStringLength} does not fit ${value.length} bytes`);
    return undefined;
  }
  const family = u8(value, 1);
  const address = value.subarray(2, 1 + addressStringLength);
  let at = 1 + addressStringLength;
  const interfaceSubtype = u8(value, at);
  const interfaceNumber = u32(value, at + 1);
  at += 5;
  const oidLength = u8(value, at);
  at += 1;
  const result: LldpManagementAddress = { family, address: familyAddress(family, address), interfaceSubtype, interfaceNumber };
  if (family !== 1 && family !== 2 && family !== 6) warn(`management address of unknown family ${family}`);
  else if ((family === 1 && address.length !== 4) || (family === 2 && address.length !== 16) || (family === 6 && address.length !== 6)) {
    warn(`management address of family ${family} with ${address.length} bytes`);
  }
  if (at + oidLength > value.length) {
    warn(`management address TLV: OID length ${oidLength} exceeds the TLV`);
    return result;
  }
  if (at + oidLength < value.length) warn('management address TLV: bytes after the OID');
  if (oidLength === 0) return result;
  const oid = berOid(value.subarray(at, at + oidLength));
  if (oid === undefined) {
    warn('management address TLV: malformed OID');
    return result;
  }
  return { ...result, oid };
}
