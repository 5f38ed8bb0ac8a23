// Graph precision/recall against the ground truth with the real Neo4j store (issue 8): a 200-host `discovery` run
// of the virtual-time simulator writes through Neo4jGraphStore (the CMA's fact statements and its Cypher dependency
// derivation), the graph is read back with Cypher and compared per kind. Hosts, NICs, IPs and wiring are exact.
// Services and DEPENDS_ON are measured, and below 1: the derivation keys every clustered provider of one
// `<program>:<port>` with the smallest of their host ids, so distinct clusters of the same program and port
// (two apps' java:8080 tiers, two MySQL clusters) become one Service (docs/simulator.md "Graph precision and recall").
import test from 'ava';
import { Neo4jGraphStore } from '../../cma/store/index.ts';
import { buildReport, generateWorld, parseScenario, Simulation } from '../../simulator/index.ts';
import { useTestNeo4j } from '../helpers/neo4j-server.ts';

const db = useTestNeo4j(test);

test('a 200-host discovery run against Neo4j: hosts, NICs, IPs, wiring exact; services and dependencies measured', async (t) => {
  t.timeout(180_000);
  const store = await Neo4jGraphStore.open({ uri: db.uri, password: db.password });
  try {
    const sc = parseScenario(JSON.stringify({ name: 'neo4j-graph', durationMs: 45_000, discovery: true, world: { hosts: 200 }, expect: { allUpAtEnd: true } }), 'test');
    const sim = new Simulation(generateWorld(sc.world, sc.seed), sc, { store, readGraph: (cypher) => db.query(cypher) });
    const r = buildReport(sc, await sim.run());
    t.true(r.passed, r.expectations.map((e) => `${e.name}: ${e.actual}`).join('; '));
    t.is(r.storeError, null);
    const kinds = new Map((r.graph?.kinds ?? []).map((k) => [k.kind, k]));
    t.deepEqual(r.graph?.notMeasured, []);
    for (const kind of ['hosts', 'nics', 'ips', 'wiring'] as const) {
      t.like(kinds.get(kind), { expected: 200, found: 200, matched: 200, precision: 1, recall: 1 }, kind);
    }
    const services = kinds.get('services');
    const deps = kinds.get('dependencies');
    const hostDeps = kinds.get('hostDependencies');
    t.log(JSON.stringify([services, deps, hostDeps].map((k) => ({ kind: k?.kind, expected: k?.expected, found: k?.found, precision: k?.precision, recall: k?.recall }))));
    // every host's sshd:22 and nanoprobe:1984 plus the catalogue's services: found, and nearly all exactly
    t.true((services?.expected ?? 0) > 400 && (services?.recall ?? 0) > 0.95 && (services?.precision ?? 0) > 0.95);
    // the host-to-host edges are all there (recall 1); the merged services add edges to other apps' hosts
    t.is(hostDeps?.recall, 1);
    t.true((hostDeps?.precision ?? 1) < 1);
    t.true((deps?.found ?? 0) > 0);
    t.true((deps?.recall ?? 1) < 1, 'a merged Service never matches the cluster it should be');
    t.true((kinds.get('services')?.extra ?? []).some((s) => s.startsWith('java:8080|') && s.split(',').length > 6), 'one java:8080 Service over several apps');
  } finally {
    await store.close();
  }
});
