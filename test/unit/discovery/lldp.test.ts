/**
 * LLDP field decoding against hand-transcribed oracles: gopacket's expected struct (Siemens SCALANCE), lldpd's
 * expectations for 8023bt.pcap and med-loc-malformed.pcap (lldpd-test_pcap-expected.txt), the receiving lldpd's
 * key/values for the lldpd-live frames (*.lldpcli-neighbors-hidden.kv), and tcpdump's output for the others.
 */
import test from 'ava';
import { decodeDiscoveryFrame, decodeLldp, FrameDecodeError, readCapture, type LldpPdu } from '../../../discovery/parsers/frames.ts';
import { fixture } from '../../helpers/discovery-oracles.ts';

function lldpOf(capture: string, frameNumber = 1): { value: LldpPdu; warnings: readonly string[] } {
  const frame = readCapture(fixture(capture)).value.frames[frameNumber - 1];
  if (frame === undefined) throw new Error(`${capture} has no frame ${frameNumber}`);
  const { value, warnings } = decodeDiscoveryFrame(frame.data, frame.linkType);
  if (value.protocol !== 'lldp') throw new Error(`${capture} #${frameNumber} is ${value.protocol}`);
  return { value: value.lldp, warnings };
}

test('gopacket Siemens SCALANCE X212: local ids, station-only, management address with OID, raw PROFINET TLVs', (t) => {
  const { value: v, warnings } = lldpOf('gopacket/gopacket-lldp-siemens-scalance-x212.pcap');
  t.deepEqual(warnings, []);
  t.like(v.chassisId, { subtype: 7, subtypeName: 'local', value: 'switch1' });
  t.like(v.portId, { subtype: 7, subtypeName: 'local', value: 'port-001' });
  t.is(v.ttlSec, 20);
  t.is(v.portDescription, 'Siemens, SIMATIC NET, Ethernet Switch Port 01');
  t.is(v.systemName, 'Switch1');
  t.is(v.systemDescription, 'Siemens, SIMATIC NET, SCALANCE X212-2, 6GK5 212-2BB00-2AA3, HW: 7, FW: V4.02');
  t.deepEqual(v.capabilities, { supportedBits: 0x80, enabledBits: 0x80, supported: ['station-only'], enabled: ['station-only'] });
  t.deepEqual(v.managementAddresses, [{ family: 1, address: '141.81.0.190', interfaceSubtype: 2, interfaceNumber: 1, oid: '1.3.6.1.4.1.24686' }]);
  t.deepEqual(v.unknownOrgTlvs, [
    { oui: '00:0e:cf', subtype: 2, hex: '00000000' },
    { oui: '00:0e:cf', subtype: 5, hex: '001b1b02e61e' },
  ]);
  t.deepEqual(v.dot3.macPhy, {
    autonegSupported: true,
    autonegEnabled: true,
    advertisedBits: 0x6c00,
    advertised: ['10BASE-T hdx', '10BASE-T fdx', '100BASE-TX hdx', '100BASE-TX fdx'],
    mauType: 16,
    mauTypeName: '100BaseTXFD',
  });
});

test('Cisco 3560 (tcpdump LLDP_and_CDP): interface-alias and local port ids, LF in sysdesc, PMD 0xc036 names', (t) => {
  const s2 = lldpOf('tcpdump/LLDP_and_CDP.pcap', 3).value;
  t.like(s2.chassisId, { subtypeName: 'mac', value: '00:19:2f:a7:b2:8d' });
  t.like(s2.portId, { subtype: 1, subtypeName: 'interface-alias', value: 'Uplink to S1' });
  t.true(s2.systemDescription?.includes('(fc1)\nCopyright (c) 1986-2008'));
  t.deepEqual(s2.capabilities?.supported, ['bridge', 'router']);
  t.deepEqual(s2.capabilities?.enabled, ['bridge']);
  t.is(s2.dot1.portVlanId, 1);
  t.deepEqual(s2.dot3.macPhy?.advertised, ['other', '10BASE-T hdx', 'symmetric PAUSE fdx', 'asymmetric and symmetric PAUSE fdx', '1000BASE-X fdx', '1000BASE-T hdx']);
  t.is(s2.dot3.macPhy?.mauTypeName, '100BaseTXFD');
  const s1 = lldpOf('tcpdump/LLDP_and_CDP.pcap', 4).value;
  t.like(s1.portId, { subtype: 7, subtypeName: 'local', value: 'Fa0/13' });
});

