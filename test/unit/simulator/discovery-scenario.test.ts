// A `discovery` scenario end to end in virtual time: 400 hosts' NanoprobeCores run their SETCONFIG discovery plan,
// the simulated collectors answer, DISCOVERY reports cross the modelled channel into the real CmaCore, and the
// MemoryGraphStore's graph is compared with the ground truth (hosts, NICs, IPs, switch-port wiring: exact). Without
// `discovery` the run is the one it always was: no report, no graph figures.
import test from 'ava';
import { parseScenario, runScenario, type Scenario } from '../../../simulator/index.ts';

const scenario = (doc: Record<string, unknown>): Scenario => parseScenario(JSON.stringify({ name: 'discovery-test', durationMs: 60_000, world: { hosts: 400, lldpFraction: 0.8 }, ...doc }), 'test');

test('discovery: the graph the CMA stored has precision and recall 1 for hosts, NICs, IPs and wiring; LLDP places the hosts', async (t) => {
  const r = await runScenario(scenario({ discovery: true, cma: { store: 'memory' }, expect: { graphPrecisionMin: 1, graphRecallMin: 1, allUpAtEnd: true, falseDeathsMax: 0 } }));
  t.true(r.passed, r.expectations.map((e) => `${e.name}: ${e.actual}`).join('; '));
  const g = r.graph;
  if (g === null) throw new Error('no graph figures');
  t.deepEqual(g.kinds.map((k) => [k.kind, k.expected, k.found, k.matched]), [
    ['hosts', 400, 400, 400],
    ['nics', 400, 400, 400],
    ['ips', 400, 400, 400],
    // lldpFraction 0.8: only the hosts that hear LLDP are wired
    ['wiring', g.kinds[3]?.expected ?? 0, g.kinds[3]?.expected ?? 0, g.kinds[3]?.expected ?? 0],
  ]);
  const wired = g.kinds[3]?.expected ?? 0;
  t.true(wired > 280 && wired < 360, `${wired} wired`);
  t.deepEqual(g.notMeasured, ['services', 'dependencies', 'hostDependencies']);
  // the placement came from the lldp DISCOVERY (the PLACEMENT shortcut is off): one switch ring per LLDP rack, subnet rings for the rest
  t.true(r.cma.final.rings > 8);
  t.is(r.storeError, null);
});

test('without discovery: no graph figures, and a graph expectation fails as not measured', async (t) => {
  const r = await runScenario(scenario({ durationMs: 20_000, world: { hosts: 100 }, cma: { store: 'memory' }, expect: { graphRecallMin: 1 } }));
  t.is(r.graph, null);
  t.false(r.passed);
  t.deepEqual(r.expectations.map((e) => [e.name, e.ok, e.actual]), [['graph recall (lowest kind)', false, 'not measured']]);
});
