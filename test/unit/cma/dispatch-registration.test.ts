// CmaCore registration: STARTUP of new hosts (SETCONFIG first, then SENDEXPECTHB pairs that rebuild the rings'
// edges), idempotent re-STARTUP, restarts, address changes, LLDP placement moves. Explicit times, no clock.
import test from 'ava';
import { EdgeModel, checkRingInvariants, edgeKey, type RingCommand } from '../../../cma/ring/index.ts';
import type { CmaEffect } from '../../../cma/dispatch/index.ts';
import { CmaBench, effectsOf, hid, sends, startupOf } from '../../helpers/cma-harness.ts';

/** Rebuilds start/stop commands from SENDEXPECTHB / STOPSENDEXPECTHB pairs (a→b immediately followed by b→a). */
function commandsOf(effects: readonly CmaEffect[]): { commands: RingCommand[]; unpaired: string[] } {
  const msgs = effectsOf(effects, 'send').filter((e) => e.msg.type === 'SENDEXPECTHB' || e.msg.type === 'STOPSENDEXPECTHB');
  const commands: RingCommand[] = [];
  const unpaired: string[] = [];
  for (let i = 0; i < msgs.length; i += 2) {
    const x = msgs[i];
    const y = msgs[i + 1];
    if (x === undefined || y === undefined || x.msg.type !== y.msg.type) {
      unpaired.push(JSON.stringify(x));
      break;
    }
    const [mx, my] = [x.msg, y.msg] as [{ peerId: string; ringId: string }, { peerId: string; ringId: string }];
    if (mx.peerId !== y.to || my.peerId !== x.to || mx.ringId !== my.ringId) unpaired.push(`${x.to}/${y.to}`);
    const [a, b] = x.to < y.to ? [x.to, y.to] : [y.to, x.to];
    commands.push({ kind: x.msg.type === 'SENDEXPECTHB' ? 'start' : 'stop', a, b, ringId: mx.ringId } as RingCommand);
  }
  return { commands, unpaired };
}

for (const count of [1, 2, 3, 10]) {
  test(`registering ${count} host(s): store first, add-peer and SETCONFIG first to the new host, SENDEXPECTHB pairs rebuild the rings' edges`, (t) => {
    const bench = new CmaBench();
    const model = new EdgeModel();
    for (let n = 1; n <= count; n++) {
      const effects = bench.register(n, n % 2, 1);
      t.is(effects[0]?.kind, 'store');
      const store = effectsOf(effects, 'store')[0];
      t.is(store?.batch.hosts[0]?.hostId, hid(n));
      t.is(store?.batch.hosts[0]?.status, 'up');
      t.true((store?.batch.ringChanges.length ?? 0) > 0, 'the join is stored');
      t.deepEqual(store?.batch.events.map((e) => e.type), ['host-join']);
      const firstToNew = effects.findIndex((e) => e.kind === 'send' && e.to === hid(n));
      const addPeer = effects.findIndex((e) => e.kind === 'add-peer' && e.hostId === hid(n));
      t.true(addPeer >= 0 && addPeer < firstToNew, 'add-peer before the first send to the new host');
      const sent = effectsOf(effects, 'send');
      t.is(sent[0]?.msg.type, 'SETCONFIG');
      t.is(sent[0]?.to, hid(n));
      t.is(sent.filter((e) => e.msg.type === 'SETCONFIG').length, 1);
      const { commands, unpaired } = commandsOf(effects);
      t.deepEqual(unpaired, []);
      t.deepEqual(model.applyAll(commands), []);
    }
    const want = bench.core.ringSet.edges().map((e) => edgeKey(e.ringId, e.a, e.b)).sort();
    t.deepEqual([...model.keys()].sort(), want);
    t.deepEqual(checkRingInvariants(bench.core.ringSet, { model }), []);
    t.deepEqual(bench.viewProblems(), []);
    t.is(bench.core.status().hosts.up, count);
  });
}

