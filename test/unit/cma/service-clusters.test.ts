import test from 'ava';
import fc from 'fast-check';
import { clusterServices, type ProviderRow } from '../../../cma/store/service-clusters.ts';

const row = (name: string, hostId: string, clients: readonly string[], process = `${hostId}/${name}`): ProviderRow => ({ name, base: name.split(':')[0] ?? name, port: Number(name.split(':')[1]), proto: 'tcp', hostId, process, clients });
const keysOf = (rows: readonly ProviderRow[]): string[] => clusterServices(rows).map((s) => s.key);

test('one listener, or listeners nobody shares: one service per host', (t) => {
  t.deepEqual(keysOf([row('redis-server:6379', 'h1', ['c1', 'c2']), row('redis-server:6379', 'h2', ['c3']), row('sshd:22', 'h1', [])]), ['redis-server:6379@h1', 'redis-server:6379@h2', 'sshd:22@h1']);
});

test('replicas behind the same clients are one service keyed by the smallest host id', (t) => {
  t.deepEqual(keysOf([row('haproxy:80', 'h9', ['lb']), row('python3:8080', 'h7', ['lb']), row('python3:8080', 'h3', ['lb'])]), ['haproxy:80@h9', 'python3:8080@cluster:h3', 'python3:8080@cluster:h3']);
});

test('two tiers of one program:port with no client in common stay two services', (t) => {
  const rows = [row('java:8080', 'a1', ['lbA']), row('java:8080', 'a2', ['lbA']), row('java:8080', 'b1', ['lbB']), row('java:8080', 'b2', ['lbB'])];
  t.deepEqual(keysOf(rows), ['java:8080@cluster:a1', 'java:8080@cluster:a1', 'java:8080@cluster:b1', 'java:8080@cluster:b1']);
});

test("an app's own database does not merge with the shared cluster it also uses; replicas with an extra client still do", (t) => {
  const appA = ['a-web1', 'a-web2'];
  const shared = [...appA, 'b-web1', 'b-web2', 'c-web1', 'c-web2'];
  const rows = [
    row('mysqld:3306', 'own', appA),
    row('mysqld:3306', 's1', shared),
    row('mysqld:3306', 's2', [...shared, 'backup-job']),
    row('mysqld:3306', 's3', shared),
  ];
  t.deepEqual(keysOf(rows), ['mysqld:3306@own', 'mysqld:3306@cluster:s1', 'mysqld:3306@cluster:s1', 'mysqld:3306@cluster:s1']);
});

test('replicas linked through a chain of mostly shared clients are one service (transitively); half shared is not enough', (t) => {
  const rows = [row('nginx:443', 'h1', ['a', 'b', 'c', 'd']), row('nginx:443', 'h2', ['b', 'c', 'd', 'e']), row('nginx:443', 'h3', ['c', 'd', 'e', 'f'])];
  t.deepEqual(keysOf(rows), ['nginx:443@cluster:h1', 'nginx:443@cluster:h1', 'nginx:443@cluster:h1']);
  t.deepEqual(keysOf([row('nginx:443', 'h1', ['a', 'b']), row('nginx:443', 'h2', ['b', 'c'])]), ['nginx:443@h1', 'nginx:443@h2']);
});

test('two listeners of one name on ONE host sharing clients are that host\'s service, not a cluster', (t) => {
  t.deepEqual(keysOf([row('x:1', 'h1', ['c'], 'p1'), row('x:1', 'h1', ['c'], 'p2')]), ['x:1@h1', 'x:1@h1']);
});

