/**
 * Link-layer framing in front of the discovery protocols: Ethernet II / IEEE 802.3 with any number of 802.1Q/802.1ad
 * tags, Linux cooked captures v1 and v2, then LLC/SNAP for the length-framed protocols. Classification follows the
 * payload, not the destination MAC: LLDP is EtherType 0x88cc; CDP, FDP, EDP and SONMP are SNAP with a vendor OUI
 * and protocol id (VTP, DTP, UDLD and PAgP share CDP's MAC but have other ids and are not CDP).
 */
import { LINK_TYPES } from './capture-types.ts';
import { colonHex, plainView, u16 } from './frame-bytes.ts';
import { FrameDecodeError, need } from './frame-errors.ts';

/** The discovery protocols the decoders know. */
export type DiscoveryProtocol = 'lldp' | 'cdp' | 'fdp' | 'edp' | 'sonmp';

/** One 802.1Q / 802.1ad tag. */
export interface VlanTag {
  /** Tag protocol identifier (0x8100 C-tag, 0x88a8 S-tag, 0x9100/0x9200 legacy QinQ). */
  readonly tpid: number;
  readonly vlanId: number;
  /** Priority code point, 0–7. */
  readonly priority: number;
  readonly dropEligible: boolean;
}

/** The link-layer header fields of one frame. */
export interface LinkHeader {
  /** Destination MAC (absent in Linux cooked captures, which record only the source). */
  readonly destination?: string;
  /** Source MAC (or the cooked capture's link-layer address in hex when it is not 6 bytes long). */
  readonly source?: string;
  /** Outermost first. */
  readonly vlanTags: readonly VlanTag[];
  /** EtherType after the tags; absent for 802.3 length-framed (LLC) frames. */
  readonly etherType?: number;
  /** The 802.3 length field of a length-framed frame. */
  readonly lengthField?: number;
  /** SNAP header of an LLC frame with DSAP/SSAP 0xaa. */
  readonly snap?: { readonly oui: string; readonly protocolId: number };
  /** Linux cooked v2: index of the capturing interface. */
  readonly interfaceIndex?: number;
  /** Linux cooked: 0 to us, 1 broadcast, 2 multicast, 3 to another host, 4 sent by us. */
  readonly packetType?: number;
}

/** A frame split into its link header and the payload of the protocol it carries. */
export interface LinkFrame {
  readonly header: LinkHeader;
  /** Which discovery protocol the payload is, or 'none' for any other traffic. */
  readonly protocol: DiscoveryProtocol | 'none';
  /** Bytes after the link header (after SNAP for LLC frames; 802.3 padding removed when the length says so). */
  readonly payload: Uint8Array;
  /** Like `payload` but ignoring the 802.3 length field (for frames edited without fixing it). */
  readonly fullPayload: Uint8Array;
  readonly warnings: readonly string[];
}

const TPIDS: ReadonlySet<number> = new Set([0x8100, 0x88a8, 0x9100, 0x9200]);
const ETHERTYPE_LLDP = 0x88cc;
/** Linux pseudo EtherTypes in cooked captures: an 802.2 LLC frame, a raw 802.3 (Novell) frame. */
const SLL_LLC = 0x0004;
const SLL_NOVELL = 0x0001;

const SNAP_PROTOCOLS: ReadonlyMap<string, DiscoveryProtocol> = new Map([
  ['00:00:0c/8192', 'cdp'], // Cisco, PID 0x2000
  ['00:e0:52/8192', 'fdp'], // Foundry, PID 0x2000
  ['00:e0:2b/187', 'edp'], // Extreme, PID 0x00bb
  ['00:00:81/417', 'sonmp'], // Nortel/Bay, PID 0x01a1 (flatnet hello)
  ['00:00:81/418', 'sonmp'], // Nortel/Bay, PID 0x01a2 (segment hello)
]);

