// /proc/net/{tcp,tcp6,udp,udp6}: every fixture parses to what its oracle says.
import test from 'ava';
import { DiscoveryError, parseProcNet, parseProcNetTcp, parseProcNetTcp6, parseProcNetUdp, parseProcNetUdp6, type ProcNetSocket, type ProcNetTable } from '../../../discovery/index.ts';
import { fixture, parseSs, stateFromSs, syntheticProcNetTcp } from '../../helpers/procfs.ts';

const TABLES: readonly ProcNetTable[] = ['tcp', 'tcp6', 'udp', 'udp6'];

function allSockets(dir: string): ProcNetSocket[] {
  return TABLES.flatMap((t) => parseProcNet(fixture(`${dir}proc-net-${t}`), t).value);
}

for (const [dir, ss] of [
  ['live-netns-kernel-6.18/hostA.', 'live-netns-kernel-6.18/hostA.ss-tuanpe.txt'],
  ['live-netns-kernel-6.18/hostB.', 'live-netns-kernel-6.18/hostB.ss-tuanpe.txt'],
  ['live-unshare-kernel-6.18/', 'live-unshare-kernel-6.18/ss-tuanpe.txt'],
] as const) {
  test(`${dir}*: same sockets as ss -tuanpe (addresses, ports, states, queues, inodes), no warnings`, (t) => {
    for (const table of TABLES) t.deepEqual(parseProcNet(fixture(`${dir}proc-net-${table}`), table).warnings, [], table);
    const ours = allSockets(dir)
      .map((s) => ({
        netid: s.protocol,
        state: s.state,
        recvQ: s.rxQueueBytes,
        local: { address: s.local.address, port: s.local.port },
        peer: { address: s.remote.address, port: s.remote.port },
        inode: s.inode,
      }))
      .sort((a, b) => a.inode - b.inode);
    const oracle = parseSs(fixture(ss))
      .map((r) => ({ netid: r.netid, state: stateFromSs(r.netid, r.state), recvQ: r.recvQ, local: r.local, peer: r.peer, inode: r.inode }))
      .sort((a, b) => a.inode - b.inode);
    t.true(oracle.length >= 3);
    t.deepEqual(ours, oracle);
  });
}

test('hostA: every column of the dual-stack accepted row, the IPv4-mapped one', (t) => {
  const row = parseProcNetTcp6(fixture('live-netns-kernel-6.18/hostA.proc-net-tcp6')).value.find((s) => s.inode === 70005);
  t.deepEqual(row, {
    table: 'tcp6', protocol: 'tcp', family: 6, slot: 2,
    local: { family: 6, address: '::ffff:198.18.1.1', ipv4: '198.18.1.1', port: 8080 },
    remote: { family: 6, address: '::ffff:198.18.1.2', ipv4: '198.18.1.2', port: 41988 },
    stateCode: 1, state: 'ESTABLISHED', txQueueBytes: 0, rxQueueBytes: 0, timer: 'none', timerCode: 0, timerExpiresTicks: 0,
    retransmits: 0, uid: 0, probes: 0, inode: 70005, refCount: 1, pointer: '00000000f95c9b98',
    tcp: { rtoTicks: 20, atoTicks: 0, quickAckPingpong: 0, congestionWindowSegments: 10, slowStartThreshold: -1 },
  });
});

test('UDP: 07 is UNCONNECTED with the queued datagram in rx_queue, 01 is CONNECTED; ref, pointer and drops decode', (t) => {
  const [server] = parseProcNetUdp(fixture('live-netns-kernel-6.18/hostA.proc-net-udp')).value;
  t.like(server, { slot: 7896, state: 'UNCONNECTED', stateCode: 7, rxQueueBytes: 832, refCount: 2, pointer: '00000000427069eb', drops: 0, inode: 69927 });
  t.is(server?.tcp, undefined);
  const [client] = parseProcNetUdp(fixture('live-netns-kernel-6.18/hostB.proc-net-udp')).value;
  t.like(client, { state: 'CONNECTED', local: { address: '198.18.1.2', port: 43933 }, remote: { address: '198.18.1.1', port: 161 } });
  const [v6] = parseProcNetUdp6(fixture('live-netns-kernel-6.18/hostA.proc-net-udp6')).value;
  t.like(v6, { slot: 7858, family: 6, local: { address: '::1', port: 123 }, state: 'UNCONNECTED' });
  t.deepEqual(parseProcNetUdp6(fixture('live-netns-kernel-6.18/hostB.proc-net-udp6')), { value: [], warnings: [] }, 'header only');
});

