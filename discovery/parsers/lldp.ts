/**
 * LLDP decoder (IEEE 802.1AB-2016 §8): walks the TLVs of an LLDPDU (the bytes after EtherType 0x88cc) up to the
 * End TLV, decodes the base TLVs and the 802.1, 802.3 and LLDP-MED extensions, and keeps everything else raw.
 * Malformed TLVs, missing or repeated mandatory TLVs and wrong ordering become warnings; the first copy of a
 * repeated TLV wins. It throws only DISC_FRAME_TRUNCATED, when a TLV runs past the end of the bytes.
 */
import { colonHex, hex, plainView, text, u16, u8 } from './frame-bytes.ts';
import { need } from './frame-errors.ts';
import { WarningList, type FrameResult } from './frame-result.ts';
import { decodeDot1, newDot1, OUI_IEEE_8021 } from './lldp-dot1.ts';
import { decodeDot3, OUI_IEEE_8023, type Dot3Builder } from './lldp-dot3.ts';
import { decodeCapabilities, decodeLldpId, decodeManagementAddress } from './lldp-ids.ts';
import { decodeMed, newMed, OUI_TIA_MED } from './lldp-med.ts';
import type { LldpCapabilities, LldpId, LldpManagementAddress, LldpPdu, LldpRawOrgTlv, LldpRawTlv } from './lldp-types.ts';

/** TLV type numbers (802.1AB Table 8-1). */
export const LLDP_TLV = {
  END: 0,
  CHASSIS_ID: 1,
  PORT_ID: 2,
  TTL: 3,
  PORT_DESCRIPTION: 4,
  SYSTEM_NAME: 5,
  SYSTEM_DESCRIPTION: 6,
  SYSTEM_CAPABILITIES: 7,
  MANAGEMENT_ADDRESS: 8,
  ORGANIZATION_SPECIFIC: 127,
} as const;

const TLV_NAMES: Readonly<Record<number, string>> = {
  4: 'port description',
  5: 'system name',
  6: 'system description',
  7: 'system capabilities',
};

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Where the decoder collects the LLDPDU's fields. */
interface Draft {
  chassisId?: LldpId;
  portId?: LldpId;
  ttlSec?: number;
  strings: Partial<Record<4 | 5 | 6, string>>;
  capabilities?: LldpCapabilities;
  managementAddresses: LldpManagementAddress[];
  unknownTlvs: LldpRawTlv[];
  unknownOrgTlvs: LldpRawOrgTlv[];
}

/** Decodes an LLDPDU. Throws FrameDecodeError (DISC_FRAME_TRUNCATED) only when a TLV runs past the bytes. */
export function decodeLldp(bytes: Uint8Array): FrameResult<LldpPdu> {
  const pdu = plainView(bytes);
  const warnings = new WarningList();
  const warn = (m: string): void => {
    warnings.add(m);
  };
  const draft: Draft = { strings: {}, managementAddresses: [], unknownTlvs: [], unknownOrgTlvs: [] };
  const dot1 = newDot1();
  const dot3: Dot3Builder = {};
  const med = newMed();
  let offset = 0;
  let index = 0;
  let ended = false;
  while (offset < pdu.length) {
    need(pdu, offset, 2, 'LLDP TLV header');
    const header = u16(pdu, offset);
    const type = header >> 9;
    const length = header & 0x1ff;
    need(pdu, offset + 2, length, `LLDP TLV type ${type}`);
    const value = pdu.subarray(offset + 2, offset + 2 + length);
    offset += 2 + length;
    if (type === LLDP_TLV.END) {
      if (length !== 0) warn(`End TLV with length ${length}`);
      ended = true;
      break;
    }
    checkOrder(type, index, warn);
    index++;
    if (type === LLDP_TLV.ORGANIZATION_SPECIFIC) {
      if (length < 4) {
        warn(`organizationally specific TLV of ${length} bytes (needs 4)`);
        draft.unknownTlvs.push({ type, hex: hex(value) });
        continue;
      }
      const oui = colonHex(value.subarray(0, 3));
      const subtype = u8(value, 3);
      const info = value.subarray(4);
      const done =
        oui === OUI_IEEE_8021 ? decodeDot1(subtype, info, dot1, warn)
        : oui === OUI_IEEE_8023 ? decodeDot3(subtype, info, dot3, warn)
        : oui === OUI_TIA_MED ? decodeMed(subtype, info, med, warn)
        : false;
      if (!done) draft.unknownOrgTlvs.push({ oui, subtype, hex: hex(info) });
      continue;
    }
    baseTlv(type, value, draft, warn);
  }
  if (!ended) warn('no End of LLDPDU TLV');
  if (draft.chassisId === undefined) warn('missing Chassis ID TLV');
  if (draft.portId === undefined) warn('missing Port ID TLV');
  if (draft.ttlSec === undefined) warn('missing Time To Live TLV');
  const value: Mutable<LldpPdu> = {
    shutdown: draft.ttlSec === 0,
    managementAddresses: draft.managementAddresses,
    dot1,
    dot3,
    med,
    unknownTlvs: draft.unknownTlvs,
    unknownOrgTlvs: draft.unknownOrgTlvs,
    lengthBytes: offset,
  };
  if (draft.chassisId !== undefined) value.chassisId = draft.chassisId;
  if (draft.portId !== undefined) value.portId = draft.portId;
  if (draft.ttlSec !== undefined) value.ttlSec = draft.ttlSec;
  if (draft.strings[4] !== undefined) value.portDescription = draft.strings[4];
  if (draft.strings[5] !== undefined) value.systemName = draft.strings[5];
  if (draft.strings[6] !== undefined) value.systemDescription = draft.strings[6];
  if (draft.capabilities !== undefined) value.capabilities = draft.capabilities;
  return { value, warnings: warnings.list() };
}

