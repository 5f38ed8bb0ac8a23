/**
 * Every capture fixture decodes frame by frame with only FrameDecodeError as a failure, and what we decode agrees
 * with tshark 4.0.17's decoding of the same frame (an independent implementation, see fixtures SOURCES.md):
 * protocol, chassis / port ids, TTL, names, management addresses, VLANs, capabilities, CDP/EDP checksum verdicts.
 * A frame we refuse must be one tshark also reports as malformed or cut.
 */
import test from 'ava';
import { decodeDiscoveryFrame, FrameDecodeError, readCapture, type DiscoveryFrame } from '../../../discovery/parsers/frames.ts';
import { captureFiles, fixture, tsharkOracle, type TsharkFrame } from '../../helpers/discovery-oracles.ts';

const TSHARK_SUBTYPES: Readonly<Record<string, string>> = {
  'MAC address': 'mac',
  'Interface name': 'interface-name',
  'Interface alias': 'interface-alias',
  'Locally assigned': 'local',
  'Chassis component': 'chassis-component',
  'Port component': 'port-component',
  'Network address': 'network-address',
  'Agent circuit Id': 'agent-circuit-id',
};

/** How tshark prints a string: control characters escaped. */
function tsharkText(s: string): string {
  return s.replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
}

/** Printable oracle values only: tshark shows binary bytes as escapes or raw invalid UTF-8. */
function comparable(s: string): boolean {
  return !s.includes('\\') && !s.includes('\uFFFD') && s.length > 0;
}

type Check = (name: string, ours: unknown, oracle: unknown) => void;

function compareLldp(v: Extract<DiscoveryFrame, { protocol: 'lldp' }>['lldp'], o: TsharkFrame, check: Check): void {
  const f = (k: string): readonly string[] => o.fields.get(k) ?? [];
  for (const [key, id] of [
    ['chassis', v.chassisId],
    ['port', v.portId],
  ] as const) {
    const oracle = f(key)[0];
    if (oracle === undefined) continue;
    const [subtype = '', value = ''] = oracle.split(', Id: ');
    check(`${key} subtype`, id?.subtypeName, TSHARK_SUBTYPES[subtype] ?? subtype);
    if (comparable(value)) check(`${key} id`, id?.value, value);
  }
  const ttl = f('ttl')[0];
  if (ttl !== undefined) check('ttl', v.ttlSec, Number(ttl));
  const name = f('systemName')[0];
  if (name !== undefined && comparable(name)) check('system name', v.systemName, name);
  const descr = f('portDescription')[0];
  if (descr !== undefined && comparable(descr)) check('port description', tsharkText(v.portDescription ?? ''), descr);
  if (f('managementAddress').length > 0) {
    // tshark prints an IEEE 802 management address as bare hex; we use the usual aa:bb:… form.
    check('management addresses', v.managementAddresses.map((a) => (a.family === 6 ? a.address.replace(/:/g, '') : a.address)), f('managementAddress'));
  }
  if (f('pvid').length > 0) check('port VLAN id', v.dot1.portVlanId, Number(f('pvid')[0]));
  if (f('vlanName').length > 0) {
    const oracle = f('vlanName').map((s) => `${s.split(' ')[0] ?? ''}:${/VLAN Name: (.*)$/.exec(s)?.[1] ?? ''}`);
    check('VLAN names', v.dot1.vlanNames.map((n) => `${n.vlanId}:${n.name}`), oracle);
  }
  const caps = f('capabilities')[0];
  if (caps !== undefined) check('capabilities', v.capabilities?.supportedBits, Number(caps));
  const enabled = f('enabledCapabilities')[0];
  if (enabled !== undefined) check('enabled capabilities', v.capabilities?.enabledBits, Number(enabled));
  const mtu = f('maxFrameSize')[0];
  if (mtu !== undefined) check('max frame size', v.dot3.maxFrameSizeBytes, Number(mtu));
}

function compareCdp(v: Extract<DiscoveryFrame, { protocol: 'cdp' }>['cdp'], o: TsharkFrame, check: Check): void {
  const one = (k: string): string | undefined => o.fields.get(k)?.[0];
  const pairs: [string, unknown, unknown][] = [
    ['version', v.version, one('version') === undefined ? undefined : Number(one('version'))],
    ['ttl', v.ttlSec, one('ttl') === undefined ? undefined : Number(one('ttl'))],
    ['checksum verdict', v.checksumValid ? 'Good' : 'Bad', one('checksumStatus')],
    ['device id', v.deviceId, one('deviceId')],
    ['port id', v.portId, one('portId')],
    ['platform', v.platform, one('platform')],
    ['native VLAN', v.nativeVlan, one('nativeVlan') === undefined ? undefined : Number(one('nativeVlan'))],
    ['duplex', v.duplex, one('duplex')?.toLowerCase()],
    ['VTP domain', v.vtpDomain, one('vtpDomain')],
    ['capabilities', v.capabilities?.bits, one('capabilities') === undefined ? undefined : Number(one('capabilities'))],
  ];
  for (const [name, ours, oracle] of pairs) if (oracle !== undefined) check(name, ours, oracle);
  const addresses = o.fields.get('address');
  if (addresses !== undefined) {
    const ours = [...v.addresses, ...v.managementAddresses].filter((a) => a.protocol === 'ipv4' || a.protocol === 'ipv6').map((a) => a.address);
    check('addresses', ours.sort(), [...addresses].sort());
  }
}

