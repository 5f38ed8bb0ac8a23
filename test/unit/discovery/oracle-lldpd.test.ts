/**
 * lldpd 1.0.16's own decoding of the frames a live lldpd sent (test/fixtures/lldp-cdp/lldpd-live/*.kv, from
 * `lldpcli -f keyvalue show neighbors hidden details`): for every neighbour lldpd reports (LLDP, CDPv1/v2, FDP, EDP,
 * SONMP) our decoding of the same kind of frame yields the same key/values, rendered the way lldpcli renders them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { decodeDiscoveryFrame, readCapture, type DiscoveryFrame } from '../../../discovery/parsers/frames.ts';
import { FIXTURES, fixture } from '../../helpers/discovery-oracles.ts';

const MED_DEVICE_TYPES: Readonly<Record<string, string>> = { 'network-connectivity': 'Network Connectivity Device', 'endpoint-class-1': 'Generic Endpoint (Class I)' };
const CIVIC_KEYS: Readonly<Record<number, string>> = { 3: 'city', 6: 'street', 19: 'number' };
const yesNo = (b: boolean | undefined): string => (b === true ? 'yes' : 'no');
const bytesList = (hex: string): string => (hex.match(/../g) ?? []).map((h) => parseInt(h, 16).toString(16)).join(',');

/** Our decoding as lldpcli key/values (only keys we can render; the test compares those lldpd printed). */
function asLldpcli(v: DiscoveryFrame): Map<string, string> {
  const kv = new Map<string, string>();
  const put = (key: string, value: string | number | undefined): void => {
    if (value !== undefined) kv.set(key, String(value));
  };
  switch (v.protocol) {
    case 'lldp': {
      const l = v.lldp;
      if (l.chassisId?.subtypeName === 'mac') put('chassis.mac', l.chassisId.value);
      put('chassis.name', l.systemName);
      put('chassis.descr', l.systemDescription);
      put('chassis.mgmt-ip', l.managementAddresses[0]?.address);
      put('chassis.mgmt-iface', l.managementAddresses[0]?.interfaceNumber);
      for (const [name, bit] of [['Bridge', 'bridge'], ['Router', 'router'], ['Wlan', 'wlan-access-point'], ['Station', 'station-only']] as const) {
        if (l.capabilities?.supported.includes(bit) === true) put(`chassis.${name}.enabled`, l.capabilities.enabled.includes(bit) ? 'on' : 'off');
      }
      if (l.portId?.subtypeName === 'interface-name') put('port.ifname', l.portId.value);
      put('port.descr', l.portDescription);
      put('port.ttl', l.ttlSec);
      put('port.auto-negotiation.supported', yesNo(l.dot3.macPhy?.autonegSupported));
      put('port.auto-negotiation.enabled', yesNo(l.dot3.macPhy?.autonegEnabled));
      const power = l.dot3.power;
      if (power !== undefined) {
        put('port.power.supported', yesNo(power.pseSupported));
        put('port.power.enabled', yesNo(power.pseEnabled));
        put('port.power.paircontrol', yesNo(power.pairsControllable));
        put('port.power.device-type', power.portClass);
        put('port.power.pairs', power.pairs === 1 ? 'signal' : 'spare');
        put('port.power.class', `class ${power.powerClass}`);
      }
      put('lldp-med.device-type', MED_DEVICE_TYPES[l.med.capabilities?.deviceTypeName ?? '']);
      const policy = l.med.networkPolicies[0];
      if (policy !== undefined) {
        put('lldp-med.policy.apptype', policy.applicationName === 'voice' ? 'Voice' : policy.applicationName);
        put('lldp-med.policy.defined', yesNo(!policy.unknownPolicy));
        put('lldp-med.policy.vlan.vid', policy.vlanId);
        put('lldp-med.policy.pcp', policy.priority);
        put('lldp-med.policy.dscp', policy.dscp);
      }
      const civic = l.med.locations.find((x) => x.format === 'civic');
      if (civic?.format === 'civic') {
        put('lldp-med.Civic address.country', civic.countryCode);
        for (const e of civic.elements) put(`lldp-med.Civic address.${CIVIC_KEYS[e.type] ?? e.type}`, e.value);
      }
      put('lldp-med.inventory.software', l.med.inventory.softwareRevision);
      put('lldp-med.inventory.serial', l.med.inventory.serialNumber);
      put('lldp-med.inventory.model', l.med.inventory.model);
      const custom = l.unknownOrgTlvs[0];
      if (custom !== undefined) {
        put('unknown-tlvs.unknown-tlv.oui', bytesList(custom.oui.replace(/:/g, '')));
        put('unknown-tlvs.unknown-tlv.subtype', custom.subtype);
        put('unknown-tlvs.unknown-tlv.len', custom.hex.length / 2);
        put('unknown-tlvs.unknown-tlv', bytesList(custom.hex));
      }
      break;
    }
    case 'cdp':
    case 'fdp': {
      const c = v.protocol === 'cdp' ? v.cdp : v.fdp;
      put('chassis.name', c.deviceId);
      put('chassis.local', c.deviceId);
      put('chassis.descr', `${c.platform ?? ''} running on ${c.softwareVersion ?? ''}`);
      put('chassis.mgmt-ip', c.addresses[0]?.address);
      put('port.ifname', c.portId);
      put('port.descr', c.portId);
      put('port.ttl', c.ttlSec);
      break;
    }
    case 'edp': {
      const e = v.edp;
      put('chassis.mac', e.machineMac);
      put('chassis.name', e.displayName);
      put('chassis.descr', e.info === undefined ? undefined : `EDP enabled device, version ${e.info.version}`);
      put('port.ifname', e.info === undefined ? undefined : `${e.info.slot}/${e.info.port}`);
      put('port.descr', e.info === undefined ? undefined : `Slot ${e.info.slot} / Port ${e.info.port}`);
      break;
    }
    case 'sonmp': {
      const s = v.sonmp;
      put('chassis.ip', s.ip);
      put('chassis.mgmt-ip', s.ip);
      put('port.local', s.segmentId.toString(16).padStart(6, '0').replace(/(..)(?!$)/g, '$1-'));
      put('port.descr', `port ${s.port}`);
      break;
    }
    case 'none':
      break;
  }
  return kv;
}

