/** IEEE 802.3 organizationally specific TLVs (OUI 00:12:0f; IEEE 802.3 Clause 79, with 802.3at and 802.3bt power). */
import { u16, u8 } from './frame-bytes.ts';
import { linkAggregation } from './lldp-dot1.ts';
import type { Warn } from './lldp-ids.ts';
import { bitNames, mauTypeName, PMD_AUTONEG_CAPABILITIES, POWER_PRIORITIES } from './lldp-names.ts';
import type { LldpDot3, LldpDot3Power, LldpDot3PowerBt } from './lldp-types.ts';

/** OUI of the IEEE 802.3 TLVs. */
export const OUI_IEEE_8023 = '00:12:0f';

/** The mutable form of {@link LldpDot3}. */
export type Dot3Builder = { -readonly [K in keyof LldpDot3]: LldpDot3[K] };

/** Bytes of information in a Power via MDI TLV: base, with the 802.3at fields, with the 802.3bt fields. */
const POWER_BASE = 3;
const POWER_AT = 8;
const POWER_BT = 25;

/** Decodes one 802.3 TLV into `b`; false for subtypes it does not decode or that are malformed (kept raw). */
export function decodeDot3(subtype: number, info: Uint8Array, b: Dot3Builder, warn: Warn): boolean {
  switch (subtype) {
    case 1: {
      // MAC/PHY configuration/status
      if (info.length !== 5) return bad(warn, 'MAC/PHY configuration/status', info.length);
      const advertisedBits = u16(info, 1);
      const mauType = u16(info, 3);
      b.macPhy = {
        autonegSupported: (u8(info, 0) & 0x01) !== 0,
        autonegEnabled: (u8(info, 0) & 0x02) !== 0,
        advertisedBits,
        // The field numbers its bits from the most significant one: reverse so bitNames can count from bit 0.
        advertised: bitNames(reverse16(advertisedBits), PMD_AUTONEG_CAPABILITIES),
        mauType,
        mauTypeName: mauTypeName(mauType),
      };
      return true;
    }
    case 2:
      if (info.length < POWER_BASE) return bad(warn, 'power via MDI', info.length);
      if (info.length !== POWER_BASE && info.length !== POWER_AT && info.length !== POWER_BT) {
        warn(`802.3 power via MDI TLV with ${info.length} bytes of information (expected 3, 8 or 25)`);
      }
      b.power = power(info);
      return true;
    case 3: // Link aggregation (deprecated here, moved to 802.1)
      if (info.length !== 5) return bad(warn, 'link aggregation', info.length);
      b.linkAggregation = linkAggregation(info, false);
      return true;
    case 4: // Maximum frame size
      if (info.length !== 2) return bad(warn, 'maximum frame size', info.length);
      b.maxFrameSizeBytes = u16(info, 0);
      return true;
    default:
      return false;
  }
}

function power(info: Uint8Array): LldpDot3Power {
  const support = u8(info, 0);
  const base: LldpDot3Power = {
    portClass: (support & 0x01) !== 0 ? 'PSE' : 'PD',
    pseSupported: (support & 0x02) !== 0,
    pseEnabled: (support & 0x04) !== 0,
    pairsControllable: (support & 0x08) !== 0,
    pairs: u8(info, 1),
    powerClass: Math.max(0, u8(info, 2) - 1),
  };
  if (info.length < POWER_AT) return base;
  const flags = u8(info, 3);
  const at: LldpDot3Power = {
    ...base,
    powerType: (flags & 0x80) !== 0 ? 1 : 2,
    powerDevice: (flags & 0x40) !== 0 ? 'PD' : 'PSE',
    powerSource: (flags >> 4) & 0x03,
    powerPriority: POWER_PRIORITIES[flags & 0x03] ?? 'unknown',
    requestedMw: u16(info, 4) * 100,
    allocatedMw: u16(info, 6) * 100,
  };
  return info.length < POWER_BT ? at : { ...at, bt: powerBt(info) };
}

function powerBt(info: Uint8Array): LldpDot3PowerBt {
  const status = u16(info, 16);
  const setup = u8(info, 18);
  return {
    requestedAMw: u16(info, 8) * 100,
    requestedBMw: u16(info, 10) * 100,
    allocatedAMw: u16(info, 12) * 100,
    allocatedBMw: u16(info, 14) * 100,
    psePoweringStatus: status >> 14,
    pdPoweringStatus: (status >> 12) & 0x03,
    psePowerPairsExt: (status >> 10) & 0x03,
    powerClassExtA: (status >> 7) & 0x07,
    powerClassExtB: (status >> 4) & 0x07,
    powerClassExt: status & 0x0f,
    powerTypeExt: (setup >> 1) & 0x07,
    pdLoadIsolated: (setup & 0x01) !== 0,
    pseMaxAvailableMw: u16(info, 19) * 100,
    autoclass: u8(info, 21),
    powerDown: (u8(info, 22) << 16) | u16(info, 23),
  };
}

function reverse16(v: number): number {
  let out = 0;
  for (let i = 0; i < 16; i++) if ((v & (1 << i)) !== 0) out |= 1 << (15 - i);
  return out;
}

function bad(warn: Warn, what: string, length: number): false {
  warn(`802.3 ${what} TLV with ${length} bytes of information; kept raw`);
  return false;
}
