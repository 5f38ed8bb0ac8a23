/**
 * One call from captured bytes to a decoded discovery frame: split the link layer, pick the protocol, decode it.
 * Frames of any other protocol come back as `protocol: 'none'` (a capture filter should keep them rare).
 *
 * Length-framed protocols (CDP, FDP, EDP, SONMP) are decoded over the bytes the 802.3 length field covers, so
 * Ethernet padding is never read as TLVs. When that cuts a TLV but the frame holds the rest (a frame edited
 * without fixing its length field), the decoder is run again over all the bytes and the mismatch is a warning.
 */
import { decodeCdp } from './cdp.ts';
import type { CdpPdu } from './cdp-types.ts';
import { decodeEdp, type EdpPdu } from './edp.ts';
import { decodeFdp, type FdpPdu } from './fdp.ts';
import { FrameDecodeError } from './frame-errors.ts';
import { WarningList, type FrameResult } from './frame-result.ts';
import { parseLinkFrame, type LinkFrame, type LinkHeader } from './link-layer.ts';
import { decodeLldp } from './lldp.ts';
import type { LldpPdu } from './lldp-types.ts';
import { decodeSonmp, type SonmpPdu } from './sonmp.ts';

/** A decoded frame: the link header plus the protocol's decoded PDU. */
export type DiscoveryFrame =
  | { readonly protocol: 'lldp'; readonly link: LinkHeader; readonly lldp: LldpPdu }
  | { readonly protocol: 'cdp'; readonly link: LinkHeader; readonly cdp: CdpPdu }
  | { readonly protocol: 'fdp'; readonly link: LinkHeader; readonly fdp: FdpPdu }
  | { readonly protocol: 'edp'; readonly link: LinkHeader; readonly edp: EdpPdu }
  | { readonly protocol: 'sonmp'; readonly link: LinkHeader; readonly sonmp: SonmpPdu }
  | { readonly protocol: 'none'; readonly link: LinkHeader };

/**
 * Decodes a captured frame of the given link type (default Ethernet). Returns `{ value, warnings }`; throws only
 * {@link FrameDecodeError} (DISC_FRAME_TRUNCATED, DISC_FRAME_LINK_TYPE).
 */
export function decodeDiscoveryFrame(frame: Uint8Array, linkType = 1): FrameResult<DiscoveryFrame> {
  const link = parseLinkFrame(frame, linkType);
  const header = link.header;
  switch (link.protocol) {
    case 'lldp': {
      const r = decodeLldp(link.payload);
      return { value: { protocol: 'lldp', link: header, lldp: r.value }, warnings: merge(link.warnings, r.warnings) };
    }
    case 'cdp': {
      const r = lengthFramed(link, decodeCdp);
      return { value: { protocol: 'cdp', link: header, cdp: r.value }, warnings: r.warnings };
    }
    case 'fdp': {
      const r = lengthFramed(link, decodeFdp);
      return { value: { protocol: 'fdp', link: header, fdp: r.value }, warnings: r.warnings };
    }
    case 'edp': {
      const r = lengthFramed(link, decodeEdp);
      return { value: { protocol: 'edp', link: header, edp: r.value }, warnings: r.warnings };
    }
    case 'sonmp': {
      const r = lengthFramed(link, decodeSonmp);
      return { value: { protocol: 'sonmp', link: header, sonmp: r.value }, warnings: r.warnings };
    }
    case 'none':
      return { value: { protocol: 'none', link: header }, warnings: link.warnings };
  }
}

function lengthFramed<T>(link: LinkFrame, decode: (pdu: Uint8Array) => FrameResult<T>): FrameResult<T> {
  try {
    const r = decode(link.payload);
    return { value: r.value, warnings: merge(link.warnings, r.warnings) };
  } catch (error) {
    if (!(error instanceof FrameDecodeError) || link.fullPayload.length <= link.payload.length) throw error;
    const r = decode(link.fullPayload);
    const note = `802.3 length field ${link.header.lengthField ?? '?'} is shorter than the PDU; decoded all ${link.fullPayload.length} bytes after SNAP`;
    return { value: r.value, warnings: merge([...link.warnings, note], r.warnings) };
  }
}

/** Link-layer notes first, then the decoder's, within the MAX_WARNINGS bound. */
function merge(first: readonly string[], second: readonly string[]): readonly string[] {
  if (first.length === 0) return second;
  const list = new WarningList();
  list.addAll('', first);
  list.addAll('', second);
  return list.list();
}