/** lldpcli key/value output split into one map per neighbour, keyed by its `via`. */
function neighbours(file: string): { via: string; kv: Map<string, string> }[] {
  const out: { via: string; kv: Map<string, string> }[] = [];
  for (const line of readFileSync(join(FIXTURES, file), 'utf8').split('\n')) {
    const m = /^lldp\.[^.]+\.(.+?)=(.*)$/.exec(line);
    if (m?.[1] === undefined || m[2] === undefined) continue;
    if (m[1] === 'via') out.push({ via: m[2], kv: new Map() });
    else out.at(-1)?.kv.set(m[1], m[2]);
  }
  return out;
}

const VIA: Readonly<Record<string, (v: DiscoveryFrame) => boolean>> = {
  LLDP: (v) => v.protocol === 'lldp',
  CDPv1: (v) => v.protocol === 'cdp' && v.cdp.version === 1,
  CDPv2: (v) => v.protocol === 'cdp' && v.cdp.version === 2,
  FDP: (v) => v.protocol === 'fdp',
  EDP: (v) => v.protocol === 'edp',
  SONMP: (v) => v.protocol === 'sonmp',
};

for (const name of ['lldpd-1.0.16-all-protocols', 'lldpd-1.0.16-cdpv1-med1']) {
  test(`lldpd oracle: ${name}`, (t) => {
    const decoded = readCapture(fixture(`lldpd-live/${name}.pcap`)).value.frames.map((f) => decodeDiscoveryFrame(f.data, f.linkType).value);
    const seen = neighbours(`lldpd-live/${name}.lldpcli-neighbors-hidden.kv`);
    t.true(seen.length >= 2);
    for (const { via, kv } of seen) {
      const ours = decoded.find((v) => VIA[via]?.(v) === true);
      if (ours === undefined) return t.fail(`no ${via} frame decoded`);
      const mine = asLldpcli(ours);
      const compared = [...kv.keys()].filter((k) => mine.has(k));
      t.deepEqual(new Map(compared.map((k) => [k, mine.get(k)])), new Map(compared.map((k) => [k, kv.get(k)])), via);
      t.true(compared.length >= 3, `${via}: ${compared.length} keys compared`);
    }
  });
}
