// Graph precision/recall against the ground truth with the real Neo4j store (issue 8): a 200-host `discovery` run
// of the virtual-time simulator writes through Neo4jGraphStore (the CMA's fact statements and its Cypher dependency
// derivation), the graph is read back with Cypher and compared per kind: every kind is exact. The world has what
// fooled the first derivation (docs/simulator.md "Graph precision and recall"): several apps' java:8080 tiers, and
// an app using both its own mysqld:3306 and a shared MySQL cluster — each must stay its own Service.
import test from 'ava';
import { Neo4jGraphStore } from '../../cma/store/index.ts';
import { buildReport, generateWorld, parseScenario, Simulation } from '../../simulator/index.ts';
import { useTestNeo4j } from '../helpers/neo4j-server.ts';

const db = useTestNeo4j(test);

test('a 200-host discovery run against Neo4j: hosts, NICs, IPs, wiring, services and dependencies are the ground truth exactly', async (t) => {
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
    for (const kind of ['services', 'dependencies', 'hostDependencies'] as const) {
      const k = kinds.get(kind);
      t.log(JSON.stringify({ kind, expected: k?.expected, found: k?.found, missing: k?.missing, extra: k?.extra }));
      t.like(k, { precision: 1, recall: 1 }, kind);
    }
    // every host's sshd:22 and nanoprobe:1984 plus the catalogue's services, and some dependencies to check
    t.true((kinds.get('services')?.expected ?? 0) > 400);
    t.true((kinds.get('dependencies')?.expected ?? 0) > 20);
  } finally {
    await store.close();
  }
});
