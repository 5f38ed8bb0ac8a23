/** IEEE 802.1 organizationally specific TLVs (OUI 00:80:c2; 802.1Q Annex D, 802.1AX for link aggregation). */
import { hex, u16, u32, u8 } from './frame-bytes.ts';
import type { Warn } from './lldp-ids.ts';
import { displayName } from './lldp-ids.ts';
import type { LldpLinkAggregation } from './lldp-types.ts';

/** OUI of the IEEE 802.1 TLVs. */
export const OUI_IEEE_8021 = '00:80:c2';

/** The mutable form of LldpDot1 filled while walking the TLVs. Arrays are bounded by the frame size. */
export interface Dot1Builder {
  portVlanId?: number;
  protocolVlans: { vlanId: number; supported: boolean; enabled: boolean }[];
  vlanNames: { vlanId: number; name: string }[];
  protocolIdentities: string[];
  linkAggregation?: LldpLinkAggregation;
}

/** An empty builder. */
export function newDot1(): Dot1Builder {
  return { protocolVlans: [], vlanNames: [], protocolIdentities: [] };
}

/**
 * Decodes one 802.1 TLV (`info` = bytes after OUI and subtype) into `b`. Returns false for subtypes it does not
 * decode (DCBX, EVB, …) or that are too malformed to decode, so the caller keeps them raw.
 */
export function decodeDot1(subtype: number, info: Uint8Array, b: Dot1Builder, warn: Warn): boolean {
  switch (subtype) {
    case 1: // Port VLAN ID
      if (info.length !== 2) return bad(warn, 'port VLAN id', info.length);
      if (b.portVlanId !== undefined) warn('802.1 port VLAN id TLV repeated; the first one is kept');
      else b.portVlanId = u16(info, 0);
      return true;
    case 2: // Port and protocol VLAN ID
      if (info.length !== 3) return bad(warn, 'port and protocol VLAN id', info.length);
      b.protocolVlans.push({ vlanId: u16(info, 1), supported: (u8(info, 0) & 0x02) !== 0, enabled: (u8(info, 0) & 0x04) !== 0 });
      return true;
    case 3: {
      // VLAN name
      const nameLength = u8(info, 2);
      if (info.length < 3 || 3 + nameLength > info.length) return bad(warn, 'VLAN name', info.length);
      if (3 + nameLength < info.length) warn('802.1 VLAN name TLV: bytes after the name');
      b.vlanNames.push({ vlanId: u16(info, 0), name: displayName(info.subarray(3, 3 + nameLength)) });
      return true;
    }
    case 4: {
      // Protocol identity
      const length = u8(info, 0);
      if (info.length < 1 || 1 + length > info.length) return bad(warn, 'protocol identity', info.length);
      b.protocolIdentities.push(hex(info.subarray(1, 1 + length)));
      return true;
    }
    case 7: // Link aggregation (802.1AX-2014 F.2)
      if (info.length !== 5) return bad(warn, 'link aggregation', info.length);
      b.linkAggregation = linkAggregation(info, true);
      return true;
    default:
      return false;
  }
}

/** Link aggregation status byte + aggregated port id, in the 802.1 (with port type) or old 802.3 form. */
export function linkAggregation(info: Uint8Array, withPortType: boolean): LldpLinkAggregation {
  const status = u8(info, 0);
  return {
    capable: (status & 0x01) !== 0,
    enabled: (status & 0x02) !== 0,
    portType: withPortType ? (status >> 2) & 0x03 : 0,
    aggregatedPortId: u32(info, 1),
  };
}

function bad(warn: Warn, what: string, length: number): false {
  warn(`802.1 ${what} TLV with ${length} bytes of information; kept raw`);
  return false;
}
