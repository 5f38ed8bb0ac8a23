// Graph precision/recall (issue 8) on a small world without the engine: every host's simulated discovery goes
// through the CMA's real translation (translateDiscovery) into the real MemoryGraphStore, is read back and compared
// with the ground truth — exact; then a wrong switch port and a dropped LLDP report lower wiring precision/recall.
import test from 'ava';
import { translateDiscovery } from '../../../cma/discovery/index.ts';
import { MemoryGraphStore, type StoreBatch } from '../../../cma/store/index.ts';
import { readMemoryGraph } from '../../../simulator/engine/graph-read.ts';
import { compareGraph, compareKind, type KindAccuracy } from '../../../simulator/report/graph-accuracy.ts';
import { lldpPayloadOf, netstatPayloadOf, simDiscoveryOutcome } from '../../../simulator/world/discovery.ts';
import { expectedGraph } from '../../../simulator/world/graph-truth.ts';
import { hostIdOf, hostIpOf } from '../../../simulator/world/identity.ts';
import { hostRecord } from '../cma/store-contract.ts';
import { DEFAULT_WORLD_PARAMS, generateWorld, type World } from '../../../simulator/world/world.ts';

const world = generateWorld({ ...DEFAULT_WORLD_PARAMS, hosts: 120, appsPer1000Hosts: 40 }, 3);
const HOSTS = Array.from({ length: world.hostCount }, (_, h) => h);

function report(w: World, h: number, kind: string, payload: unknown, wallMs: number): StoreBatch {
  const facts = translateDiscovery(kind, payload, { hostId: hostIdOf(w, h), addresses: [hostIpOf(w, h)] }, wallMs);
  return { hosts: [], ringChanges: [], events: [], discovery: [], facts: facts === undefined ? [] : [facts] };
}

async function discoveredStore(): Promise<MemoryGraphStore> {
  const store = new MemoryGraphStore();
  for (const h of HOSTS) {
    await store.apply({ hosts: [hostRecord(1, { hostId: hostIdOf(world, h) })], ringChanges: [], events: [], discovery: [] });
    for (const kind of ['inventory', 'lldp', 'netstat']) {
      const o = simDiscoveryOutcome(world, h, kind);
      if (!o.ok) throw new Error(o.reason);
      await store.apply(report(world, h, kind, o.payload, 1_000));
    }
  }
  return store;
}

const byKind = (kinds: readonly KindAccuracy[], kind: string): KindAccuracy | undefined => kinds.find((k) => k.kind === kind);

test('the simulated discovery, translated and stored by the real CMA code, is the ground truth exactly', async (t) => {
  const acc = compareGraph(expectedGraph(world, HOSTS), await readMemoryGraph(await discoveredStore()));
  t.deepEqual(acc.kinds.map((k) => k.kind), ['hosts', 'nics', 'ips', 'wiring']);
  t.deepEqual(acc.notMeasured, ['services', 'dependencies', 'hostDependencies'], 'the memory store derives no services');
  for (const k of acc.kinds) {
    t.is(k.expected, world.hostCount, k.kind);
    t.is(k.matched, k.expected, k.kind);
    t.is(k.found, k.expected, k.kind);
  }
  t.is(acc.minPrecision, 1);
  t.is(acc.minRecall, 1);
});

test('a wrong switch port lowers wiring precision and recall; a dropped LLDP report lowers recall only', async (t) => {
  const store = await discoveredStore();
  const truth = expectedGraph(world, HOSTS);
  const good = lldpPayloadOf(world, 5);
  const first = good.neighbours[0];
  if (first === undefined) throw new Error('host 5 hears no LLDP');
  await store.apply(report(world, 5, 'lldp', { neighbours: [{ ...first, portId: { subtype: 'ifname', value: 'Ethernet99' } }] }, 2_000));
  let wiring = byKind(compareGraph(truth, await readMemoryGraph(store)).kinds, 'wiring');
  t.is(wiring?.matched, world.hostCount - 1);
  t.is(wiring?.precision, (world.hostCount - 1) / world.hostCount);
  t.is(wiring?.recall, (world.hostCount - 1) / world.hostCount);
  t.true(wiring?.extra[0]?.endsWith(' Ethernet99'));

  await store.apply(report(world, 5, 'lldp', good, 3_000)); // right again
  await store.apply(report(world, 9, 'lldp', { neighbours: [] }, 3_000));
  wiring = byKind(compareGraph(truth, await readMemoryGraph(store)).kinds, 'wiring');
  t.is(wiring?.found, world.hostCount - 1);
  t.is(wiring?.precision, 1);
  t.is(wiring?.recall, (world.hostCount - 1) / world.hostCount);
  t.deepEqual(wiring?.missing.map((m) => m.split(' ')[0]), [hostIdOf(world, 9)]);
});

test('every host provides sshd:22 and nanoprobe:1984; servers list their service listener and client connections to every provider', (t) => {
  const app = world.services.services.find((s) => s.tier === 'app' && s.dependsOn.some((d) => (world.services.services[d]?.hosts.length ?? 0) >= 2));
  const h = app?.hosts[0];
  if (app === undefined || h === undefined) throw new Error('no app with a multi-host dependency');
  const p = netstatPayloadOf(world, h);
  t.deepEqual(p.listeners.map((l) => `${l.proto} ${l.address}:${l.port}`), ['tcp 0.0.0.0:22', 'tcp 0.0.0.0:8080', 'udp 0.0.0.0:1984']);
  const db = world.services.services[app.dependsOn.find((d) => (world.services.services[d]?.hosts.length ?? 0) >= 2) ?? -1];
  const dbIps = [...(db?.hosts ?? [])].map((x) => hostIpOf(world, x)).sort();
  t.deepEqual(p.connections.filter((c) => c.remotePort === 3306).map((c) => c.remoteAddress).sort(), dbIps);
  t.deepEqual(p.processes.map((x) => x.name).sort(), ['java', 'nanoprobe', 'sshd']);
  const services = expectedGraph(world, HOSTS).services;
  t.true(services?.has(`sshd:22|${hostIdOf(world, h)}`));
  t.true([...(services ?? [])].some((s) => s.startsWith('java:8080|') && s.includes(hostIdOf(world, h)) && s.includes(',')), 'a cluster service (it has clients)');
});

test('compareKind: precision and recall, 1 on empty sides, samples of what is missing and extra', (t) => {
  const k = compareKind('hosts', new Set(['a', 'b', 'c', 'd']), new Set(['b', 'c', 'x']));
  t.like(k, { expected: 4, found: 3, matched: 2, precision: 2 / 3, recall: 0.5 });
  t.deepEqual(k.missing, ['a', 'd']);
  t.deepEqual(k.extra, ['x']);
  t.like(compareKind('nics', new Set(), new Set()), { precision: 1, recall: 1 });
  t.like(compareKind('nics', new Set(['a']), new Set()), { precision: 1, recall: 0 });
  t.like(compareKind('nics', new Set(), new Set(['a'])), { precision: 0, recall: 1 });
});
