/** LLDP-MED TLVs (ANSI/TIA-1057, OUI 00:12:bb): capabilities, network policy, location, extended power, inventory. */
import { hex, text, u16, u24, u8 } from './frame-bytes.ts';
import type { Warn } from './lldp-ids.ts';
import { bitNames, MED_APPLICATION_TYPES, MED_CAPABILITIES, MED_DEVICE_TYPES, MED_INVENTORY_KEYS } from './lldp-names.ts';
import type { LldpMed, LldpMedLocation, LldpMedNetworkPolicy } from './lldp-types.ts';

/** OUI of the LLDP-MED TLVs. */
export const OUI_TIA_MED = '00:12:bb';

/** The mutable form of {@link LldpMed}. Arrays are bounded by the frame size. */
export interface MedBuilder {
  capabilities?: NonNullable<LldpMed['capabilities']>;
  networkPolicies: LldpMedNetworkPolicy[];
  locations: LldpMedLocation[];
  extendedPower?: NonNullable<LldpMed['extendedPower']>;
  inventory: Record<string, string>;
}

/** An empty builder. */
export function newMed(): MedBuilder {
  return { networkPolicies: [], locations: [], inventory: {} };
}

/** Decodes one LLDP-MED TLV into `b`; false for subtypes it does not decode or that are malformed (kept raw). */
export function decodeMed(subtype: number, info: Uint8Array, b: MedBuilder, warn: Warn): boolean {
  const inventoryKey = MED_INVENTORY_KEYS[subtype];
  if (inventoryKey !== undefined) {
    if (info.length > 32) warn(`LLDP-MED ${inventoryKey} of ${info.length} bytes (at most 32)`);
    b.inventory[inventoryKey] = text(info);
    return true;
  }
  switch (subtype) {
    case 1: {
      if (info.length !== 3) return bad(warn, 'capabilities', info.length);
      const bits = u16(info, 0);
      const deviceType = u8(info, 2);
      b.capabilities = { bits, names: bitNames(bits, MED_CAPABILITIES), deviceType, deviceTypeName: MED_DEVICE_TYPES[deviceType] ?? `reserved-${deviceType}` };
      return true;
    }
    case 2: {
      if (info.length !== 4) return bad(warn, 'network policy', info.length);
      const applicationType = u8(info, 0);
      const flags = u24(info, 1);
      b.networkPolicies.push({
        applicationType,
        applicationName: MED_APPLICATION_TYPES[applicationType] ?? `reserved-${applicationType}`,
        unknownPolicy: (flags & 0x800000) !== 0,
        tagged: (flags & 0x400000) !== 0,
        vlanId: (flags >> 9) & 0x0fff,
        priority: (flags >> 6) & 0x07,
        dscp: flags & 0x3f,
      });
      return true;
    }
    case 3:
      if (info.length < 1) return bad(warn, 'location identification', info.length);
      b.locations.push(location(u8(info, 0), info.subarray(1), warn));
      return true;
    case 4: {
      if (info.length !== 3) return bad(warn, 'extended power via MDI', info.length);
      const flags = u8(info, 0);
      b.extendedPower = { powerType: flags >> 6, powerSource: (flags >> 4) & 0x03, powerPriority: flags & 0x0f, powerMw: u16(info, 1) * 100 };
      return true;
    }
    default:
      return false;
  }
}

function location(format: number, data: Uint8Array, warn: Warn): LldpMedLocation {
  switch (format) {
    case 1:
      if (data.length !== 16) {
        warn(`LLDP-MED coordinate location of ${data.length} bytes (must be 16)`);
        break;
      }
      return coordinate(data);
    case 2:
      return civic(data, warn);
    case 3:
      return { format: 'elin', elin: text(data) };
    default:
      break;
  }
  return { format: 'unknown', formatNumber: format, hex: hex(data) };
}

/** RFC 3825 LCI: resolution and fixed-point latitude (9.25), longitude (9.25), altitude (22.8), datum. */
function coordinate(data: Uint8Array): LldpMedLocation {
  let bits = 0n;
  for (const byte of data) bits = (bits << 8n) | BigInt(byte);
  const field = (from: number, width: number): bigint => (bits >> BigInt(128 - from - width)) & ((1n << BigInt(width)) - 1n);
  const signed = (v: bigint, width: number): number => Number(v >= 1n << BigInt(width - 1) ? v - (1n << BigInt(width)) : v);
  return {
    format: 'coordinate',
    latitude: signed(field(6, 34), 34) / 2 ** 25,
    longitude: signed(field(46, 34), 34) / 2 ** 25,
    altitudeType: Number(field(80, 4)),
    altitude: signed(field(90, 30), 30) / 2 ** 8,
    datum: Number(field(120, 8)),
    hex: hex(data),
  };
}

/** Civic address LCI (RFC 4776 §3.1): length, what, country code, then CAtype/CAlength/CAvalue elements. */
function civic(data: Uint8Array, warn: Warn): LldpMedLocation {
  const declared = u8(data, 0);
  if (declared + 1 !== data.length) warn(`LLDP-MED civic location declares ${declared} bytes, carries ${Math.max(0, data.length - 1)}`);
  const end = Math.min(data.length, declared + 1);
  const elements: { type: number; value: string }[] = [];
  let at = 4;
  while (at + 2 <= end) {
    const length = u8(data, at + 1);
    if (at + 2 + length > end) {
      warn('LLDP-MED civic location element runs past the address');
      break;
    }
    elements.push({ type: u8(data, at), value: text(data.subarray(at + 2, at + 2 + length)) });
    at += 2 + length;
  }
  return { format: 'civic', what: u8(data, 1), countryCode: text(data.subarray(2, 4)), elements };
}

function bad(warn: Warn, what: string, length: number): false {
  warn(`LLDP-MED ${what} TLV with ${length} bytes of information; kept raw`);
  return false;
}