test('SETCONFIG carries the CMA id, session, addresses and default lan timing', (t) => {
  const bench = new CmaBench();
  const setConfig = effectsOf(bench.register(1), 'send')[0]?.msg;
  t.like(setConfig, { type: 'SETCONFIG', cmaId: 'c'.repeat(32), cmaSession: 7, hostId: hid(1), timing: { intervalMs: 1000, lateMs: 2000, deadMs: 3000 } });
  t.deepEqual(setConfig?.type === 'SETCONFIG' ? setConfig.cmaAddresses : [], [{ host: '198.18.255.1', port: 1984 }]);
});

test('a new host is placed in subnet:<cidr> of its first address (/24 IPv4, /64 IPv6)', (t) => {
  const bench = new CmaBench();
  bench.register(1, 3);
  t.is(bench.core.ringSet.ringOf(hid(1)), 'subnet:198.18.3.0/24');
  const v6 = { ...startupOf(2), addresses: [{ host: '2001:DB8:0:0:AB::5', port: 1984 }] };
  bench.run({ kind: 'startup', msg: v6, viaChannel: false });
  t.is(bench.core.ringSet.ringOf(hid(2)), 'subnet:2001:db8::/64');
});

test('re-STARTUP of a known host (resync over the channel) is idempotent: no ring change, SETCONFIG and its edges again', (t) => {
  const bench = new CmaBench();
  for (let n = 1; n <= 4; n++) bench.register(n);
  const before = bench.core.ringSet.records();
  const effects = bench.run({ kind: 'startup', msg: startupOf(3), viaChannel: true, seq: 1 });
  const store = effectsOf(effects, 'store')[0];
  t.deepEqual(store?.batch.ringChanges, []);
  t.deepEqual(store?.batch.events, []);
  t.deepEqual(store?.commits, [{ from: hid(3), seq: 1 }]);
  t.deepEqual(bench.core.ringSet.records(), before);
  const peers = bench.core.ringSet.neighbours(hid(3)).flatMap((n) => n.peers.map((p) => `SENDEXPECTHB h3→h${parseInt(p, 16)}@${n.ringId}`));
  t.deepEqual(sends(effects), ['SETCONFIG h3', ...peers]);
  t.false(sends(effects).some((s) => s.startsWith('STOP')));
  t.deepEqual(bench.viewProblems(), []);
});

test('a plain STARTUP retry of a session this CMA already greeted gets SETCONFIG only: no store write, no edges again', (t) => {
  const bench = new CmaBench();
  for (let n = 1; n <= 4; n++) bench.register(n);
  const before = bench.core.ringSet.records();
  const retry = bench.run({ kind: 'startup', msg: startupOf(3), viaChannel: false });
  t.deepEqual(effectsOf(retry, 'store'), [], 'nothing to write');
  t.deepEqual(sends(retry), ['SETCONFIG h3']);
  t.deepEqual(bench.core.ringSet.records(), before);
  // Over the channel (a resync), it is the full answer again: SETCONFIG and every edge.
  const resync = bench.run({ kind: 'startup', msg: startupOf(3), viaChannel: true, seq: 1 });
  t.true(sends(resync).filter((x) => x.startsWith('SENDEXPECTHB h3')).length >= 2, sends(resync).join(', '));
  t.deepEqual(bench.viewProblems(), []);
});

test('a restarted nanoprobe (new session) gets its config and edges back and a host-restart event, without a second join', (t) => {
  const bench = new CmaBench();
  for (let n = 1; n <= 5; n++) bench.register(n);
  const before = bench.core.ringSet.records();
  const effects = bench.register(2, 0, 2); // the bench forgets h2's edges: a new process runs none
  t.deepEqual(effectsOf(effects, 'store')[0]?.batch.events.map((e) => e.type), ['host-restart']);
  t.deepEqual(bench.core.ringSet.records(), before);
  t.deepEqual(bench.viewProblems(), []);
});

