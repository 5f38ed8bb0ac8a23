/**
 * ladvd's own expectations for its captures (tests/check_proto.c, transcribed in the fixtures): what ladvd
 * accepts we decode without error to the same host name, port, port description, TTL and VLAN; what ladvd
 * rejects we either refuse (FrameDecodeError) or decode with warnings saying what is wrong.
 */
import test from 'ava';
import { decodeDiscoveryFrame, FrameDecodeError, readCapture, type DiscoveryFrame, type FrameResult } from '../../../discovery/parsers/frames.ts';
import { fixture, ladvdExpectations } from '../../helpers/discovery-oracles.ts';

/**
 * ladvd rejections we accept on purpose: the test tool appended TLVs after the end given by the 802.3 length
 * field, which bounds the PDU (lldpd, reading the length, accepts these too).
 */
const BEYOND_LENGTH_FIELD = new Set([
  'ladvd/malformed/cdp-92.tlv.broken.pcap',
  'ladvd/malformed/cdp-93.tlv.long.pcap',
  'ladvd/malformed/fdp-92.tlv.invalid.pcap',
  'ladvd/malformed/fdp-93.tlv.long.pcap',
]);

/** The fields ladvd extracts (PEER_HOSTNAME, PEER_PORTNAME, PEER_PORTDESCR, PEER_VLAN_ID) and the TTL. */
function ladvdView(v: DiscoveryFrame): { hostname?: string | undefined; portName?: string | undefined; portDescription?: string | undefined; vlanId?: string | undefined; ttl?: number | undefined } {
  switch (v.protocol) {
    case 'lldp':
      return { hostname: v.lldp.systemName, portName: v.lldp.portId?.value, portDescription: v.lldp.portDescription, vlanId: v.lldp.dot1.portVlanId?.toString(), ttl: v.lldp.ttlSec };
    case 'cdp':
      return { hostname: v.cdp.deviceId, portName: v.cdp.portId, vlanId: v.cdp.nativeVlan?.toString(), ttl: v.cdp.ttlSec };
    case 'fdp':
      return { hostname: v.fdp.deviceId, portName: v.fdp.portId, ttl: v.fdp.ttlSec };
    case 'edp': // EDP carries no TTL (ladvd's 180 is its default) and ladvd leaves the port name empty
      return { hostname: v.edp.displayName };
    case 'sonmp':
    case 'none':
      return {};
  }
}

for (const expectation of ladvdExpectations()) {
  test(`ladvd: ${expectation.capture} (${expectation.accepted ? 'accepted' : 'rejected'})`, (t) => {
    const frame = readCapture(fixture(expectation.capture)).value.frames[0];
    if (frame === undefined) return t.fail('capture has no frame');
    let result: FrameResult<DiscoveryFrame>;
    try {
      result = decodeDiscoveryFrame(frame.data, frame.linkType);
    } catch (error) {
      t.true(error instanceof FrameDecodeError, String(error));
      t.false(expectation.accepted, `ladvd accepts it, we refuse: ${String(error)}`);
      return;
    }
    const { value, warnings } = result;
    t.not(value.protocol, 'none');
    if (!expectation.accepted) {
      if (BEYOND_LENGTH_FIELD.has(expectation.capture)) t.deepEqual(warnings, []);
      else t.true(warnings.length > 0, 'a frame ladvd rejects decodes with warnings');
      return;
    }
    const view = ladvdView(value);
    for (const key of ['hostname', 'portName', 'portDescription', 'vlanId', 'ttl'] as const) {
      const expected = expectation[key];
      if (expected !== undefined && !(value.protocol === 'edp' && key === 'ttl')) t.is(view[key], expected, key);
    }
  });
}
