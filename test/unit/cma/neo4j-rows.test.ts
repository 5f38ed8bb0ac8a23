// The Neo4j store's pure translation: records ↔ node properties round-trip exactly, and ring changes coalesce to
// the net effect of applying them in order (the real-Neo4j equivalence run is in test/integration/neo4j-store.test.ts).
import test from 'ava';
import { coalesceRingChanges, discoveryKey } from '../../../cma/store/index.ts';
import { eventFromProps, eventRow, formatWireAddress, hostFromProps, hostProps, parseWireAddress } from '../../../cma/store/neo4j-rows.ts';
import { hostRecord } from './store-contract.ts';

test('a host record survives hostProps → hostFromProps, Integers included; property names follow docs/graph-model.md', (t) => {
  const h = hostRecord(7, { addresses: [{ host: '198.18.0.7', port: 1984 }, { host: 'fe80::1', port: 0 }], status: 'dead', deadAtWallMs: 1_800_000_000_123, sessionId: 0xffff_fffe });
  const props = hostProps(h);
  t.deepEqual(Object.keys(props).filter((k) => k.endsWith('Ms')).sort(), ['deadAtMs', 'firstSeenMs', 'lastSeenMs', 'startedWallMs', 'statusSinceMs']);
  t.deepEqual(props.addresses, ['198.18.0.7:1984', '[fe80::1]:0']);
  t.deepEqual(hostFromProps({ hostId: h.hostId, ...props }), h);
  t.is(hostFromProps({ hostId: h.hostId, ...hostProps({ ...h, deadAtWallMs: null }) }).deadAtWallMs, null);
});

test('addresses: ip:port with IPv6 in brackets, and back', (t) => {
  for (const a of [{ host: '198.18.0.1', port: 1984 }, { host: '2001:db8::5', port: 65535 }, { host: '::ffff:198.18.0.1', port: 1 }]) {
    t.deepEqual(parseWireAddress(formatWireAddress(a)), a);
  }
});

test('events: detail as JSON text, and back', (t) => {
  const e = { id: 'a-1', wallMs: 5, type: 'report-dead' as const, hostId: null, ringId: 'top', detail: { reporter: 'x', counted: true, n: 3, list: ['a'] } };
  const row = eventRow(e);
  t.is(row.detail, JSON.stringify(e.detail));
  t.deepEqual(eventFromProps(row), e);
  t.is(discoveryKey('h', 'os'), '["h","os"]');
});

test('ring changes coalesce to their net effect in order', (t) => {
  const w = coalesceRingChanges([
    { kind: 'member-add', hostId: 'h0', ringId: 'subnet:a', position: 0 },
    { kind: 'ring-remove', ringId: 'subnet:a', placement: 'subnet:a' }, // cancels h0's add, drops stored members
    { kind: 'ring-add', ringId: 'subnet:a', placement: 'subnet:a' },
    { kind: 'member-add', hostId: 'h1', ringId: 'subnet:a', position: 3 },
    { kind: 'member-add', hostId: 'h2', ringId: 'subnet:b', position: 0 },
    { kind: 'member-remove', hostId: 'h2', ringId: 'subnet:b' },
    { kind: 'edge-add', a: 'h1', b: 'h2', ringId: 'subnet:a' },
    { kind: 'edge-remove', a: 'h2', b: 'h1', ringId: 'subnet:a' }, // same edge, other order: removed in the end
    { kind: 'edge-remove', a: 'h3', b: 'h4', ringId: 'subnet:a' },
    { kind: 'edge-add', a: 'h3', b: 'h4', ringId: 'subnet:a' },
  ]);
  t.deepEqual(w.ringsRemoved, ['subnet:a']);
  t.deepEqual(w.ringsAdded, [{ ringId: 'subnet:a', placement: 'subnet:a' }, { ringId: 'subnet:b', placement: 'subnet:b' }]);
  t.deepEqual(w.membersAdded.map((m) => [m.hostId, m.ringId, Number(m.position)]), [['h1', 'subnet:a', 3]]);
  t.deepEqual(w.membersRemoved, [{ hostId: 'h2', ringId: 'subnet:b' }]);
  t.deepEqual(w.edgesRemoved, [{ a: 'h2', b: 'h1', ringId: 'subnet:a' }]);
  t.deepEqual(w.edgesAdded, [{ a: 'h3', b: 'h4', ringId: 'subnet:a' }]);
});