test('a known host whose address changed: its peers are told the new address; a subnet change moves it', (t) => {
  const bench = new CmaBench();
  for (let n = 1; n <= 4; n++) bench.register(n);
  const moved = { ...startupOf(2), addresses: [{ host: '198.18.0.99', port: 2000 }] };
  const effects = bench.run({ kind: 'startup', msg: moved, viaChannel: true });
  const toPeers = effectsOf(effects, 'send').filter((e) => e.msg.type === 'SENDEXPECTHB' && e.msg.peerId === hid(2));
  t.true(toPeers.length >= 2);
  t.true(toPeers.every((e) => e.msg.type === 'SENDEXPECTHB' && e.msg.address.port === 2000));
  const other = { ...startupOf(2), addresses: [{ host: '198.18.9.9', port: 2000 }] };
  bench.run({ kind: 'startup', msg: other, viaChannel: true });
  t.is(bench.core.ringSet.ringOf(hid(2)), 'subnet:198.18.9.0/24');
  t.deepEqual(checkRingInvariants(bench.core.ringSet), []);
  t.deepEqual(bench.viewProblems(), []);
});

test('LLDP placement input moves the host to its switch ring without losing an edge; a bad key is ignored', (t) => {
  const bench = new CmaBench();
  for (let n = 1; n <= 5; n++) bench.register(n);
  const effects = bench.run({ kind: 'placement', hostId: hid(3), placement: 'switch:00:11:22:33:44:55' });
  t.is(bench.core.ringSet.ringOf(hid(3)), 'switch:00:11:22:33:44:55');
  t.deepEqual(effectsOf(effects, 'store')[0]?.batch.events.map((e) => e.type), ['host-move']);
  t.deepEqual(bench.viewProblems(), []);
  t.is(bench.core.hosts().find((h) => h.hostId === hid(3))?.placement, 'switch:00:11:22:33:44:55');
  const bad = bench.run({ kind: 'placement', hostId: hid(3), placement: 'rack:7' });
  t.deepEqual(effectsOf(bad, 'log').map((l) => l.level), ['warn']);
  t.is(effectsOf(bad, 'store').length, 0);
});

test('a STARTUP without an address is ignored with a warning (and committed when it came over the channel)', (t) => {
  const bench = new CmaBench();
  const effects = bench.run({ kind: 'startup', msg: { ...startupOf(1), addresses: [] }, viaChannel: true, seq: 4 });
  t.deepEqual(effects.map((e) => e.kind), ['commit', 'log']);
  t.is(bench.core.status().hosts.total, 0);
});

test('a STARTUP with another key for a known host id is ignored', (t) => {
  const bench = new CmaBench();
  bench.register(1);
  const effects = bench.run({ kind: 'startup', msg: { ...startupOf(1), publicKey: new Uint8Array(32).fill(9) }, viaChannel: false });
  t.deepEqual(effects.map((e) => e.kind), ['log']);
});

test('views: status, hosts and rings are plain data', (t) => {
  const bench = new CmaBench();
  for (let n = 1; n <= 3; n++) bench.register(n);
  t.deepEqual(bench.core.status(), {
    cmaId: 'c'.repeat(32),
    cmaSession: 7,
    hosts: { total: 3, up: 3, dead: 0, shutdown: 0 },
    localRings: 1,
    topRingMembers: 2,
    suspects: 0,
  });
  const h1 = bench.core.hosts()[0];
  t.like(h1, { hostId: hid(1), hostname: 'host1', status: 'up', ringId: 'subnet:198.18.0.0/24', representative: true, address: '198.18.0.2:1984' });
  t.deepEqual(
    bench.core.rings().map((r) => [r.ringId, r.members.length, r.edges]),
    [
      ['subnet:198.18.0.0/24', 3, 3],
      ['top', 2, 1],
    ],
  );
});
