/** The decoded form of an LLDPDU (IEEE 802.1AB-2016) with its 802.1, 802.3 and LLDP-MED (ANSI/TIA-1057) extensions. */

/** A chassis or port identifier with its subtype, formatted the usual way for that subtype. */
export interface LldpId {
  readonly subtype: number;
  /** 'mac', 'network-address', 'interface-name', 'interface-alias', 'local', 'chassis-component', … */
  readonly subtypeName: string;
  /** MAC as aa:bb:cc:dd:ee:ff, network address as IP text, names as text, agent circuit id / unknown as hex. */
  readonly value: string;
  /** The identifier bytes after the subtype, as hex (what the neighbour really sent). */
  readonly hex: string;
}

/** System capabilities: bit numbers per IEEE 802.1AB Table 8-4, named. */
export interface LldpCapabilities {
  readonly supportedBits: number;
  readonly enabledBits: number;
  readonly supported: readonly string[];
  readonly enabled: readonly string[];
}

/** One Management Address TLV. */
export interface LldpManagementAddress {
  /** IANA address family number (1 IPv4, 2 IPv6, 6 IEEE 802 MAC). */
  readonly family: number;
  /** IP text for IPv4/IPv6, aa:bb:… for 802 MAC, hex otherwise. */
  readonly address: string;
  /** 1 unknown, 2 ifIndex, 3 system port number. */
  readonly interfaceSubtype: number;
  readonly interfaceNumber: number;
  /** Dotted OID text, when one was sent. */
  readonly oid?: string;
}

/** Any TLV kept as it came: unknown types, reserved types, and TLVs too malformed to decode. */
export interface LldpRawTlv {
  readonly type: number;
  readonly hex: string;
}

/** An organizationally specific TLV we do not decode (or could not), kept raw. */
export interface LldpRawOrgTlv {
  readonly oui: string;
  readonly subtype: number;
  readonly hex: string;
}

/** IEEE 802.1 extensions (OUI 00:80:c2). */
export interface LldpDot1 {
  readonly portVlanId?: number;
  readonly protocolVlans: readonly { readonly vlanId: number; readonly supported: boolean; readonly enabled: boolean }[];
  readonly vlanNames: readonly { readonly vlanId: number; readonly name: string }[];
  /** Protocol identity TLVs as hex (e.g. the first bytes of a protocol's frames). */
  readonly protocolIdentities: readonly string[];
  readonly linkAggregation?: LldpLinkAggregation;
}

/** Link aggregation (802.1 subtype 7, or the deprecated 802.3 subtype 3). */
export interface LldpLinkAggregation {
  readonly capable: boolean;
  readonly enabled: boolean;
  /** 802.1AX port type bits (0 when not sent / 802.3 form): 1 aggregator, 2 aggregation port, 3 both. */
  readonly portType: number;
  /** ifIndex of the aggregated port (0 when not aggregated). */
  readonly aggregatedPortId: number;
}

/** IEEE 802.3 extensions (OUI 00:12:0f). */
export interface LldpDot3 {
  readonly macPhy?: {
    readonly autonegSupported: boolean;
    readonly autonegEnabled: boolean;
    /** ifMauAutoNegCapAdvertisedBits as sent (bit 15 of the field = "other"). */
    readonly advertisedBits: number;
    readonly advertised: readonly string[];
    /** dot3MauType number of the operational MAU and its name (IANA-MAU-MIB). */
    readonly mauType: number;
    readonly mauTypeName: string;
  };
  readonly power?: LldpDot3Power;
  readonly linkAggregation?: LldpLinkAggregation;
  readonly maxFrameSizeBytes?: number;
}

/** Power via MDI (802.3 subtype 2), with the 802.3at and 802.3bt extensions when the TLV is long enough. */
export interface LldpDot3Power {
  readonly portClass: 'PSE' | 'PD';
  readonly pseSupported: boolean;
  readonly pseEnabled: boolean;
  readonly pairsControllable: boolean;
  /** 1 signal pairs, 2 spare pairs. */
  readonly pairs: number;
  /** Power class 0–4 (the TLV sends class + 1). */
  readonly powerClass: number;
  /** 802.3at: type 1 or type 2 device. */
  readonly powerType?: 1 | 2;
  /** 802.3at: whether the type/source/priority byte describes a PSE or a PD. */
  readonly powerDevice?: 'PSE' | 'PD';
  /** 802.3at power source, 0–3 (meaning depends on powerDevice: PSE 1 primary, 2 backup; PD 1 PSE, 2 local, 3 both). */
  readonly powerSource?: number;
  /** 'unknown' | 'critical' | 'high' | 'low'. */
  readonly powerPriority?: string;
  readonly requestedMw?: number;
  readonly allocatedMw?: number;
  readonly bt?: LldpDot3PowerBt;
}

