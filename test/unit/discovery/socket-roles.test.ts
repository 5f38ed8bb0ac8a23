// Listeners vs client vs server-side connections, on the live captures whose ground truth is known.
import test from 'ava';
import { clientConnections, listeners, parseProcNet, serverConnections, type ProcNetSocket, type ProcNetTable } from '../../../discovery/index.ts';
import { fixture } from '../../helpers/procfs.ts';

const TABLES: readonly ProcNetTable[] = ['tcp', 'tcp6', 'udp', 'udp6'];
const sockets = (prefix: string): ProcNetSocket[] => TABLES.flatMap((t) => parseProcNet(fixture(`${prefix}proc-net-${t}`), t).value);
const show = (list: readonly ProcNetSocket[]): string[] =>
  list.map((s) => `${s.protocol} ${s.local.address}:${s.local.port} → ${s.remote.address}:${s.remote.port}`).sort();

test('hostA (the server): TCP LISTEN and unconnected UDP are listeners; accepted sockets are server-side, incl. IPv4-mapped ones', (t) => {
  const all = sockets('live-netns-kernel-6.18/hostA.');
  t.deepEqual(show(listeners(all)), ['tcp 198.18.1.1:2222 → 0.0.0.0:0', 'tcp ::1:9090 → :::0', 'tcp :::8080 → :::0', 'udp 198.18.1.1:161 → 0.0.0.0:0', 'udp ::1:123 → :::0']);
  t.deepEqual(show(serverConnections(all)), ['tcp 198.18.1.1:2222 → 198.18.1.2:33274', 'tcp ::1:9090 → ::1:52738', 'tcp ::ffff:198.18.1.1:8080 → ::ffff:198.18.1.2:41988']);
  t.deepEqual(show(clientConnections(all)), ['tcp ::1:52738 → ::1:9090'], 'only the loopback client it opened itself');
});

test('hostB (the client): no listeners; its TCP connections and connected UDP socket are client connections', (t) => {
  const all = sockets('live-netns-kernel-6.18/hostB.');
  t.deepEqual(listeners(all), []);
  t.deepEqual(serverConnections(all), []);
  t.deepEqual(show(clientConnections(all)), ['tcp 198.18.1.2:33274 → 198.18.1.1:2222', 'tcp 198.18.1.2:41988 → 198.18.1.1:8080', 'udp 198.18.1.2:43933 → 198.18.1.1:161']);
});

test('a listener on another address of the same port does not make a connection server-side; families must match', (t) => {
  const all = sockets('live-unshare-kernel-6.18/');
  t.deepEqual(show(clientConnections(all)), ['tcp 127.0.0.1:35192 → 127.0.0.1:7000', 'tcp 127.0.0.1:57774 → 127.0.0.1:7001', 'udp 127.0.0.1:51736 → 127.0.0.1:5353']);
  t.deepEqual(show(serverConnections(all)), ['tcp 127.0.0.1:7000 → 127.0.0.1:35192', 'tcp ::ffff:127.0.0.1:7001 → ::ffff:127.0.0.1:57774']);
  const [listener, conn] = parseProcNet(fixture('live-unshare-kernel-6.18/proc-net-tcp'), 'tcp').value;
  if (listener === undefined || conn === undefined) throw new Error('fixture changed');
  const elsewhere = { ...listener, local: { ...listener.local, address: '10.1.1.1', ipv4: '10.1.1.1' } };
  t.deepEqual(serverConnections([elsewhere, conn]), []);
  t.deepEqual(clientConnections([elsewhere, conn]), [conn]);
});

test('robinmonjo/dock: 138 connections to its port-80 and ssh listeners are server-side; 12 TIME_WAITs to backends are its own clients', (t) => {
  const all = parseProcNet(fixture('robinmonjo-dock/proc-net-tcp'), 'tcp').value;
  t.deepEqual(show(listeners(all)), ['tcp 0.0.0.0:22 → 0.0.0.0:0', 'tcp 0.0.0.0:80 → 0.0.0.0:0', 'tcp 0.0.0.0:9999 → 0.0.0.0:0', 'tcp 10.0.3.1:53 → 0.0.0.0:0']);
  const server = serverConnections(all);
  t.is(server.length, 138);
  t.is(server.filter((s) => s.local.port === 80).length, 136);
  t.deepEqual(show(server.filter((s) => s.local.port !== 80)), ['tcp 10.238.166.142:22 → 212.195.79.74:61300', 'tcp 10.238.166.142:22 → 212.195.79.74:61708']);
  const clients = clientConnections(all);
  t.is(clients.length, 12);
  t.true(clients.every((s) => s.state === 'TIME_WAIT' && (s.remote.address.startsWith('10.0.3.') || s.remote.port === 443)));
});
