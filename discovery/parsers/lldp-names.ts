/** Name tables for LLDP fields (IEEE 802.1AB-2016, IEEE 802.3 Clause 79, IANA-MAU-MIB, ANSI/TIA-1057). */

/** Chassis ID subtypes (802.1AB Table 8-2). */
export const CHASSIS_ID_SUBTYPES: readonly string[] = [
  'reserved',
  'chassis-component',
  'interface-alias',
  'port-component',
  'mac',
  'network-address',
  'interface-name',
  'local',
];

/** Port ID subtypes (802.1AB Table 8-3). */
export const PORT_ID_SUBTYPES: readonly string[] = [
  'reserved',
  'interface-alias',
  'port-component',
  'mac',
  'network-address',
  'interface-name',
  'agent-circuit-id',
  'local',
];

/** System capability bits 0–10 (802.1AB Table 8-4). */
export const SYSTEM_CAPABILITIES: readonly string[] = [
  'other',
  'repeater',
  'bridge',
  'wlan-access-point',
  'router',
  'telephone',
  'docsis-cable-device',
  'station-only',
  'c-vlan-component',
  's-vlan-component',
  'two-port-mac-relay',
];

/**
 * PMD auto-negotiation advertised capability (ifMauAutoNegCapAdvertisedBits), index = bit number counted from
 * the most significant bit of the 16-bit field (bit 0 = 0x8000 = "other").
 */
export const PMD_AUTONEG_CAPABILITIES: readonly string[] = [
  'other',
  '10BASE-T hdx',
  '10BASE-T fdx',
  '100BASE-T4',
  '100BASE-TX hdx',
  '100BASE-TX fdx',
  '100BASE-T2 hdx',
  '100BASE-T2 fdx',
  'PAUSE fdx',
  'asymmetric PAUSE fdx',
  'symmetric PAUSE fdx',
  'asymmetric and symmetric PAUSE fdx',
  '1000BASE-X hdx',
  '1000BASE-X fdx',
  '1000BASE-T hdx',
  '1000BASE-T fdx',
];

/** dot3MauType names 1–58 (IANA-MAU-MIB); index = MAU type number. */
const MAU_TYPES: readonly string[] = [
  'unknown', 'AUI', '10Base5', 'FOIRL', '10Base2', '10BaseT', '10BaseFP', '10BaseFB', '10BaseFL', '10Broad36',
  '10BaseTHD', '10BaseTFD', '10BaseFLHD', '10BaseFLFD', '100BaseT4', '100BaseTXHD', '100BaseTXFD', '100BaseFXHD',
  '100BaseFXFD', '100BaseT2HD', '100BaseT2FD', '1000BaseXHD', '1000BaseXFD', '1000BaseLXHD', '1000BaseLXFD',
  '1000BaseSXHD', '1000BaseSXFD', '1000BaseCXHD', '1000BaseCXFD', '1000BaseTHD', '1000BaseTFD', '10GigBaseX',
  '10GigBaseLX4', '10GigBaseR', '10GigBaseER', '10GigBaseLR', '10GigBaseSR', '10GigBaseW', '10GigBaseEW',
  '10GigBaseLW', '10GigBaseSW', '10GigBaseCX4', '2BaseTL', '10PassTS', '100BaseBX10D', '100BaseBX10U',
  '100BaseLX10', '1000BaseBX10D', '1000BaseBX10U', '1000BaseLX10', '1000BasePX10D', '1000BasePX10U',
  '1000BasePX20D', '1000BasePX20U', '10GbaseT', '10GbaseLRM', '1000baseKX', '10GbaseKX4', '10GbaseKR',
];

/** Name of a dot3MauType number ("100BaseTXFD"), or "mau-<n>" for one not in the table. */
export function mauTypeName(type: number): string {
  return MAU_TYPES[type] ?? `mau-${type}`;
}

/** LLDP-MED capability bits 0–5 (TIA-1057 10.2.2.1). */
export const MED_CAPABILITIES: readonly string[] = ['capabilities', 'network-policy', 'location', 'extended-power-pse', 'extended-power-pd', 'inventory'];

/** LLDP-MED device types 0–4. */
export const MED_DEVICE_TYPES: readonly string[] = ['not-defined', 'endpoint-class-1', 'endpoint-class-2', 'endpoint-class-3', 'network-connectivity'];

/** LLDP-MED network policy application types 1–8 (index 0 reserved). */
export const MED_APPLICATION_TYPES: readonly string[] = [
  'reserved',
  'voice',
  'voice-signaling',
  'guest-voice',
  'guest-voice-signaling',
  'softphone-voice',
  'video-conferencing',
  'streaming-video',
  'video-signaling',
];

/** LLDP-MED inventory TLV subtypes 5–11, as the keys of LldpMed.inventory. */
export const MED_INVENTORY_KEYS: Readonly<Record<number, string>> = {
  5: 'hardwareRevision',
  6: 'firmwareRevision',
  7: 'softwareRevision',
  8: 'serialNumber',
  9: 'manufacturer',
  10: 'model',
  11: 'assetId',
};

/** Power priorities of the 802.3at and LLDP-MED power fields. */
export const POWER_PRIORITIES: readonly string[] = ['unknown', 'critical', 'high', 'low'];

/** Names of the set bits of `bits`, bit 0 = least significant, with `bit-<n>` for bits beyond the table. */
export function bitNames(bits: number, names: readonly string[], width = 16): string[] {
  const out: string[] = [];
  for (let bit = 0; bit < width; bit++) if ((bits & (1 << bit)) !== 0) out.push(names[bit] ?? `bit-${bit}`);
  return out;
}
