/** The decoded form of a CDP (Cisco Discovery Protocol) v1/v2 PDU. */
import type { CdpAddress } from './cdp-framing.ts';

/** A CDP power request/availability TLV (0x19, 0x1a). */
export interface CdpPowerLevels {
  readonly requestId: number;
  readonly managementId: number;
  readonly levelsMw: readonly number[];
}

/** A decoded CDP PDU. Every TLV is optional: broken frames still decode (with warnings). */
export interface CdpPdu {
  readonly version: number;
  readonly ttlSec: number;
  readonly checksum: number;
  /**
   * Whether the checksum verifies. A bad checksum is reported (here and in the warnings) but the PDU is still
   * decoded: anonymised or edited frames carry stale checksums, and the caller decides whether to trust them.
   */
  readonly checksumValid: boolean;
  readonly deviceId?: string;
  readonly addresses: readonly CdpAddress[];
  readonly portId?: string;
  readonly capabilities?: { readonly bits: number; readonly names: readonly string[] };
  readonly softwareVersion?: string;
  readonly platform?: string;
  /** IP prefixes (type 0x07, ODR): "10.0.0.0/8". */
  readonly ipPrefixes: readonly string[];
  /** Protocol Hello (0x08): OUI, protocol id and the rest as hex (cluster management for 00:00:0c/0x0112). */
  readonly protocolHellos: readonly { readonly oui: string; readonly protocolId: number; readonly hex: string }[];
  readonly vtpDomain?: string;
  readonly nativeVlan?: number;
  readonly duplex?: 'half' | 'full';
  /** Appliance (voice) VLANs (0x0e). */
  readonly applianceVlans: readonly { readonly applianceId: number; readonly vlanId: number }[];
  readonly powerConsumptionMw?: number;
  readonly mtuBytes?: number;
  readonly trustBitmap?: number;
  readonly untrustedPortCos?: number;
  readonly systemName?: string;
  /** System object identifier (0x15) as hex (BER with its tag and length, as devices send it). */
  readonly systemObjectIdHex?: string;
  readonly managementAddresses: readonly CdpAddress[];
  readonly location?: string;
  readonly powerRequested?: CdpPowerLevels;
  readonly powerAvailable?: CdpPowerLevels;
  readonly unknownTlvs: readonly { readonly type: number; readonly hex: string }[];
  /** Bytes of header + TLVs (what the checksum covers). */
  readonly lengthBytes: number;
}
