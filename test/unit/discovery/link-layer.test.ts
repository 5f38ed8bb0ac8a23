/**
 * Link-layer framing: VLAN tags (one and QinQ), Linux cooked v1/v2 re-wraps of real Ethernet frames decode to the
 * same PDUs, classification by SNAP protocol id (not by destination MAC), 802.3 padding, and typed errors.
 */
import test from 'ava';
import { decodeDiscoveryFrame, FrameDecodeError, parseLinkFrame, readCapture } from '../../../discovery/parsers/frames.ts';
import { captureFiles, fixture } from '../../helpers/discovery-oracles.ts';
import { toCookedV1, toCookedV2 } from '../../helpers/pcap-builders.ts';

function frameOf(capture: string, frameNumber = 1): Uint8Array {
  const frame = readCapture(fixture(capture)).value.frames[frameNumber - 1];
  if (frame === undefined) throw new Error(`${capture} has no frame ${frameNumber}`);
  return frame.data;
}

test('802.1Q-tagged LLDP and CDP (ladvd lldp-45, cdp-48)', (t) => {
  const lldp = decodeDiscoveryFrame(frameOf('ladvd/good/lldp-45.good.vlan.pcap')).value;
  t.is(lldp.protocol, 'lldp');
  t.deepEqual(lldp.link.vlanTags, [{ tpid: 0x8100, vlanId: 1, priority: 7, dropEligible: false }]);
  t.is(lldp.link.etherType, 0x88cc);
  const cdp = decodeDiscoveryFrame(frameOf('ladvd/good/cdp-48.good.vlan.pcap')).value;
  t.is(cdp.protocol, 'cdp');
  t.deepEqual(cdp.link.vlanTags, [{ tpid: 0x8100, vlanId: 1, priority: 7, dropEligible: false }]);
  t.deepEqual(cdp.link.snap, { oui: '00:00:0c', protocolId: 0x2000 });
});

test('CDP tunnelled by L2PT to 01:00:0c:cd:cd:d0 is still CDP (PcapPlusPlus VlanPackets)', (t) => {
  const { value } = decodeDiscoveryFrame(frameOf('pcapplusplus/VlanPackets.pcap', 21));
  t.is(value.protocol, 'cdp');
  t.is(value.link.destination, '01:00:0c:cd:cd:d0');
  t.is(value.link.vlanTags.length, 1);
});

test('QinQ: two tags are both recorded, outermost first', (t) => {
  const inner = frameOf('ladvd/good/lldp-45.good.vlan.pcap');
  const qinq = Uint8Array.from([...inner.subarray(0, 12), 0x88, 0xa8, 0x20, 0x64, ...inner.subarray(12)]);
  const { value } = decodeDiscoveryFrame(qinq);
  t.is(value.protocol, 'lldp');
  t.deepEqual(value.link.vlanTags.map((v) => [v.tpid, v.vlanId, v.priority]), [[0x88a8, 100, 1], [0x8100, 1, 7]]);
});

test('same SNAP OUI, other protocol id: VTP / DTP share CDP’s MAC but are not CDP', (t) => {
  const cdp = frameOf('tcpdump/3560_CDP.pcap');
  for (const pid of [0x2003, 0x2004, 0x0111, 0x0104]) {
    const other = Uint8Array.from(cdp);
    other[20] = pid >> 8;
    other[21] = pid & 0xff;
    t.is(decodeDiscoveryFrame(other).value.protocol, 'none', `PID 0x${pid.toString(16)}`);
  }
});

test('Linux cooked v1 and v2 re-wraps of every discovery frame decode to the same PDU', (t) => {
  let checked = 0;
  for (const capture of captureFiles().filter((c) => !c.includes('malformed'))) {
    for (const frame of readCapture(fixture(capture)).value.frames) {
      let decoded;
      try {
        decoded = decodeDiscoveryFrame(frame.data);
      } catch {
        continue;
      }
      const ethernet = decoded.value;
      // Frames edited without fixing their 802.3 length have no single "right" cooked form: skipped.
      if (ethernet.protocol === 'none' || decoded.warnings.some((w) => w.startsWith('802.3 length field'))) continue;
      const { link: _e, ...expected } = ethernet;
      for (const [wrapped, linkType] of [
        [toCookedV1(frame.data), 113],
        [toCookedV2(frame.data, 7), 276],
      ] as const) {
        const cooked = decodeDiscoveryFrame(wrapped, linkType).value;
        const { link, ...rest } = cooked;
        t.deepEqual(rest, expected, `${capture} as link type ${linkType}`);
        t.is(link.source, ethernet.link.source);
        t.is(link.destination, undefined);
        t.deepEqual(link.vlanTags, ethernet.link.vlanTags);
        if (linkType === 276) t.is(link.interfaceIndex, 7);
        checked++;
      }
    }
  }
  t.true(checked > 300, `${checked} re-wrapped frames compared`);
});

test('Ethernet padding after a short CDP PDU is cut by the 802.3 length field', (t) => {
  const data = frameOf('ladvd/good/cdp-44.good.bcm.pcap'); // 64-byte PDU in a padded frame
  const link = parseLinkFrame(data, 1);
  t.is(link.header.lengthField, link.payload.length + 8);
  t.true(link.fullPayload.length >= link.payload.length);
});

test('typed errors: unknown link type, Ethernet header cut, cooked header cut, VLAN tag cut', (t) => {
  const code = (frame: Uint8Array, linkType: number): string => t.throws(() => decodeDiscoveryFrame(frame, linkType), { instanceOf: FrameDecodeError }).code;
  t.is(code(new Uint8Array(64), 105), 'DISC_FRAME_LINK_TYPE');
  t.is(code(new Uint8Array(13), 1), 'DISC_FRAME_TRUNCATED');
  t.is(code(new Uint8Array(15), 113), 'DISC_FRAME_TRUNCATED');
  t.is(code(new Uint8Array(19), 276), 'DISC_FRAME_TRUNCATED');
  t.is(code(Uint8Array.from([...new Uint8Array(12), 0x81, 0x00, 0x00]), 1), 'DISC_FRAME_TRUNCATED');
});

test('other traffic is protocol none with its EtherType (mixed traces)', (t) => {
  const frames = readCapture(fixture('tcpdump/erspan-type-i-4.pcap')).value.frames;
  const kinds = frames.map((f) => decodeDiscoveryFrame(f.data, f.linkType).value.protocol);
  t.is(kinds.filter((k) => k === 'lldp').length, 5);
  t.is(kinds.filter((k) => k === 'none').length, 114);
});
