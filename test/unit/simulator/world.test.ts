// The generated world: reproducible from its seed, realistic sizes, unique well-formed identities, and
// discovery data (procfs sockets, LLDP) consistent with the ground truth it was generated from.
import test from 'ava';
import {
  DEFAULT_WORLD_PARAMS,
  dependenciesFromProcfs,
  dependencyPairs,
  generateWorld,
  hostIdOf,
  hostIndexOf,
  hostIpOf,
  lldpOf,
  procfsOf,
  switchSubnet,
} from '../../../simulator/index.ts';

const params = { ...DEFAULT_WORLD_PARAMS, hosts: 5_000, datacentres: 3, lldpFraction: 0.9 };

test('the same seed gives the same world; another seed another one', (t) => {
  const a = generateWorld(params, 11);
  const b = generateWorld(params, 11);
  const c = generateWorld(params, 12);
  t.deepEqual(a.hostSwitch, b.hostSwitch);
  t.deepEqual(a.hostEntropy, b.hostEntropy);
  t.deepEqual(dependencyPairs(a.services), dependencyPairs(b.services));
  t.notDeepEqual(a.hostEntropy, c.hostEntropy);
});

test('switches hold 24–48 hosts (the last may be smaller), spread over the datacentres, one /24 each', (t) => {
  const w = generateWorld(params, 1);
  let total = 0;
  for (let sw = 0; sw < w.switchCount; sw++) {
    const size = w.switchSize[sw] ?? 0;
    total += size;
    if (sw < w.switchCount - 1) t.true(size >= 24 && size <= 48, `switch ${sw} has ${size}`);
    t.is(w.switchDc[sw], sw % 3);
  }
  t.is(total, 5_000);
  const first = w.switchFirstHost[7] ?? 0;
  t.is(hostIpOf(w, first), `10.0.7.10`);
  t.is(switchSubnet(7), '10.0.7.0/24');
});

test('host ids are unique 32-hex strings that encode their index', (t) => {
  const w = generateWorld(params, 3);
  const ids = new Set<string>();
  for (let h = 0; h < w.hostCount; h++) {
    const id = hostIdOf(w, h);
    t.regex(id, /^[0-9a-f]{32}$/);
    t.is(hostIndexOf(w, id), h);
    ids.add(id);
  }
  t.is(ids.size, w.hostCount);
  t.is(hostIndexOf(w, 'c'.repeat(32)), -1);
});

test('LLDP names each host\'s own switch and port, for about lldpFraction of the hosts', (t) => {
  const w = generateWorld(params, 4);
  let heard = 0;
  for (let h = 0; h < w.hostCount; h++) {
    const l = lldpOf(w, h);
    if (l === undefined) continue;
    heard++;
    t.is(l.portId, `Ethernet${(w.hostSlot[h] ?? 0) + 1}`);
    t.true(l.chassisId.endsWith((w.hostSwitch[h] ?? 0).toString(16).padStart(2, '0')));
  }
  t.true(heard > 0.85 * w.hostCount && heard < 0.95 * w.hostCount, `${heard} hosts hear LLDP`);
});

test('services form multi-tier apps with shared databases and external endpoints', (t) => {
  const w = generateWorld(params, 5);
  const tiers = new Set(w.services.services.map((s) => s.tier));
  t.deepEqual([...tiers].sort(), ['app', 'db', 'external', 'web']);
  const pairs = dependencyPairs(w.services);
  t.true(pairs.some((p) => /-web -> app\d+-app$/.test(p)));
  t.true(pairs.some((p) => /-app -> shared-db-\d+$/.test(p)));
  t.true(pairs.some((p) => /-app -> ext-api-\d+$/.test(p)));
  // Each host serves at most one service; the rest run only sshd and the nanoprobe.
  const served = w.services.services.reduce((n, s) => n + s.hosts.length, 0);
  t.is(served, [...w.services.hostService].filter((s) => s >= 0).length);
});

test('the dependencies inferred from every host\'s sockets equal the ground truth', (t) => {
  const w = generateWorld(params, 6);
  const all = Array.from({ length: w.hostCount }, (_, h) => h);
  t.deepEqual(dependenciesFromProcfs(w, all), dependencyPairs(w.services));
});

test('procfs shows sshd and the nanoprobe on every host and a service listener on servers', (t) => {
  const w = generateWorld(params, 7);
  const server = w.services.services.find((s) => s.tier === 'db' && s.hosts.length > 0);
  const h = server?.hosts[0] ?? 0;
  const socks = procfsOf(w, h);
  t.true(socks.some((s) => s.state === 'LISTEN' && s.local === '0.0.0.0:22'));
  t.true(socks.some((s) => s.proto === 'udp' && s.local === '0.0.0.0:1984'));
  t.true(socks.some((s) => s.state === 'LISTEN' && s.local === '0.0.0.0:3306' && s.exe === '/usr/sbin/mysqld'));
});
