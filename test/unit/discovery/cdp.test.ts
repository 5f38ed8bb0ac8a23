/**
 * CDP decoding against hand-transcribed oracles (gopacket's expected struct, tcpdump/tshark output, ladvd's
 * table) and the checksum rule: every checksum is verified; a bad one is reported as `checksumValid: false` plus a
 * warning and the PDU is still decoded — never silently trusted, never silently dropped.
 */
import test from 'ava';
import { decodeCdp, decodeDiscoveryFrame, FrameDecodeError, readCapture, type CdpPdu } from '../../../discovery/parsers/frames.ts';
import { fixture } from '../../helpers/discovery-oracles.ts';

function cdpOf(capture: string, frameNumber = 1): { value: CdpPdu; warnings: readonly string[] } {
  const frame = readCapture(fixture(capture)).value.frames[frameNumber - 1];
  if (frame === undefined) throw new Error(`${capture} has no frame ${frameNumber}`);
  const { value, warnings } = decodeDiscoveryFrame(frame.data, frame.linkType);
  if (value.protocol !== 'cdp') throw new Error(`${capture} #${frameNumber} is ${value.protocol}`);
  return { value: value.cdp, warnings };
}

/** Sets the checksum of a CDP PDU the way a Cisco sender does (so hand-built PDUs verify). */
function withCiscoChecksum(pdu: Uint8Array): Uint8Array {
  const out = Uint8Array.from(pdu);
  out[2] = 0;
  out[3] = 0;
  let sum = 0;
  const even = out.length & ~1;
  for (let i = 0; i < even; i += 2) sum += ((out[i] ?? 0) << 8) | (out[i + 1] ?? 0);
  if (even !== out.length) {
    const last = out[even] ?? 0;
    sum += last & 0x80 ? 0xff00 + last - 1 : last;
  }
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  const checksum = ~sum & 0xffff;
  out[2] = checksum >> 8;
  out[3] = checksum & 0xff;
  return out;
}

test('gopacket Cisco WS-C2950 CDPv2: every field of the expected struct', (t) => {
  const { value: v, warnings } = cdpOf('gopacket/gopacket-cdp_v2-c2950.pcap');
  t.deepEqual(warnings, []);
  t.like(v, { version: 2, ttlSec: 180, checksum: 0x09a0, checksumValid: true, deviceId: 'myswitch', portId: 'FastEthernet0/1', platform: 'cisco WS-C2950-12' });
  t.deepEqual(v.addresses, [{ protocol: 'ipv4', address: '192.168.0.253' }]);
  t.deepEqual(v.managementAddresses, [{ protocol: 'ipv4', address: '192.168.0.253' }]);
  t.deepEqual(v.capabilities, { bits: 0x28, names: ['switch', 'igmp'] });
  t.is(
    v.softwareVersion,
    'Cisco Internetwork Operating System Software \nIOS (tm) C2950 Software (C2950-I6K2L2Q4-M), Version 12.1(22)EA14, RELEASE SOFTWARE (fc1)\nTechnical Support: http://www.cisco.com/techsupport\nCopyright (c) 1986-2010 by cisco Systems, Inc.\nCompiled Tue 26-Oct-10 10:35 by nburra',
  );
  // Protocol Hello: cluster management (OUI 00:00:0c, id 0x0112) with the switch MAC 00:0b:be:18:9a:40 inside.
  t.deepEqual(v.protocolHellos.map((h) => [h.oui, h.protocolId]), [['00:00:0c', 0x0112]]);
  t.true(v.protocolHellos[0]?.hex.includes('000bbe189a40'));
  t.like(v, { vtpDomain: 'MYDOMAIN', nativeVlan: 1, duplex: 'full', trustBitmap: 0, untrustedPortCos: 0 });
});

test('Catalyst 3560 (tcpdump 3560_CDP.pcap): power available, VTP domain, addresses', (t) => {
  const { value: v } = cdpOf('tcpdump/3560_CDP.pcap');
  t.like(v, { deviceId: 'Switch', portId: 'GigabitEthernet0/5', vtpDomain: 'Lab', nativeVlan: 1, duplex: 'full', checksumValid: true });
  t.deepEqual(v.powerAvailable, { requestId: 0, managementId: 1, levelsMw: [0, 4_294_967_295] });
  t.deepEqual(v.addresses, [{ protocol: 'ipv4', address: '192.168.0.1' }]);
});

test('IP phone power consumption, BCM1100 voice VLAN and power, router IP prefixes, IPv6 addresses', (t) => {
  t.like(cdpOf('ladvd/good/cdp-49.good.phone.pcap').value, { deviceId: 'SEP001B53489EE0', powerConsumptionMw: 6300, capabilities: { bits: 0x90, names: ['host', 'voip-phone'] } });
  const bcm = cdpOf('ladvd/original/cdp-pcap-cdp-BCM1100.cap').value;
  t.deepEqual(bcm.applianceVlans, [{ applianceId: 1, vlanId: 4095 }]);
  t.is(bcm.powerConsumptionMw, 6400);
  t.deepEqual(cdpOf('pcapplusplus/VlanPackets.pcap', 21).value.ipPrefixes, ['10.118.10.0/24', '10.118.20.0/24', '10.118.30.0/24']);
  t.deepEqual(cdpOf('ladvd/good/cdp-46.good.2811.pcap').value.addresses, [
    { protocol: 'ipv4', address: '94.142.240.17' },
    { protocol: 'ipv6', address: 'fe80::21a:6dff:fef5:d50' },
    { protocol: 'ipv6', address: '2a02:898:0:30::50:1' },
  ]);
});

