/**
 * The common per-frame summary (`neighbourOf`): for the frames a live lldpd sent (one capture, all five
 * protocols), the chassis id, port id, names, TTL and management address agree with lldpd's own decoding
 * (lldpcli keyvalue output beside the capture); and every record `nanoprobe discover lldp` makes from any fixture
 * capture carries the common fields.
 */
import test from 'ava';
import { neighbourOf, readCapture, decodeDiscoveryFrame, type Neighbour } from '../../../discovery/index.ts';
import { discoveryRecords } from '../../../nanoprobe/commands/discover.ts';
import { captureFiles, fixture } from '../../helpers/discovery-oracles.ts';

function neighbours(path: string): Neighbour[] {
  const out: Neighbour[] = [];
  for (const f of readCapture(fixture(path)).value.frames) {
    const n = neighbourOf(decodeDiscoveryFrame(f.data, f.linkType).value);
    if (n !== undefined) out.push(n);
  }
  return out;
}

test('live lldpd capture: every protocol maps to the identity lldpd was configured with (as lldpcli shows it)', (t) => {
  const all = neighbours('lldpd-live/lldpd-1.0.16-all-protocols.pcap');
  const first = (p: Neighbour['protocol']): Neighbour => {
    const n = all.find((x) => x.protocol === p);
    if (n === undefined) throw new Error(`no ${p} frame`);
    return n;
  };
  const lldp = first('lldp');
  t.deepEqual(lldp.chassisId, { subtype: 'mac', value: '02:00:5e:00:0a:01' });
  t.deepEqual(lldp.portId, { subtype: 'interface-name', value: 'vethA' });
  t.is(lldp.systemName, 'sw-a.lab.example');
  t.is(lldp.systemDescription, 'Example Switch A, firmware 1.2.3');
  t.is(lldp.portDescription, 'Uplink to host B');
  t.is(lldp.ttlSec, 20);
  t.deepEqual(lldp.managementAddresses, ['198.18.0.1']);
  t.deepEqual(lldp.vlans, [500], 'the LLDP-MED voice policy VLAN');
  t.is(lldp.sourceMac, '02:00:5e:00:0a:01');
  t.is(lldp.version, 1);

  const cdp = first('cdp');
  t.is(cdp.version, 2);
  t.deepEqual(cdp.chassisId, { subtype: 'local', value: 'sw-a.lab.example' });
  t.deepEqual(cdp.portId, { subtype: 'interface-name', value: 'Uplink to host B' });
  t.is(cdp.ttlSec, 20);
  t.deepEqual(cdp.managementAddresses, ['198.18.0.1']);
  t.is(cdp.platform, 'ExamplePlatform X1');

  const fdp = first('fdp');
  t.is(fdp.systemName, 'sw-a.lab.example');
  t.deepEqual(fdp.portId, { subtype: 'interface-name', value: 'Uplink to host B' });
  t.deepEqual(fdp.managementAddresses, ['198.18.0.1']);

  const edp = first('edp');
  t.deepEqual(edp.chassisId, { subtype: 'mac', value: '02:00:5e:00:0a:01' });
  t.deepEqual(edp.portId, { subtype: 'interface-name', value: '2/1' });
  t.is(edp.systemName, 'sw-a.lab.example');

  const sonmp = first('sonmp');
  t.deepEqual(sonmp.chassisId, { subtype: 'network-address', value: '198.18.0.1' });
  t.deepEqual(sonmp.portId, { subtype: 'local', value: '000002' }, 'lldpcli shows 00-00-02');
  t.deepEqual(sonmp.managementAddresses, ['198.18.0.1']);
});

test('every record of every fixture capture has the common per-frame fields', (t) => {
  let records = 0;
  for (const path of captureFiles()) {
    let list;
    try {
      list = discoveryRecords(fixture(path));
    } catch {
      continue; // unreadable captures are the reader's tests' business
    }
    for (const r of list) {
      if ('error' in r) continue;
      records++;
      const n = r.neighbour;
      t.is(n.protocol, r.protocol, path);
      t.true(Number.isInteger(n.version), path);
      t.true(Array.isArray(n.capabilities) && Array.isArray(n.managementAddresses) && Array.isArray(n.vlans), path);
      t.deepEqual([...n.vlans].sort((a, b) => a - b), n.vlans, `${path}: VLANs ascending`);
      if (n.protocol === 'lldp' && r.decoded.protocol === 'lldp') {
        t.is(n.chassisId?.value, r.decoded.lldp.chassisId?.value, path);
        t.is(n.portId?.value, r.decoded.lldp.portId?.value, path);
        t.is(n.ttlSec, r.decoded.lldp.ttlSec, path);
      }
    }
  }
  t.true(records > 200, `records seen: ${records}`);
});