test('802.3bt power via MDI matches lldpd (8023bt.pcap)', (t) => {
  const { value: v } = lldpOf('lldpd/8023bt.pcap');
  t.deepEqual(v.dot3.power, {
    portClass: 'PSE',
    pseSupported: true,
    pseEnabled: true,
    pairsControllable: true,
    pairs: 1,
    powerClass: 4,
    powerType: 2,
    powerDevice: 'PSE',
    powerSource: 1,
    powerPriority: 'low',
    requestedMw: 71_000,
    allocatedMw: 51_000,
    bt: {
      requestedAMw: 35_500,
      requestedBMw: 35_500,
      allocatedAMw: 25_500,
      allocatedBMw: 25_500,
      psePoweringStatus: 3, // 4-pair powering dual-signature PD
      pdPoweringStatus: 0,
      psePowerPairsExt: 3, // both alternatives
      powerClassExtA: 4,
      powerClassExtB: 4,
      powerClassExt: 15, // dual-signature PD
      powerTypeExt: 0, // type 3 PSE
      pdLoadIsolated: false,
      pseMaxAvailableMw: 51_000,
      autoclass: 0,
      powerDown: 0,
    },
  });
  t.is(v.dot3.macPhy?.mauTypeName, '1000BaseTFD');
  t.deepEqual(v.unknownOrgTlvs, [{ oui: '00:01:42', subtype: 1, hex: '09' }]); // Cisco UPOE, kept raw
});

test('LLDP-MED with a truncated civic address decodes what is there (med-loc-malformed.pcap, lldpd oracle)', (t) => {
  const { value: v, warnings } = lldpOf('lldpd/med-loc-malformed.pcap');
  t.like(v.med.capabilities, { deviceType: 3, deviceTypeName: 'endpoint-class-3' });
  t.true(['capabilities', 'network-policy', 'location', 'inventory'].every((n) => v.med.capabilities?.names.includes(n)));
  t.like(v.med.networkPolicies[0], { applicationName: 'voice', unknownPolicy: false, priority: 0, dscp: 0 });
  t.like(v.med.locations[0], { format: 'civic', countryCode: 'F5' });
  t.true(warnings.some((w) => w.includes('civic location')));
});

test('lldpd 1.0.16 live frame: MED policy, civic location, inventory, dot3 power, MAU, custom TLV as lldpd decoded it', (t) => {
  const { value: v } = lldpOf('lldpd-live/lldpd-1.0.16-all-protocols.pcap');
  t.like(v.chassisId, { subtypeName: 'mac', value: '02:00:5e:00:0a:01' });
  t.like(v.portId, { subtypeName: 'interface-name', value: 'vethA' });
  t.is(v.ttlSec, 20);
  t.is(v.systemName, 'sw-a.lab.example');
  t.is(v.systemDescription, 'Example Switch A, firmware 1.2.3');
  t.is(v.portDescription, 'Uplink to host B');
  t.deepEqual(v.managementAddresses, [{ family: 1, address: '198.18.0.1', interfaceSubtype: 2, interfaceNumber: 2 }]);
  t.deepEqual(v.capabilities?.enabled, ['station-only']);
  t.like(v.dot3.macPhy, { autonegSupported: false, autonegEnabled: false, mauType: 54, mauTypeName: '10GbaseT' });
  t.like(v.dot3.power, { portClass: 'PSE', pseSupported: true, pseEnabled: true, pairsControllable: true, pairs: 2, powerClass: 3 });
  t.is(v.med.capabilities?.deviceTypeName, 'network-connectivity');
  t.deepEqual(v.med.networkPolicies, [{ applicationType: 1, applicationName: 'voice', unknownPolicy: false, tagged: true, vlanId: 500, priority: 5, dscp: 46 }]);
  t.deepEqual(v.med.locations, [
    { format: 'civic', what: 2, countryCode: 'US', elements: [{ type: 3, value: 'Roseville' }, { type: 6, value: 'Commercial Road' }, { type: 19, value: '8000' }] },
  ]);
  t.deepEqual(v.med.inventory, { softwareRevision: '1.2.3', serialNumber: 'SN0001', model: 'X1-24' });
  t.deepEqual(v.unknownOrgTlvs, [{ oui: '33:44:55', subtype: 44, hex: '55555555' }]);
});