test('bad checksums are reported, not trusted and not dropped: the anonymised ladvd captures', (t) => {
  for (const capture of ['cdp-41.good.small', 'cdp-42.good.medium', 'cdp-43.good.big', 'cdp-45.good.6504', 'cdp-46.good.2811', 'cdp-47.good.vlan']) {
    const { value, warnings } = cdpOf(`ladvd/good/${capture}.pcap`);
    t.false(value.checksumValid, capture);
    t.true(warnings.some((w) => w.startsWith('CDP checksum')), capture);
    t.not(value.deviceId, undefined, `${capture} is still decoded`);
  }
  for (const capture of ['ladvd/good/cdp-44.good.bcm.pcap', 'ladvd/good/cdp-48.good.vlan.pcap', 'ladvd/good/cdp-49.good.phone.pcap']) {
    t.true(cdpOf(capture).value.checksumValid, capture);
  }
});

test('odd-length PDUs: the final byte ≥ 0x80 uses Cisco’s signed rule (IP phone, 113 bytes, last byte 0x9c)', (t) => {
  const phone = cdpOf('ladvd/good/cdp-49.good.phone.pcap');
  t.is(phone.value.lengthBytes % 2, 1);
  t.true(phone.value.checksumValid);
  for (const last of [0x01, 0x7f, 0x80, 0x9c, 0xff]) {
    // 9 bytes: header + a Device-ID TLV holding the single byte `last`.
    const pdu = withCiscoChecksum(Uint8Array.from([2, 180, 0, 0, 0x00, 0x01, 0x00, 0x05, last]));
    const { value } = decodeCdp(pdu);
    t.true(value.checksumValid, `last byte 0x${last.toString(16)}`);
    const flipped = Uint8Array.from(pdu);
    flipped[pdu.length - 1] = last ^ 0x01;
    t.false(decodeCdp(flipped).value.checksumValid, `flipped last byte 0x${last.toString(16)}`);
  }
});

test('a hand-built PDU: unknown TLVs kept raw, malformed fixed-size TLVs kept raw with a warning, version checked', (t) => {
  const tlv = (type: number, ...value: number[]): number[] => [type >> 8, type & 0xff, (value.length + 4) >> 8, (value.length + 4) & 0xff, ...value];
  const pdu = withCiscoChecksum(
    Uint8Array.from([3, 60, 0, 0, ...tlv(0x01, 0x72, 0x31), ...tlv(0x0a, 0x00), ...tlv(0x77, 0xab, 0xcd), ...tlv(0x0b, 0x00), ...tlv(0x11, 0x00, 0x00, 0x05, 0xdc)]),
  );
  const { value, warnings } = decodeCdp(pdu);
  t.like(value, { version: 3, ttlSec: 60, checksumValid: true, deviceId: 'r1', duplex: 'half', mtuBytes: 1500 });
  t.is(value.nativeVlan, undefined);
  t.deepEqual(value.unknownTlvs, [
    { type: 0x0a, hex: '00' },
    { type: 0x77, hex: 'abcd' },
  ]);
  t.deepEqual(warnings, ['unknown CDP version 3', 'CDP native VLAN TLV of 1 bytes (must be 2); kept raw']);
});

test('structure: a cut header or TLV is DISC_FRAME_TRUNCATED; a TLV length below 4 ends the walk with a warning', (t) => {
  t.is(t.throws(() => decodeCdp(Uint8Array.from([2, 180])), { instanceOf: FrameDecodeError }).code, 'DISC_FRAME_TRUNCATED');
  t.is(t.throws(() => decodeCdp(Uint8Array.from([2, 180, 0, 0, 0, 1, 0, 9, 0x41])), { instanceOf: FrameDecodeError }).code, 'DISC_FRAME_TRUNCATED');
  const { value, warnings } = decodeCdp(Uint8Array.from([2, 180, 0, 0, 0, 1, 0, 2, 0x41, 0x42]));
  t.is(value.deviceId, undefined);
  t.true(warnings.some((w) => w.includes('length 2 (< 4)')));
});

test('an 802.3 length field shorter than the PDU (edited frame): decoded over all bytes, with a warning', (t) => {
  const { value, warnings } = cdpOf('ladvd/good/cdp-42.good.medium.pcap');
  t.is(value.deviceId, 'R2D2');
  t.is(value.portId, 'Ethernet0');
  t.true(warnings.some((w) => w.startsWith('802.3 length field 286 is shorter than the PDU')));
});
