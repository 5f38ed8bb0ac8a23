/**
 * Discovery-frame parsers: the public surface of the passive LLDP / CDP / FDP / EDP / SONMP decoders and of the
 * pcap / pcapng stream reader that feeds them (DESIGN §6). All pure: bytes in, `{ value, warnings }` out, and
 * {@link FrameDecodeError} (codes DISC_FRAME_*) only for structurally unusable input. See docs/discovery-frames.md.
 *
 * @example
 * const reader = new CaptureReader();            // tcpdump -w - … | this
 * for (const f of reader.push(chunk)) {
 *   const { value, warnings } = decodeDiscoveryFrame(f.data, f.linkType);
 *   if (value.protocol === 'lldp') use(value.lldp.chassisId, value.lldp.portId, value.lldp.ttlSec);
 * }
 */
export { CaptureReader, readCapture, type Capture } from './capture-reader.ts';
export { LINK_TYPES, MAX_PCAPNG_BLOCK_BYTES, MAX_RECORD_BYTES, type CaptureFormat, type CapturedFrame, type LinkType } from './capture-types.ts';
export type { CdpAddress } from './cdp-framing.ts';
export { CDP_CAPABILITIES, decodeCdp } from './cdp.ts';
export type { CdpPdu, CdpPowerLevels } from './cdp-types.ts';
export { decodeDiscoveryFrame, type DiscoveryFrame } from './discovery-frame.ts';
export { decodeEdp, type EdpPdu } from './edp.ts';
export { decodeFdp, type FdpPdu } from './fdp.ts';
export { FRAME_DECODE_ERROR_CODES, FrameDecodeError, type FrameDecodeErrorCode } from './frame-errors.ts';
export { MAX_WARNINGS, type FrameResult } from './frame-result.ts';
export { parseLinkFrame, type DiscoveryProtocol, type LinkFrame, type LinkHeader, type VlanTag } from './link-layer.ts';
export { decodeLldp, LLDP_TLV } from './lldp.ts';
export type * from './lldp-types.ts';
export { decodeSonmp, type SonmpPdu } from './sonmp.ts';
export { neighbourOf, SONMP_HOLD_SEC, type Neighbour, type NeighbourId } from './neighbour.ts';