/** 802.3bt additions to Power via MDI (field values as sent; powers in mW). */
export interface LldpDot3PowerBt {
  readonly requestedAMw: number;
  readonly requestedBMw: number;
  readonly allocatedAMw: number;
  readonly allocatedBMw: number;
  /** 1 2-pair powering, 2 4-pair single-signature PD, 3 4-pair dual-signature PD (0 unknown). */
  readonly psePoweringStatus: number;
  readonly pdPoweringStatus: number;
  /** 1 alternative A, 2 alternative B, 3 both. */
  readonly psePowerPairsExt: number;
  readonly powerClassExtA: number;
  readonly powerClassExtB: number;
  /** 1–8 class, 15 dual-signature PD. */
  readonly powerClassExt: number;
  /** 0 type 3 PSE, 1 type 3 PD, 2 type 4 PSE, 3 type 4 PD. */
  readonly powerTypeExt: number;
  /** PD load bit: the PD is single/dual-signature and its power is electrically isolated. */
  readonly pdLoadIsolated: boolean;
  readonly pseMaxAvailableMw: number;
  readonly autoclass: number;
  readonly powerDown: number;
}

/** LLDP-MED (TIA-1057, OUI 00:12:bb). */
export interface LldpMed {
  readonly capabilities?: { readonly bits: number; readonly names: readonly string[]; readonly deviceType: number; readonly deviceTypeName: string };
  readonly networkPolicies: readonly LldpMedNetworkPolicy[];
  readonly locations: readonly LldpMedLocation[];
  readonly extendedPower?: {
    /** 0 PSE, 1 PD (with the two reserved values 2, 3). */
    readonly powerType: number;
    readonly powerSource: number;
    readonly powerPriority: number;
    readonly powerMw: number;
  };
  /** Inventory strings: hardwareRevision, firmwareRevision, softwareRevision, serialNumber, manufacturer, model, assetId. */
  readonly inventory: Readonly<Record<string, string>>;
}

/** One LLDP-MED network policy. */
export interface LldpMedNetworkPolicy {
  readonly applicationType: number;
  readonly applicationName: string;
  readonly unknownPolicy: boolean;
  readonly tagged: boolean;
  readonly vlanId: number;
  readonly priority: number;
  readonly dscp: number;
}

/** One LLDP-MED location: coordinates, civic address or emergency number. */
export type LldpMedLocation =
  | { readonly format: 'coordinate'; readonly latitude: number; readonly longitude: number; readonly altitude: number; readonly altitudeType: number; readonly datum: number; readonly hex: string }
  | { readonly format: 'civic'; readonly what: number; readonly countryCode: string; readonly elements: readonly { readonly type: number; readonly value: string }[] }
  | { readonly format: 'elin'; readonly elin: string }
  | { readonly format: 'unknown'; readonly formatNumber: number; readonly hex: string };

/** A decoded LLDPDU. The mandatory TLVs are optional here because broken frames still decode (with warnings). */
export interface LldpPdu {
  readonly chassisId?: LldpId;
  readonly portId?: LldpId;
  readonly ttlSec?: number;
  /** TTL 0: the neighbour is shutting this port down and must be forgotten. */
  readonly shutdown: boolean;
  readonly portDescription?: string;
  readonly systemName?: string;
  readonly systemDescription?: string;
  readonly capabilities?: LldpCapabilities;
  readonly managementAddresses: readonly LldpManagementAddress[];
  readonly dot1: LldpDot1;
  readonly dot3: LldpDot3;
  readonly med: LldpMed;
  readonly unknownTlvs: readonly LldpRawTlv[];
  readonly unknownOrgTlvs: readonly LldpRawOrgTlv[];
  /** Bytes of the LLDPDU up to and including the End TLV (the rest of the frame is padding). */
  readonly lengthBytes: number;
}