test('property: the grouping does not depend on the order of the rows or of the clients', (t) => {
  const arb = fc.array(fc.record({ host: fc.constantFrom('h1', 'h2', 'h3', 'h4', 'h5'), name: fc.constantFrom('a:1', 'b:2'), clients: fc.uniqueArray(fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c5', 'c6'), { maxLength: 4 }) }), { maxLength: 12 });
  fc.assert(
    fc.property(arb, fc.infiniteStream(fc.nat()), (specs, seeds) => {
      const rows = specs.map((s, i) => row(s.name, s.host, s.clients, `p${i}`));
      const byProcess = (rs: readonly ProviderRow[]): string[] => clusterServices(rs).map((s) => `${s.process} ${s.key}`).sort();
      const it = seeds[Symbol.iterator]();
      const shuffled = rows.map((r) => ({ r: { ...r, clients: [...r.clients].reverse() }, k: Number(it.next().value ?? 0) })).sort((x, y) => x.k - y.k).map((x) => x.r);
      t.deepEqual(byProcess(shuffled), byProcess(rows));
    }),
    { numRuns: 1_000 },
  );
});

test('a cluster keeps its key when a replica joins with a smaller host id, or the one that named it leaves', (t) => {
  const withKey = (r: ProviderRow, key: string): ProviderRow => ({ ...r, current: [key] });
  const k = 'pg:5432@cluster:h5';
  // h1 joins (smaller id): the Service keeps h5's name
  t.deepEqual(keysOf([withKey(row('pg:5432', 'h5', ['c']), k), withKey(row('pg:5432', 'h6', ['c']), k), row('pg:5432', 'h1', ['c'])]), [k, k, k]);
  // h5 leaves: the rest keep the key
  t.deepEqual(keysOf([withKey(row('pg:5432', 'h6', ['c']), k), withKey(row('pg:5432', 'h7', ['c']), k)]), [k, k]);
});

test('a cluster that splits: the larger part keeps the key, the other gets its own (never the same key twice)', (t) => {
  const k = 'pg:5432@cluster:h1';
  const rows = [row('pg:5432', 'h1', ['a'], 'p1'), row('pg:5432', 'h2', ['a'], 'p2'), row('pg:5432', 'h3', ['b'], 'p3'), row('pg:5432', 'h4', ['b'], 'p4'), row('pg:5432', 'h5', ['b'], 'p5')].map((r) => ({ ...r, current: [k] }));
  t.deepEqual(keysOf(rows), ['pg:5432@cluster:h1#2', 'pg:5432@cluster:h1#2', k, k, k]);
});

test('two equal replica groups on the same hosts: which one keeps the plain key does not depend on row order', (t) => {
  const rows = [row('a:1', 'h2', ['c1'], 'p0'), row('a:1', 'h3', ['c1'], 'p4'), row('a:1', 'h2', ['c2'], 'p5'), row('a:1', 'h3', ['c2'], 'p8')];
  const byProcess = (rs: readonly ProviderRow[]): string[] => clusterServices(rs).map((s) => `${s.process} ${s.key}`).sort();
  t.deepEqual(byProcess(rows), ['p0 a:1@cluster:h2', 'p4 a:1@cluster:h2', 'p5 a:1@cluster:h2#2', 'p8 a:1@cluster:h2#2']);
  t.deepEqual(byProcess([...rows].reverse()), byProcess(rows));
});

test('a group that can keep its key keeps it, even when a larger new group would be named the same', (t) => {
  const cur = (r: ProviderRow, current: string[]): ProviderRow => ({ ...r, current });
  const old = 'pg:5432@cluster:h2';
  const rows = [
    cur(row('pg:5432', 'h3', ['a']), [old]),
    cur(row('pg:5432', 'h4', ['a']), [old]),
    cur(row('pg:5432', 'h2', ['b']), ['pg:5432@h2']),
    row('pg:5432', 'h5', ['b']),
    row('pg:5432', 'h6', ['b']),
  ];
  t.deepEqual(keysOf(rows), [old, old, `${old}#2`, `${old}#2`, `${old}#2`]);
});

test('a key held outside the rows (reserved) is never given to a new group', (t) => {
  const rows = [row('pg:5432', 'h2', ['b']), row('pg:5432', 'h5', ['b'])];
  t.deepEqual(
    clusterServices(rows, new Set(['pg:5432@cluster:h2'])).map((s) => s.key),
    ['pg:5432@cluster:h2#2', 'pg:5432@cluster:h2#2'],
  );
});