test('prometheus/procfs tcp: three LISTEN rows with their queues and the kernel pointer', (t) => {
  const r = parseProcNetTcp(fixture('prometheus-procfs/proc-net-tcp'));
  t.deepEqual(r.warnings, []);
  t.deepEqual(
    r.value.map((s) => [s.local.address, s.local.port, s.state, s.txQueueBytes, s.rxQueueBytes, s.inode, s.pointer]),
    [
      ['10.0.0.5', 22, 'LISTEN', 0, 1, 2740, 'ffff88003d3af3c0'],
      ['0.0.0.0', 22, 'LISTEN', 1, 0, 2740, 'ffff88003d3af3c0'],
      ['0.0.0.0', 22, 'LISTEN', 1, 1, 2740, 'ffff88003d3af3c0'],
    ],
  );
});

test('prometheus/procfs udp6: link-local bind and uids; udp_broken rows (4 columns) are skipped with a warning', (t) => {
  const r = parseProcNetUdp6(fixture('prometheus-procfs/proc-net-udp6'));
  t.deepEqual(r.warnings, []);
  t.deepEqual(r.value.map((s) => [s.slot, s.local.address, s.local.port, s.uid, s.inode, s.drops]), [
    [1315, '::', 5355, 981, 21040, 0],
    [6073, 'fe80::56e1:adff:fe7c:6609', 51073, 1000, 11337031, 0],
  ]);
  const broken = parseProcNetUdp(fixture('prometheus-procfs/proc-net-udp_broken'));
  t.deepEqual(broken.value, []);
  t.is(broken.warnings.length, 1);
  t.is(broken.warnings[0]?.line, 2);
  t.regex(broken.warnings[0]?.message ?? '', /4 fields/);
});

test('node_exporter udp: a tcp-layout row in a udp file keeps its 5 unknown extras raw, with a warning', (t) => {
  const r = parseProcNetUdp(fixture('node_exporter/proc-net-udp'));
  t.is(r.value.length, 1);
  t.like(r.value[0], { txQueueBytes: 0x15, local: { address: '0.0.0.0', port: 22 }, state: 'UNKNOWN', extraFields: ['100', '0', '0', '10', '0'] });
  t.deepEqual(r.warnings.map((w) => w.message), ['unknown udp state code 0xa', '5 trailing fields of no known udp layout kept raw']);
});

test('robinmonjo/dock tcp: 154 rows (4 LISTEN, 73 ESTABLISHED, 77 TIME_WAIT with 12 fields and inode 0), slots past 99', (t) => {
  const r = parseProcNetTcp(fixture('robinmonjo-dock/proc-net-tcp'));
  t.deepEqual(r.warnings, []);
  t.is(r.value.length, 154);
  const count = (state: string) => r.value.filter((s) => s.state === state).length;
  t.deepEqual([count('LISTEN'), count('ESTABLISHED'), count('TIME_WAIT')], [4, 73, 77]);
  const tw = r.value.filter((s) => s.state === 'TIME_WAIT');
  t.true(tw.every((s) => s.inode === 0 && s.tcp === undefined && s.timer === 'time_wait' && s.refCount === 3));
  t.like(r.value[100], { slot: 100, local: { address: '10.238.166.142', port: 80 }, remote: { address: '10.72.139.108', port: 27536 }, timerExpiresTicks: 0xc8a });
  t.like(r.value[0], { local: { address: '0.0.0.0', port: 9999 }, uid: 1000, inode: 84336181 });
  t.like(r.value[98], { tcp: { rtoTicks: 20, atoTicks: 4, quickAckPingpong: 23, congestionWindowSegments: 10, slowStartThreshold: 97 } });
  const v6 = parseProcNetTcp6(fixture('robinmonjo-dock/proc-net-tcp6'));
  t.deepEqual(v6.value.map((s) => `${s.local.address}:${s.local.port} uid ${s.uid}`), ['fe80::4029:2cff:fe85:1212:53 uid 107', ':::22 uid 0']);
  const udp = parseProcNetUdp(fixture('robinmonjo-dock/proc-net-udp'));
  t.deepEqual(udp.value.map((s) => s.local.address), ['10.0.3.1', '0.0.0.0', '0.0.0.0', '10.0.3.1', '10.238.166.142', '127.0.0.1', '0.0.0.0']);
  t.deepEqual(udp.value.map((s) => s.slot), [3834, 3848, 3849, 3904, 3904, 3904, 3904]);
});

