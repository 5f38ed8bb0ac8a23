// /proc/net/arp and ip -j neigh, checked against each other on the live capture.
import test from 'ava';
import { DiscoveryError, parseIpNeighJson, parseProcNetArp } from '../../../discovery/index.ts';
import { fixture } from '../../helpers/procfs.ts';

test('hostA arp: complete (0x2), static (0x6) and failed (0x0, no MAC) entries', (t) => {
  const r = parseProcNetArp(fixture('live-netns-kernel-6.18/hostA.proc-net-arp'));
  t.deepEqual(r.warnings, []);
  t.deepEqual(r.value, [
    { ip: '198.18.1.77', hwType: 1, flags: 0, complete: false, permanent: false, mac: null, mask: '*', device: 'vethPA' },
    { ip: '198.18.1.9', hwType: 1, flags: 6, complete: true, permanent: true, mac: '02:00:5e:00:1a:99', mask: '*', device: 'vethPA' },
    { ip: '198.18.1.2', hwType: 1, flags: 2, complete: true, permanent: false, mac: '02:00:5e:00:1b:01', mask: '*', device: 'vethPA' },
  ]);
});

test('arp and ip -j neigh agree on hostA and hostB: same addresses, MACs, devices; PERMANENT ⇔ ATF_PERM, FAILED ⇔ no MAC', (t) => {
  for (const host of ['hostA', 'hostB']) {
    const arp = parseProcNetArp(fixture(`live-netns-kernel-6.18/${host}.proc-net-arp`)).value;
    const neigh = parseIpNeighJson(fixture(`live-netns-kernel-6.18/${host}.ip-j-neigh.json`));
    t.deepEqual(neigh.warnings, []);
    t.is(neigh.value.length, arp.length);
    for (const n of neigh.value) {
      const a = arp.find((x) => x.ip === n.address);
      t.like(a, { mac: n.lladdr, device: n.device, permanent: n.states.includes('PERMANENT'), complete: n.lladdr !== null });
    }
  }
});

test('ip -s -j neigh: states as arrays, lladdr absent when FAILED, the -s counters', (t) => {
  const r = parseIpNeighJson(fixture('live-netns-kernel-6.18/hostA.ip-s-j-neigh.json'));
  t.deepEqual(r.value[0], {
    address: '198.18.1.77', family: 4, device: 'vethPA', lladdr: null, states: ['FAILED'], flags: [], router: false,
    stats: { usedSec: 8, confirmedSec: 68, updatedSec: 5, probes: 6 },
  });
  t.like(r.value[2], { lladdr: '02:00:5e:00:1b:01', states: ['REACHABLE'], stats: { refCount: 1, probes: 1 } });
});

test('ip -j neigh: IPv6 entries with the router flag (present-with-null, as iproute2 prints it), several states, odd entries', (t) => {
  const text = JSON.stringify([
    { dst: 'fe80::1', dev: 'eth0', lladdr: '52:54:00:AA:BB:CC', router: null, state: ['STALE'] },
    { dst: '2001:db8::5', dev: 'eth0', lladdr: '52:54:00:aa:bb:cd', router: true, proxy: null, state: ['REACHABLE', 'NOARP'] },
    { dst: '10.0.0.1', dev: 'eth0', state: ['INCOMPLETE'] },
    { dst: '10.0.0.2', dev: 'eth0', lladdr: 'aa:bb:cc:dd:ee:ff', state: ['WOBBLY'] },
    { dev: 'eth0' },
    'string',
    { dst: '10.0.0.3', dev: 'eth0', state: 'STALE' },
  ]);
  const r = parseIpNeighJson(text);
  t.deepEqual(r.value.map((n) => [n.address, n.family, n.lladdr, n.states.join('+'), n.router, n.flags.join('+')]), [
    ['fe80::1', 6, '52:54:00:aa:bb:cc', 'STALE', true, 'router'],
    ['2001:db8::5', 6, '52:54:00:aa:bb:cd', 'REACHABLE+NOARP', true, 'router+proxy'],
    ['10.0.0.1', 4, null, 'INCOMPLETE', false, ''],
    ['10.0.0.2', 4, 'aa:bb:cc:dd:ee:ff', 'WOBBLY', false, ''],
  ]);
  t.deepEqual(r.warnings.map((w) => [w.line, w.message]), [
    [4, 'unknown NUD state WOBBLY'],
    [5, 'entry without a dst string'],
    [6, 'entry is not an object'],
    [7, 'state is not an array of strings'],
  ]);
});

test('ip -j neigh: not JSON, or not an array, throws DISC_BAD_JSON; empty output is an empty table', (t) => {
  for (const bad of ['[{', '{"dst":"x"}', 'null', '198.18.1.2 dev vethPA lladdr 02:00:5e:00:1b:01 REACHABLE']) {
    t.is(t.throws(() => parseIpNeighJson(bad), { instanceOf: DiscoveryError }).code, 'DISC_BAD_JSON', bad);
  }
  t.deepEqual(parseIpNeighJson(' \n'), { value: [], warnings: [] });
  t.deepEqual(parseIpNeighJson('[]'), { value: [], warnings: [] });
});

test('prometheus/procfs and node_exporter arp: incomplete entry, unaligned columns, several devices', (t) => {
  const p = parseProcNetArp(fixture('prometheus-procfs/proc-net-arp'));
  t.deepEqual(p.value.map((a) => [a.ip, a.mac, a.complete, a.device]), [
    ['192.168.224.1', '00:50:56:c0:00:08', true, 'ens33'],
    ['192.168.224.2', null, false, 'ens33'],
  ]);
  const n = parseProcNetArp(fixture('node_exporter/proc-net-arp'));
  t.deepEqual(n.warnings, []);
  t.is(n.value.length, 7);
  const perDevice = Object.fromEntries(['eth0', 'eth1', 'nope'].map((d) => [d, n.value.filter((a) => a.device === d).length]));
  t.deepEqual(perDevice, { eth0: 3, eth1: 3, nope: 1 });
  t.like(n.value[6], { ip: '10.0.0.1', mac: 'de:ad:be:ef:00:00' });
});

test('arp: odd rows are warnings; a text without the header throws DISC_BAD_HEADER', (t) => {
  const head = 'IP address       HW type     Flags       HW address            Mask     Device';
  const r = parseProcNetArp(`${head}\n10.0.0.1 0x1 0x2 aa:bb:cc:dd:ee:ff * eth0\n10.0.0.256 0x1 0x2 aa:bb:cc:dd:ee:ff * eth0\n10.0.0.2 0x1 0x2 * eth0\n`);
  t.is(r.value.length, 1);
  t.deepEqual(r.warnings.map((w) => w.line), [3, 4]);
  for (const bad of ['', fixture('live-netns-kernel-6.18/hostA.proc-net-tcp')]) {
    t.is(t.throws(() => parseProcNetArp(bad), { instanceOf: DiscoveryError }).code, 'DISC_BAD_HEADER');
  }
});