/** The first three TLVs must be Chassis ID, Port ID, TTL, in that order, and appear nowhere else. */
function checkOrder(type: number, index: number, warn: (m: string) => void): void {
  const expected = index === 0 ? LLDP_TLV.CHASSIS_ID : index === 1 ? LLDP_TLV.PORT_ID : index === 2 ? LLDP_TLV.TTL : undefined;
  if (expected !== undefined && type !== expected) warn(`TLV ${index + 1} is type ${type}, expected type ${expected}`);
}

function baseTlv(type: number, value: Uint8Array, draft: Draft, warn: (m: string) => void): void {
  switch (type) {
    case LLDP_TLV.CHASSIS_ID:
    case LLDP_TLV.PORT_ID: {
      const kind = type === LLDP_TLV.CHASSIS_ID ? 'chassis' : 'port';
      if (value.length < 2) {
        warn(`${kind} id TLV of ${value.length} bytes (needs 2)`);
        draft.unknownTlvs.push({ type, hex: hex(value) });
        return;
      }
      const current = kind === 'chassis' ? draft.chassisId : draft.portId;
      if (current !== undefined) {
        warn(`${kind} id TLV repeated; the first one is kept`);
        return;
      }
      const id = decodeLldpId(kind, value, warn);
      if (kind === 'chassis') draft.chassisId = id;
      else draft.portId = id;
      return;
    }
    case LLDP_TLV.TTL:
      if (value.length < 2) {
        warn(`TTL TLV of ${value.length} bytes (needs 2)`);
        draft.unknownTlvs.push({ type, hex: hex(value) });
      } else if (draft.ttlSec !== undefined) {
        warn('TTL TLV repeated; the first one is kept');
      } else {
        if (value.length > 2) warn(`TTL TLV of ${value.length} bytes (must be 2)`);
        draft.ttlSec = u16(value, 0);
      }
      return;
    case LLDP_TLV.PORT_DESCRIPTION:
    case LLDP_TLV.SYSTEM_NAME:
    case LLDP_TLV.SYSTEM_DESCRIPTION:
      if (draft.strings[type] !== undefined) warn(`${TLV_NAMES[type] ?? type} TLV repeated; the first one is kept`);
      else draft.strings[type] = text(value);
      return;
    case LLDP_TLV.SYSTEM_CAPABILITIES: {
      if (draft.capabilities !== undefined) {
        warn('system capabilities TLV repeated; the first one is kept');
        return;
      }
      const caps = decodeCapabilities(value, warn);
      if (caps === undefined) draft.unknownTlvs.push({ type, hex: hex(value) });
      else draft.capabilities = caps;
      return;
    }
    case LLDP_TLV.MANAGEMENT_ADDRESS: {
      const address = decodeManagementAddress(value, warn);
      if (address === undefined) draft.unknownTlvs.push({ type, hex: hex(value) });
      else draft.managementAddresses.push(address);
      return;
    }
    default:
      warn(`reserved TLV type ${type}; kept raw`);
      draft.unknownTlvs.push({ type, hex: hex(value) });
  }
}