test('bastjan/netstat tcp: 127.0.0.1:38911 LISTEN, uid 6523, inode 44360, queues 0x50/0x100', (t) => {
  const [s] = parseProcNetTcp(fixture('bastjan-netstat/proc-net-tcp')).value;
  t.like(s, { local: { address: '127.0.0.1', port: 38911 }, state: 'LISTEN', uid: 6523, inode: 44360, txQueueBytes: 0x50, rxQueueBytes: 0x100 });
  t.like(parseProcNetTcp6(fixture('bastjan-netstat/proc-net-tcp6')).value[0], { local: { address: '0:131b:0:4::2001:0', port: 41703 }, inode: 44365 });
});

test('every TCP state code has its name; an unknown code keeps the row as UNKNOWN with a warning', (t) => {
  const names = ['ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT', 'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'CLOSING', 'NEW_SYN_RECV'];
  const row = (st: string) => `   0: 0100007F:1F90 00000000:0000 ${st} 00000000:00000000 00:00000000 00000000     0        0 1 1 0000000000000000 100 0 0 10 0`;
  const text = ['  sl  local_address rem_address   st tx_queue rx_queue', ...names.map((_, i) => row((i + 1).toString(16).toUpperCase().padStart(2, '0'))), row('EE')].join('\n');
  const r = parseProcNetTcp(text);
  t.deepEqual(r.value.map((s) => s.state), [...names, 'UNKNOWN']);
  t.deepEqual(r.warnings.map((w) => [w.line, w.message]), [[14, 'unknown tcp state code 0xee']]);
});

test('odd rows become warnings and the good ones still parse; CRLF and blank lines are fine', (t) => {
  const good = '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0000000000000000 100 0 0 10 0';
  const text = ['  sl  local_address rem_address   st', good, 'garbage', '   1: 0100007F:1F90 nothex:0000 0A 0:0 0:0 0 0 0 1', '   2: 0100007F:1F90 00000000:0000 0A 0:0 0:0 0 -5 0 1', '', good.replace('   0:', '   3:')].join('\r\n');
  const r = parseProcNetTcp(text);
  t.deepEqual(r.value.map((s) => s.slot), [0, 3]);
  t.deepEqual(r.warnings.map((w) => w.line), [3, 4, 5]);
  t.is(r.warnings[1]?.excerpt, '   1: 0100007F:1F90 nothex:0000 0A 0:0 0:0 0 0 0 1\r');
  const v6InV4 = parseProcNetTcp(fixture('live-netns-kernel-6.18/hostA.proc-net-tcp6'));
  t.is(v6InV4.value.length, 5, 'rows are kept: the address length says the family');
  t.is(v6InV4.warnings.length, 5);
});

test('input that is not a socket table (no header, empty, an ARP table) throws DISC_BAD_HEADER', (t) => {
  for (const text of ['', '\n\n', '   0: 0100007F:1F90 00000000:0000 0A', fixture('node_exporter/proc-net-arp')]) {
    const e = t.throws(() => parseProcNetTcp(text), { instanceOf: DiscoveryError });
    t.is(e.code, 'DISC_BAD_HEADER');
  }
});

test('bytes are accepted as well as strings, with the same result', (t) => {
  const text = fixture('live-netns-kernel-6.18/hostA.proc-net-tcp');
  t.deepEqual(parseProcNetTcp(new TextEncoder().encode(text)), parseProcNetTcp(text));
});

test('a 10k-line /proc/net/tcp generated here parses to exactly the sockets it was printed from', (t) => {
  const { text, sockets } = syntheticProcNetTcp(10_000);
  t.is(text.split('\n').length, 10_002, 'header + 10k rows + final newline');
  const r = parseProcNetTcp(text);
  t.deepEqual(r.warnings, []);
  t.is(r.value.length, 10_000);
  for (const i of [0, 1, 2, 4, 999, 5_000, 9_999]) t.deepEqual(r.value[i], sockets[i], `row ${i}`);
  t.deepEqual(r.value, sockets);
  t.is(r.value.filter((s) => s.state === 'LISTEN').length, 500);
  t.is(r.value.filter((s) => s.inode === 0).length, 2_000);
});