/** Splits a captured frame of the given link type. Throws DISC_FRAME_TRUNCATED / DISC_FRAME_LINK_TYPE. */
export function parseLinkFrame(bytes: Uint8Array, linkType: number): LinkFrame {
  const frame = plainView(bytes);
  switch (linkType) {
    case LINK_TYPES.ETHERNET:
      need(frame, 0, 14, 'Ethernet header');
      return afterType(frame, 12, { vlanTags: [], destination: colonHex(frame.subarray(0, 6)), source: colonHex(frame.subarray(6, 12)) }, true);
    case LINK_TYPES.LINUX_SLL:
      need(frame, 0, 16, 'Linux cooked v1 header');
      return afterType(frame, 14, { vlanTags: [], source: cookedAddress(frame.subarray(6, 14), u16(frame, 4)), packetType: u16(frame, 0) }, false);
    case LINK_TYPES.LINUX_SLL2: {
      need(frame, 0, 20, 'Linux cooked v2 header');
      const interfaceIndex = (((frame[4] ?? 0) << 24) | ((frame[5] ?? 0) << 16) | ((frame[6] ?? 0) << 8) | (frame[7] ?? 0)) >>> 0;
      const header: Header = { vlanTags: [], source: cookedAddress(frame.subarray(12, 20), frame[11] ?? 0), packetType: frame[10] ?? 0, interfaceIndex };
      // The protocol field comes first in v2; the payload starts after the 20-byte header.
      return afterType(frame, 0, header, false, 20);
    }
    default:
      throw new FrameDecodeError('DISC_FRAME_LINK_TYPE', `link type ${linkType} is not Ethernet or Linux cooked`, { linkType });
  }
}

function cookedAddress(bytes: Uint8Array, length: number): string {
  return colonHex(bytes.subarray(0, Math.min(length, 8)));
}

/** LinkHeader under construction (filled in place: spreading small objects per frame showed in profiles). */
type Header = { -readonly [K in keyof LinkHeader]: LinkHeader[K] } & { vlanTags: VlanTag[] };

/**
 * Reads the type field at `typeOffset` (the payload starts at `bodyOffset`, right after it unless given), then VLAN
 * tags, then either an EtherType payload or an 802.3 length + LLC/SNAP payload.
 */
function afterType(frame: Uint8Array, typeOffset: number, header: Header, ethernet: boolean, bodyOffset = typeOffset + 2): LinkFrame {
  const warnings: string[] = [];
  let type = u16(frame, typeOffset);
  let at = bodyOffset;
  while (TPIDS.has(type)) {
    need(frame, at, 4, '802.1Q tag');
    const tci = u16(frame, at);
    header.vlanTags.push({ tpid: type, vlanId: tci & 0x0fff, priority: tci >> 13, dropEligible: (tci & 0x1000) !== 0 });
    type = u16(frame, at + 2);
    at += 4;
  }
  const lengthFramed = ethernet ? type <= 1500 : type === SLL_LLC || type === SLL_NOVELL;
  if (!lengthFramed) {
    header.etherType = type;
    const payload = frame.subarray(at);
    return { header, protocol: type === ETHERTYPE_LLDP ? 'lldp' : 'none', payload, fullPayload: payload, warnings };
  }
  const fullLlc = frame.subarray(at);
  let llc = fullLlc;
  if (ethernet) {
    header.lengthField = type;
    if (type > llc.length) warnings.push(`802.3 length field ${type} exceeds the ${llc.length} bytes after it`);
    else llc = llc.subarray(0, type);
  }
  if (type === SLL_NOVELL || llc.length < 3 || llc[0] !== 0xaa || llc[1] !== 0xaa || llc[2] !== 0x03) {
    return { header, protocol: 'none', payload: llc, fullPayload: fullLlc, warnings };
  }
  need(llc, 0, 8, 'LLC/SNAP header');
  const snap = { oui: colonHex(llc.subarray(3, 6)), protocolId: u16(llc, 6) };
  header.snap = snap;
  const protocol = SNAP_PROTOCOLS.get(`${snap.oui}/${snap.protocolId}`) ?? 'none';
  return { header, protocol, payload: llc.subarray(8), fullPayload: fullLlc.subarray(Math.min(8, fullLlc.length)), warnings };
}