test('HP ProCurve LLDP-MED: extended power, policy on VLAN 50, civic address elements', (t) => {
  const { value: v, warnings } = lldpOf('ladvd/good/lldp-43.good.lldpmed.pcap');
  t.deepEqual(warnings, []);
  t.deepEqual(v.med.extendedPower, { powerType: 0, powerSource: 0, powerPriority: 3, powerMw: 6500 });
  t.like(v.med.networkPolicies[0], { vlanId: 50, tagged: true, priority: 6, dscp: 46 });
  t.like(v.med.locations[0], { format: 'civic', countryCode: 'US', elements: [{ type: 1, value: 'CA' }, { type: 3, value: 'Roseville' }, { type: 6, value: 'Foothills' }, { type: 19, value: '8000' }, { type: 26, value: 'R3L' }] });
});

test('802.1 and 802.3 link aggregation, max frame size, VLAN names, 802 MAC management address', (t) => {
  t.deepEqual(lldpOf('tcpdump/lldp_8021_linkagg.pcap', 1).value.dot1.linkAggregation, { capable: true, enabled: true, portType: 0, aggregatedPortId: 100 });
  t.deepEqual(lldpOf('tcpdump/lldp_8021_linkagg.pcap', 2).value.dot1.linkAggregation, { capable: true, enabled: false, portType: 0, aggregatedPortId: 0 });
  const summit = lldpOf('ladvd/good/lldp-42.good.big.pcap').value;
  t.deepEqual(summit.dot3.linkAggregation, { capable: true, enabled: false, portType: 0, aggregatedPortId: 0 });
  t.is(summit.dot3.maxFrameSizeBytes, 1522);
  t.is(summit.dot1.portVlanId, 488);
  t.deepEqual(summit.dot1.vlanNames, [{ vlanId: 488, name: 'v2-0488-03-0505' }]);
  t.like(summit.managementAddresses[0], { family: 6, address: '00:01:30:f9:ad:a0' });
  t.is(summit.systemName, 'Summit300-48'); // NUL-terminated inside the TLV
});

test('port-and-protocol VLANs and protocol identities (lldpad, dcb_ets.pcap)', (t) => {
  const { value: v } = lldpOf('tcpdump/dcb_ets.pcap', 3);
  t.true(v.dot1.protocolVlans.length > 0);
  t.true(v.dot1.protocolIdentities.length > 0);
  t.deepEqual(v.dot1.vlanNames, [{ vlanId: 1, name: 'default' }]);
  t.true(v.unknownOrgTlvs.some((o) => o.oui === '00:80:c2' && o.subtype === 9)); // DCBX ETS kept raw
});

