/** DISCOVERY diffs: apply(base, diff(base, next)) == next, for keyed kinds and generic payloads; bad diffs throw. */
import test from 'ava';
import * as fc from 'fast-check';
import { applyDiscoveryDiff, asDiscoveryDiff, compareKeyParts, contentHash, DiffApplyError, indexAndDiff, type KeyPart } from '../../../protocol/index.ts';

const conn = fc.record({ proto: fc.constantFrom('tcp', 'udp'), localAddress: fc.constantFrom('10.0.0.1', '10.0.0.2'), remoteAddress: fc.ipV4(), remotePort: fc.integer({ min: 1, max: 65_535 }), count: fc.nat(5), pids: fc.array(fc.nat(50), { maxLength: 3 }) });
const proc = fc.record({ pid: fc.nat(300), name: fc.string({ maxLength: 6 }), cmdline: fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }), uid: fc.option(fc.nat(2000)) });

/** A netstat-like payload, lists sorted and unique by their diff keys (as the builders make them). */
function sortedUnique<T extends Record<string, unknown>>(rows: T[], key: readonly string[]): T[] {
  const parts = (r: T): KeyPart[] => key.map((k) => r[k] as KeyPart);
  const seen = new Map<string, T>();
  for (const r of rows) seen.set(JSON.stringify(parts(r)), r);
  return [...seen.values()].sort((a, b) => compareKeyParts(parts(a), parts(b)));
}
const netstat = fc.record({ processes: fc.array(proc, { maxLength: 30 }), connections: fc.array(conn, { maxLength: 40 }), extra: fc.option(fc.string()) }).map((p) => ({
  processes: sortedUnique(p.processes, ['pid']),
  connections: sortedUnique(p.connections, ['proto', 'localAddress', 'remoteAddress', 'remotePort']),
  ...(p.extra === null ? {} : { extra: p.extra }),
}));

function roundTrip(kind: string, base: unknown, next: unknown): unknown {
  const b = indexAndDiff(kind, base, contentHash(base), undefined);
  const n = indexAndDiff(kind, next, contentHash(next), b.index, true);
  if (n.diff === undefined) throw new Error('no diff');
  const wire = asDiscoveryDiff(JSON.parse(JSON.stringify(n.diff)));
  return applyDiscoveryDiff(base, wire);
}

test('netstat-like payloads: apply(base, diff(base, next)) has next’s content hash', (t) => {
  fc.assert(
    fc.property(netstat, netstat, (base, next) => contentHash(roundTrip('netstat', base, next)) === contentHash(next)),
    { numRuns: 1_000 },
  );
  t.pass();
});

test('generic kinds (any JSON object, e.g. facts): apply(base, diff(base, next)) == next', (t) => {
  const obj = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 8 });
  fc.assert(fc.property(obj, obj, (base, next) => contentHash(roundTrip('facts', base, next)) === contentHash(next)), { numRuns: 1_000 });
  t.pass();
});

test('unsorted or unkeyed lists are sent whole, and still round-trip', (t) => {
  const base = { connections: [{ proto: 'tcp', localAddress: 'b', remoteAddress: 'x', remotePort: 1 }, { proto: 'tcp', localAddress: 'a', remoteAddress: 'x', remotePort: 1 }] };
  const next = { connections: [...base.connections, { proto: 'udp', localAddress: 'a', remoteAddress: 'y', remotePort: 2 }] };
  const b = indexAndDiff('netstat', base, contentHash(base), undefined);
  const n = indexAndDiff('netstat', next, contentHash(next), b.index, true);
  t.deepEqual(n.diff?.lists, {});
  t.deepEqual(n.diff?.set, { connections: next.connections });
  t.deepEqual(roundTrip('netstat', base, next), next);
});

test('a small change of a big payload gives a small diff; a total change gives none', (t) => {
  const rows = (n: number, from = 0): Record<string, unknown>[] => Array.from({ length: n }, (_, i) => ({ device: 'eth0', ip: `10.0.${(from + i) >> 8}.${(from + i) & 255}`, mac: '00:11:22:33:44:55', permanent: false })).sort((a, b) => compareKeyParts([a.device, a.ip], [b.device, b.ip]));
  const base = { neighbours: rows(1_000) };
  const next = { neighbours: [...base.neighbours.slice(1), { device: 'eth1', ip: '10.9.9.9', mac: 'aa:bb:cc:dd:ee:ff', permanent: true }] };
  const b = indexAndDiff('arp', base, contentHash(base), undefined);
  const n = indexAndDiff('arp', next, contentHash(next), b.index);
  t.truthy(n.diff);
  t.is(n.diff?.lists.neighbours?.upsert.length, 1);
  t.is(n.diff?.lists.neighbours?.remove.length, 1);
  t.true(n.diffChars * 100 < n.fullChars);
  t.is(contentHash(applyDiscoveryDiff(base, n.diff ?? asDiscoveryDiff(null))), contentHash(next));
  const other = { neighbours: rows(1_000, 5_000) };
  t.is(indexAndDiff('arp', other, contentHash(other), b.index).diff, undefined);
});

test('a diff that does not fit its base, or is malformed, throws DiffApplyError (PROTO_BAD_DIFF)', (t) => {
  const base = { neighbours: [{ device: 'eth0', ip: '10.0.0.1' }] };
  const bad = [null, [], { base: 1 }, { base: 'h', set: {}, unset: [1], lists: {} }, { base: 'h', set: {}, unset: [], lists: { neighbours: { key: [], remove: [], upsert: [] } } }];
  for (const p of bad) t.is(t.throws(() => asDiscoveryDiff(p), { instanceOf: DiffApplyError }).code, 'PROTO_BAD_DIFF');
  const removeMissing = asDiscoveryDiff({ base: 'h', set: {}, unset: [], lists: { neighbours: { key: ['device', 'ip'], remove: [['eth0', '10.0.0.2']], upsert: [] } } });
  t.throws(() => applyDiscoveryDiff(base, removeMissing), { instanceOf: DiffApplyError });
  const noList = asDiscoveryDiff({ base: 'h', set: {}, unset: [], lists: { other: { key: ['x'], remove: [], upsert: [{ x: 1 }] } } });
  t.throws(() => applyDiscoveryDiff(base, noList), { instanceOf: DiffApplyError });
  t.throws(() => applyDiscoveryDiff('not an object', removeMissing), { instanceOf: DiffApplyError });
});

test('compareKeyParts is a total order (antisymmetric, transitive) over mixed parts', (t) => {
  const key = fc.array(fc.oneof(fc.integer({ min: -5, max: 20 }), fc.string({ maxLength: 2 })), { maxLength: 3 });
  fc.assert(
    fc.property(key, key, key, (a, b, c) => {
      const s = (x: number): number => Math.sign(x);
      if (s(compareKeyParts(a, b)) !== -s(compareKeyParts(b, a))) return false;
      if (compareKeyParts(a, b) <= 0 && compareKeyParts(b, c) <= 0 && compareKeyParts(a, c) > 0) return false;
      return true;
    }),
    { numRuns: 2_000 },
  );
  t.pass();
});