function compareOthers(v: DiscoveryFrame, o: TsharkFrame, check: Check): void {
  const one = (k: string): string | undefined => o.fields.get(k)?.[0];
  const pairs: [string, unknown, unknown][] = [];
  if (v.protocol === 'edp') {
    // tshark leaves the checksum unverified when the length field exceeds the frame; we check what is there.
    if (one('checksumStatus') !== 'Unverified') pairs.push(['checksum verdict', v.edp.checksumValid ? 'Good' : 'Bad', one('checksumStatus')]);
    pairs.push(['display', v.edp.displayName, one('display')]);
    pairs.push(['slot/port', v.edp.info === undefined ? undefined : `${v.edp.info.slot}/${v.edp.info.port}`, one('info')]);
    pairs.push(['machine MAC', v.edp.machineMac, one('machineMac')]);
  } else if (v.protocol === 'fdp') {
    pairs.push(['device id', v.fdp.deviceId, one('deviceId')], ['port id', v.fdp.portId, one('portId')], ['platform', v.fdp.platform, one('platform')]);
    pairs.push(['holdtime', v.fdp.ttlSec, one('holdtime') === undefined ? undefined : Number(one('holdtime'))]);
    if (o.fields.has('vlan')) pairs.push(['VLANs', v.fdp.vlans, o.fields.get('vlan')?.map(Number)]);
    if (o.fields.has('address')) pairs.push(['addresses', v.fdp.addresses.map((a) => a.address), o.fields.get('address')]);
  } else if (v.protocol === 'sonmp') {
    pairs.push(['ip', v.sonmp.ip, one('ip')], ['segment', v.sonmp.segmentId, Number(one('segment'))]);
    pairs.push(['state', v.sonmp.state, Number(one('state'))], ['links', v.sonmp.links, Number(one('links'))]);
  }
  for (const [name, ours, oracle] of pairs) if (oracle !== undefined) check(name, ours, oracle);
}

const TSHARK_PROTOCOL = { lldp: 'lldp', cdp: 'cdp', edp: 'edp', fdp: 'fdp', sonmp: 'sonmp' } as const;

const totals = { frames: 0, fields: 0 };

for (const capture of captureFiles()) {
  test(`tshark oracle: ${capture}`, (t) => {
    const { frames } = readCapture(fixture(capture)).value;
    const oracle = tsharkOracle(capture);
    const mismatches: string[] = [];
    let compared = 0;
    frames.forEach((frame, index) => {
      const number = index + 1;
      const o = oracle.get(number);
      let decoded: DiscoveryFrame;
      try {
        decoded = decodeDiscoveryFrame(frame.data, frame.linkType).value;
      } catch (error) {
        if (!(error instanceof FrameDecodeError)) throw error;
        // Refusing a frame is allowed only where tshark, too, saw it malformed or cut.
        if (o !== undefined && !o.flagged) mismatches.push(`#${number}: we refuse (${error.code}) a frame tshark decodes cleanly`);
        return;
      }
      const ourProtocol = decoded.protocol === 'none' ? undefined : TSHARK_PROTOCOL[decoded.protocol];
      if (ourProtocol !== o?.protocol) mismatches.push(`#${number}: protocol ${ourProtocol ?? 'none'} vs tshark ${o?.protocol ?? 'none'}`);
      if (o === undefined) return;
      const check: Check = (name, ours, expected) => {
        compared++;
        if (JSON.stringify(ours) !== JSON.stringify(expected)) mismatches.push(`#${number} ${name}: ours ${JSON.stringify(ours)} tshark ${JSON.stringify(expected)}`);
      };
      if (decoded.protocol === 'lldp') compareLldp(decoded.lldp, o, check);
      else if (decoded.protocol === 'cdp') compareCdp(decoded.cdp, o, check);
      else compareOthers(decoded, o, check);
    });
    t.deepEqual(mismatches, []);
    totals.frames += frames.length;
    totals.fields += compared;
  });
}

test.after('the oracle comparison covered the corpus', (t) => {
  t.true(totals.frames >= 400, `${totals.frames} frames read`);
  t.true(totals.fields >= 1300, `${totals.fields} fields compared`);
});
