// Scenario files: defaults, refusal of anything malformed with the field named, and every built-in scenario
// parses.
import test from 'ava';
import { builtinScenarioNames, loadScenario, parseScenario, SimError } from '../../../simulator/index.ts';

const parse = (doc: unknown) => parseScenario(JSON.stringify(doc), 'test.json');

test('a minimal scenario gets the documented defaults', (t) => {
  const s = parse({ name: 'min', durationMs: 60_000 });
  t.is(s.timing, 'lan');
  t.is(s.world.hosts, 1_000);
  t.deepEqual(s.world.hostsPerSwitch, [24, 48]);
  t.is(s.cma.store, 'light');
  t.is(s.seed, 1);
  t.deepEqual(s.faults, []);
  t.is(s.healthy.toMs, 60_000);
  t.true(Object.isFrozen(s.world));
});

test('overrides replace the seed and the host count', (t) => {
  const s = parseScenario(JSON.stringify({ name: 'o', durationMs: 60_000, seed: 3, world: { hosts: 10 } }), 'x', { seed: 9, hosts: 77 });
  t.is(s.seed, 9);
  t.is(s.world.hosts, 77);
});

const BAD: readonly [string, unknown, RegExp][] = [
  ['not JSON', '{', /not valid JSON/],
  ['no name', { durationMs: 1_000 }, /scenario\.name is required/],
  ['unknown field', { name: 'x', durationMs: 1_000, wrold: {} }, /scenario\.wrold is not a known field/],
  ['bad timing', { name: 'x', durationMs: 1_000, timing: 'fast' }, /scenario\.timing must be "lan" or "wan"/],
  ['negative hosts', { name: 'x', durationMs: 1_000, world: { hosts: -1 } }, /scenario\.world\.hosts must be in/],
  ['fault kind', { name: 'x', durationMs: 1_000, faults: [{ kind: 'meteor', atMs: 0 }] }, /faults\[0\]\.kind must be one of/],
  ['fault after the end', { name: 'x', durationMs: 1_000, faults: [{ kind: 'loss', atMs: 5_000, rate: 0.1, forMs: 10 }] }, /faults\[0\]\.atMs must be in/],
  ['fault field', { name: 'x', durationMs: 1_000, faults: [{ kind: 'stall', atMs: 0, hosts: 1, forMs: 10, why: 1 }] }, /faults\[0\]\.why is not a known field/],
  ['storm without reserve', { name: 'x', durationMs: 1_000, faults: [{ kind: 'join-storm', atMs: 0, overMs: 10 }] }, /needs world\.reserveHosts/],
  ['bad range', { name: 'x', durationMs: 1_000, network: { sameDcMs: [5, 1] } }, /sameDcMs must satisfy/],
];

for (const [what, doc, message] of BAD) {
  test(`refused: ${what}`, (t) => {
    const err = t.throws(() => parseScenario(typeof doc === 'string' ? doc : JSON.stringify(doc), 'bad.json'), { instanceOf: SimError });
    t.is(err.code, 'SIM_BAD_SCENARIO');
    t.regex(err.message, /^bad\.json: /);
    t.regex(err.message, message);
  });
}

test('every built-in scenario parses, and an unknown name is SIM_UNKNOWN_SCENARIO', (t) => {
  const names = builtinScenarioNames();
  t.true(names.includes('smoke') && names.includes('switch-failure') && names.includes('loss-10'));
  for (const n of names) t.is(loadScenario(n).name, n);
  t.is(t.throws(() => loadScenario('no-such-scenario'), { instanceOf: SimError }).code, 'SIM_UNKNOWN_SCENARIO');
});
