// cma/discovery: payload → facts. Malformed payloads never throw; IPv4-mapped and IPv6 addresses are canonical.
import test from 'ava';
import { canonicalIp, translateDiscovery } from '../../../cma/discovery/index.ts';

const host = { hostId: 'a'.repeat(32), addresses: ['198.18.0.1', '2001:db8::1'] };

test('garbage payloads give empty facts, never an exception; unknown kinds give none', (t) => {
  for (const kind of ['inventory', 'lldp', 'netstat', 'arp']) {
    for (const payload of [null, 42, 'x', [], {}, { nics: 'no', neighbours: [1, null, {}], processes: [{ pid: 'x' }], listeners: [{ proto: 'sctp' }], connections: [{}] }]) {
      const f = translateDiscovery(kind, payload, host, 1);
      t.true(f?.kind === kind);
      t.deepEqual([f?.nics, f?.ips, f?.switches, f?.ports, f?.processes, f?.listens, f?.connects, f?.sees].map((l) => l?.length), [0, 0, 0, 0, 0, 0, 0, 0]);
    }
  }
  t.is(translateDiscovery('cdp-raw', {}, host, 1), undefined);
});

test('addresses: IPv4-mapped becomes IPv4, IPv6 is RFC 5952; a :: listener covers both families, 0.0.0.0 only IPv4', (t) => {
  t.deepEqual(canonicalIp('::ffff:198.18.0.9'), { ip: '198.18.0.9', family: 4 });
  t.deepEqual(canonicalIp('2001:DB8:0:0:0:0:0:1'), { ip: '2001:db8::1', family: 6 });
  t.is(canonicalIp('nope'), undefined);
  const payload = {
    processes: [{ pid: 1, startTimeTicks: 5, name: 'srv', exe: '/srv', cmdline: ['/srv', '-p'], uid: 0 }],
    listeners: [
      { proto: 'tcp', address: '::', port: 443, pids: [1] },
      { proto: 'tcp', address: '0.0.0.0', port: 80, pids: [1] },
      { proto: 'udp', address: '0.0.0.0', port: 53, pids: [1] },
    ],
    connections: [{ proto: 'tcp', localAddress: '198.18.0.1', remoteAddress: '::ffff:198.18.0.7', remotePort: 5432, count: 1, pids: [1, 99] }],
  };
  const f = translateDiscovery('netstat', payload, host, 1);
  t.deepEqual(f?.listens.map((l) => l.key).sort(), ['["198.18.0.1",443,"tcp"]', '["198.18.0.1",53,"udp"]', '["198.18.0.1",80,"tcp"]', '["2001:db8::1",443,"tcp"]']);
  t.deepEqual(f?.connects.map((c) => c.key), ['["198.18.0.7",5432,"tcp"]'], 'pid 99 is not in the process table: no fact for it');
  t.deepEqual(f?.processes.map((p) => [p.key, p.cmdline, p.user]), [[`["${'a'.repeat(32)}",1,5]`, '/srv -p', '0']]);
});
