/**
 * The fields every discovery protocol has in common, in one shape (issue 6: "one record per frame with protocol,
 * version, chassis id + subtype, port id + subtype, TTL, system name/description, capabilities, management
 * addresses, VLANs"): what a switch-port mapping needs, whatever the switch speaks. The protocol's full decoding
 * stays beside it (`DiscoveryFrame`) for the other TLVs.
 *
 * Mapping of the non-LLDP protocols follows lldpd (cdp.c, edp.c, sonmp.c), so the values agree with
 * `lldpcli show neighbors`: CDP/FDP device id → chassis id (subtype `local`), CDP/FDP port id → port id (subtype
 * `ifname`), CDP/FDP software version → system description; EDP machine MAC → chassis id (`mac`), slot/port →
 * port id (`interface-name`, "slot/port", 1-based); SONMP IP → chassis id (`network-address`), segment id → port id
 * (`local`, 6 hex digits) and "port slot/port" → port description.
 */
import type { DiscoveryFrame } from './discovery-frame.ts';
import { opt } from './optional.ts';

/** A chassis or port identifier with its subtype name (LLDP's names; see lldp-ids.ts). */
export interface NeighbourId {
  readonly subtype: string;
  readonly value: string;
}

/** The common summary of one discovery frame. */
export interface Neighbour {
  readonly protocol: Exclude<DiscoveryFrame['protocol'], 'none'>;
  /** Protocol version (LLDP: 1; CDP/FDP/EDP: the header's; SONMP: 1). */
  readonly version: number;
  /** Source MAC of the frame (the sending port), when the capture recorded it. */
  readonly sourceMac?: string;
  readonly chassisId?: NeighbourId;
  readonly portId?: NeighbourId;
  /** Seconds the information stays valid (0 = withdraw); SONMP has none and uses lldpd's 360 s hold time. */
  readonly ttlSec?: number;
  readonly systemName?: string;
  readonly systemDescription?: string;
  readonly portDescription?: string;
  /** Capability names (enabled ones for LLDP). */
  readonly capabilities: readonly string[];
  readonly managementAddresses: readonly string[];
  /** Port (native) VLAN id, when the frame says. */
  readonly portVlanId?: number;
  /** Every VLAN id the frame names, ascending, without duplicates. */
  readonly vlans: readonly number[];
  readonly platform?: string;
}

/** lldpd's hold time for SONMP neighbours (SONMP has no TTL field). */
export const SONMP_HOLD_SEC = 360;

/** The common summary of a decoded frame; undefined for a frame of no discovery protocol. */
export function neighbourOf(frame: DiscoveryFrame): Neighbour | undefined {
  const mac = frame.link.source === undefined ? {} : { sourceMac: frame.link.source };
  switch (frame.protocol) {
    case 'lldp': {
      const p = frame.lldp;
      const vlans = [...p.dot1.vlanNames.map((v) => v.vlanId), ...p.dot1.protocolVlans.map((v) => v.vlanId), ...p.med.networkPolicies.map((n) => n.vlanId)];
      if (p.dot1.portVlanId !== undefined) vlans.push(p.dot1.portVlanId);
      return {
        protocol: 'lldp',
        version: 1,
        ...mac,
        ...(p.chassisId === undefined ? {} : { chassisId: { subtype: p.chassisId.subtypeName, value: p.chassisId.value } }),
        ...(p.portId === undefined ? {} : { portId: { subtype: p.portId.subtypeName, value: p.portId.value } }),
        ...opt('ttlSec', p.ttlSec),
        ...opt('systemName', p.systemName),
        ...opt('systemDescription', p.systemDescription),
        ...opt('portDescription', p.portDescription),
        capabilities: p.capabilities?.enabled ?? [],
        managementAddresses: unique(p.managementAddresses.map((m) => m.address)),
        ...opt('portVlanId', p.dot1.portVlanId),
        vlans: sortedVlans(vlans),
      };
    }
    case 'cdp': {
      const p = frame.cdp;
      return {
        protocol: 'cdp',
        version: p.version,
        ...mac,
        ...(p.deviceId === undefined ? {} : { chassisId: { subtype: 'local', value: p.deviceId } }),
        ...(p.portId === undefined ? {} : { portId: { subtype: 'interface-name', value: p.portId } }),
        ttlSec: p.ttlSec,
        ...opt('systemName', p.systemName ?? p.deviceId),
        ...opt('systemDescription', p.softwareVersion),
        ...opt('portDescription', p.portId),
        capabilities: p.capabilities?.names ?? [],
        managementAddresses: unique([...p.managementAddresses, ...p.addresses].filter((a) => a.protocol === 'ipv4' || a.protocol === 'ipv6').map((a) => a.address)),
        ...opt('portVlanId', p.nativeVlan),
        vlans: sortedVlans([...(p.nativeVlan === undefined ? [] : [p.nativeVlan]), ...p.applianceVlans.map((v) => v.vlanId)]),
        ...opt('platform', p.platform),
      };
    }
    case 'fdp': {
      const p = frame.fdp;
      return {
        protocol: 'fdp',
        version: p.version,
        ...mac,
        ...(p.deviceId === undefined ? {} : { chassisId: { subtype: 'local', value: p.deviceId } }),
        ...(p.portId === undefined ? {} : { portId: { subtype: 'interface-name', value: p.portId } }),
        ttlSec: p.ttlSec,
        ...opt('systemName', p.deviceId),
        ...opt('systemDescription', p.softwareVersion),
        ...opt('portDescription', p.portId),
        capabilities: p.capabilities === undefined ? [] : [p.capabilities],
        managementAddresses: unique(p.addresses.filter((a) => a.protocol === 'ipv4' || a.protocol === 'ipv6').map((a) => a.address)),
        ...opt('portVlanId', p.tagging?.nativeVlan),
        vlans: sortedVlans([...p.vlans, ...(p.tagging === undefined ? [] : [p.tagging.nativeVlan])]),
        ...opt('platform', p.platform),
      };
    }
    case 'edp': {
      const p = frame.edp;
      return {
        protocol: 'edp',
        version: p.version,
        ...mac,
        chassisId: { subtype: 'mac', value: p.machineMac },
        ...(p.info === undefined ? {} : { portId: { subtype: 'interface-name', value: `${p.info.slot}/${p.info.port}` } }),
        ...opt('systemName', p.displayName),
        ...(p.info === undefined ? {} : { systemDescription: `EDP enabled device, version ${p.info.version}` }),
        capabilities: [],
        managementAddresses: unique(p.vlans.flatMap((v) => (v.ip === undefined || v.ip === '0.0.0.0' ? [] : [v.ip]))),
        vlans: sortedVlans(p.vlans.map((v) => v.vlanId)),
      };
    }
    case 'sonmp': {
      const p = frame.sonmp;
      return {
        protocol: 'sonmp',
        version: 1,
        ...mac,
        chassisId: { subtype: 'network-address', value: p.ip },
        portId: { subtype: 'local', value: p.segmentId.toString(16).padStart(6, '0') },
        ttlSec: SONMP_HOLD_SEC,
        portDescription: `port ${p.slot}/${p.port}`,
        capabilities: [],
        managementAddresses: [p.ip],
        vlans: [],
      };
    }
    case 'none':
      return undefined;
  }
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)];
}

function sortedVlans(list: readonly number[]): number[] {
  return [...new Set(list)].sort((a, b) => a - b);
}
