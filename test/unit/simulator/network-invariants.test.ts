// SimNetwork's distances, dead switches and partitions; the engine's invariant checker catches what it must.
import test from 'ava';
import { planJoin, RingSet, type Placement } from '../../../cma/ring/index.ts';
import { SeededRng } from '../../../runtime/index.ts';
import { CMA_DEAD, CMA_HOST, CMA_UP, DEFAULT_NETWORK_PARAMS, DEFAULT_WORLD_PARAMS, generateWorld, hostIdOf, SimNetwork, simInvariantProblems } from '../../../simulator/index.ts';

const world = generateWorld({ ...DEFAULT_WORLD_PARAMS, hosts: 400, datacentres: 2 }, 1);
const first = (sw: number): number => world.switchFirstHost[sw] ?? 0;

test('latency grows with distance: same switch < same datacentre < across datacentres', (t) => {
  const net = new SimNetwork(world, { ...DEFAULT_NETWORK_PARAMS, tailRate: 0 }, new SeededRng(1));
  const a = first(0);
  for (let i = 0; i < 200; i++) {
    const same = net.latency(a, a + 1);
    const dc = net.latency(a, first(2)); // switches 0 and 2 are both in datacentre 0
    const cross = net.latency(a, first(1));
    t.true(same >= 0.05 && same <= 0.3);
    t.true(dc >= 0.2 && dc <= 1);
    t.true(cross >= 10 && cross <= 40);
  }
  t.true(net.latency(CMA_HOST, a) <= 1); // the CMA sits in datacentre 0
});

test('a dead switch drops everything of its hosts; a partition only what crosses it; loss adds up', (t) => {
  const net = new SimNetwork(world, DEFAULT_NETWORK_PARAMS, new SeededRng(2));
  const a = first(0);
  const b = first(1);
  net.setSwitchDead(0, true);
  t.false(net.reachable(a, a + 1));
  t.false(net.reachable(b, a));
  t.true(net.reachable(b, CMA_HOST));
  t.is(net.transmit(b, a), -1);
  t.is(net.stats.blocked, 1);
  net.setSwitchDead(0, false);
  net.setSwitchGroup(0, 1);
  t.true(net.reachable(a, a + 1));
  t.false(net.reachable(a, CMA_HOST));
  t.false(net.reachable(a, b));
  net.setSwitchGroup(0, 0);
  net.addLoss(0.3);
  net.addLoss(0.2);
  t.is(net.lossRate, 0.5);
  let lost = 0;
  for (let i = 0; i < 2_000; i++) if (net.transmit(a, b) < 0) lost++;
  t.true(lost > 850 && lost < 1_150, `${lost} lost`);
});

test('the invariant checker reports a watched host the CMA has dead, and is silent on sound rings', (t) => {
  const rings = new RingSet();
  const status = new Uint8Array(world.hostCount);
  const ring: Placement = 'switch:02:00:00:00:00:00';
  for (let h = 0; h < 5; h++) {
    planJoin(rings, { id: hostIdOf(world, h), placement: ring });
    status[h] = CMA_UP;
  }
  t.deepEqual(simInvariantProblems(rings, world, status, undefined), []);
  status[3] = CMA_DEAD;
  const problems = simInvariantProblems(rings, world, status, [ring]);
  t.is(problems.length, 1);
  t.regex(problems[0] ?? '', /is watched in switch:02:00:00:00:00:00 but is not up at the CMA/);
});