test('IPv4 + IPv6 management addresses and the MUD-URL TLV kept raw (lldp_mudurl.pcap)', (t) => {
  const { value: v } = lldpOf('tcpdump/lldp_mudurl.pcap');
  t.deepEqual(v.managementAddresses.map((a) => a.address), ['62.12.173.114', '2001:8a8:1006:4:223:54ff:fec2:5702']);
  const mud = v.unknownOrgTlvs.find((o) => o.oui === '00:00:5e');
  t.is(Buffer.from(mud?.hex ?? '', 'hex').toString(), 'https://imright.mud.example.com/.well-known/mud/v1/vomitv2.0');
});

test('TTL 0 is a shutdown LLDPDU; repeated TTL TLVs keep the first and warn', (t) => {
  const shutdown = lldpOf('ladvd/good/lldp-50.good.shutdown.pcap').value;
  t.is(shutdown.ttlSec, 0);
  t.true(shutdown.shutdown);
  const minimal = lldpOf('ladvd/original/lldp-pcap-lldp.minimal.pcap');
  t.is(minimal.value.ttlSec, 120);
  t.false(minimal.value.shutdown);
  t.is(minimal.warnings.filter((w) => w.startsWith('TTL TLV repeated')).length, 3);
});

test('chassis id subtypes: chassis component, network address (IPv4 and unknown family), binary shown as hex', (t) => {
  t.like(lldpOf('ladvd/good/lldp-51.good.chassis.pcap').value.chassisId, { subtype: 1, subtypeName: 'chassis-component', value: 'foobar' });
  t.like(lldpOf('tcpdump/malformed/lldp_asan.pcap').value.chassisId, { subtype: 5, subtypeName: 'network-address', value: '0.0.32.0' });
  const odd = lldpOf('ladvd/good/lldp-52.good.chassis.pcap');
  t.like(odd.value.chassisId, { subtypeName: 'network-address', value: '6f6f6261' });
  t.true(odd.warnings.some((w) => w.includes('network address family')));
  t.like(lldpOf('lldpd/med-loc-malformed.pcap').value.chassisId, { subtypeName: 'chassis-component', value: '0a:c0:de:9d:0a:74' });
  t.like(lldpOf('lldpd/connectx.pcap').value.portId, { subtypeName: 'mac', value: '50:6b:4b:f6:1e:b1' });
});

test('missing mandatory TLVs and bad ordering are warnings; a TLV past the end is DISC_FRAME_TRUNCATED', (t) => {
  const agg = lldpOf('tcpdump/lldp_8021_linkagg.pcap');
  t.is(agg.value.chassisId, undefined);
  t.true(['missing Chassis ID TLV', 'missing Port ID TLV', 'missing Time To Live TLV', 'no End of LLDPDU TLV'].every((w) => agg.warnings.includes(w)));
  const cut = Uint8Array.from([0x02, 0x07, 0x04, 0x00, 0x01]); // chassis id TLV announcing 7 bytes, 3 present
  const error = t.throws(() => decodeLldp(cut), { instanceOf: FrameDecodeError });
  t.is(error.code, 'DISC_FRAME_TRUNCATED');
  t.like(error.details, { offset: 2, needed: 7, available: 3 });
});

test('a minimal LLDPDU built by hand decodes exactly, padding after End is ignored', (t) => {
  const pdu = Uint8Array.from([
    0x02, 0x07, 0x04, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, // chassis: MAC
    0x04, 0x05, 0x05, 0x65, 0x74, 0x68, 0x30, // port: ifname eth0
    0x06, 0x02, 0x00, 0x78, // TTL 120
    0x00, 0x00, // End
    0xde, 0xad, // trailing bytes (padding) are not read
  ]);
  const { value, warnings } = decodeLldp(pdu);
  t.deepEqual(warnings, []);
  t.deepEqual(value.chassisId, { subtype: 4, subtypeName: 'mac', value: '00:11:22:33:44:55', hex: '001122334455' });
  t.deepEqual(value.portId, { subtype: 5, subtypeName: 'interface-name', value: 'eth0', hex: '65746830' });
  t.is(value.ttlSec, 120);
  t.is(value.lengthBytes, 22);
});
