/**
 * SONMP (SynOptics Network Management Protocol, Nortel/Avaya "NDP") decoder: the 11 bytes after LLC/SNAP
 * (OUI 00:00:81, PID 0x01a1 or 0x01a2): IP address, segment id, chassis type, backplane type, state, link count
 * (Wireshark packet-ndp.c, lldpd sonmp.c). There are no TLVs and no checksum.
 */
import { ipv4, plainView, u24, u8 } from './frame-bytes.ts';
import { need } from './frame-errors.ts';
import type { FrameResult } from './frame-result.ts';

/** A decoded SONMP hello. */
export interface SonmpPdu {
  readonly ip: string;
  /** Segment identifier; its low two bytes are the sending slot and port (lldpd shows "slot/port"). */
  readonly segmentId: number;
  readonly slot: number;
  readonly port: number;
  readonly chassisType: number;
  readonly backplaneType: number;
  /** 1 topology changed, 2 heartbeat, 3 new. */
  readonly state: number;
  readonly links: number;
}

/** Bytes of a SONMP hello. */
export const SONMP_BYTES = 11;

/** Decodes a SONMP hello. Throws FrameDecodeError (DISC_FRAME_TRUNCATED) when shorter than 11 bytes. */
export function decodeSonmp(bytes: Uint8Array): FrameResult<SonmpPdu> {
  const pdu = plainView(bytes);
  need(pdu, 0, SONMP_BYTES, 'SONMP hello');
  const segmentId = u24(pdu, 4);
  const state = u8(pdu, 9);
  const warnings = state >= 1 && state <= 3 ? [] : [`unknown SONMP state ${state}`];
  return {
    value: {
      ip: ipv4(pdu),
      segmentId,
      slot: (segmentId >> 8) & 0xff,
      port: segmentId & 0xff,
      chassisType: u8(pdu, 7),
      backplaneType: u8(pdu, 8),
      state,
      links: u8(pdu, 10),
    },
    warnings,
  };
}
