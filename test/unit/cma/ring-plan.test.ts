// Unit cases of the ring planner: joins into rings of 0–3, leaves down to 0, moves, representative replacement.
import test from 'ava';
import {
  EdgeModel,
  RingSet,
  checkRingInvariants,
  planJoin,
  planLeave,
  planMove,
  type Placement,
  type RingCommand,
  type RingPlan,
} from '../../../cma/ring/index.ts';
import { RingGraphModel } from '../../helpers/ring-graph-model.ts';

const S1: Placement = 'switch:00:11:22:33:44:01';
const S2: Placement = 'switch:00:11:22:33:44:02';

/** A RingSet with the edge and graph models that follow its plans, checked after every plan. */
function harness(): { rings: RingSet; run: (plan: RingPlan) => RingPlan; model: EdgeModel } {
  const rings = new RingSet();
  const model = new EdgeModel();
  const graph = new RingGraphModel();
  const run = (plan: RingPlan): RingPlan => {
    const problems = [...model.applyAll(plan.commands), ...graph.apply(plan.graphChanges), ...graph.diff(rings), ...checkRingInvariants(rings, { model })];
    if (problems.length > 0) throw new Error(problems.join('\n'));
    return plan;
  };
  return { rings, run, model };
}

const cmd = (kind: 'start' | 'stop', a: string, b: string, ringId: string): RingCommand => ({ kind, a, b, ringId } as RingCommand);

test('join into an empty ring: no heartbeats, ring and top ring created, host is a representative', (t) => {
  const { rings, run } = harness();
  const plan = run(planJoin(rings, { id: 'h1', placement: S1 }));
  t.is(plan.next, rings);
  t.deepEqual(plan.commands, []);
  t.deepEqual(plan.graphChanges, [
    { kind: 'ring-add', ringId: S1, placement: S1 },
    { kind: 'ring-add', ringId: 'top', placement: 'top' },
    { kind: 'member-add', hostId: 'h1', ringId: S1, position: 0 },
    { kind: 'member-add', hostId: 'h1', ringId: 'top', position: 0 },
  ]);
  t.deepEqual(rings.neighbours('h1'), [{ ringId: S1, peers: [] }, { ringId: 'top', peers: [] }]);
  t.deepEqual(rings.watchersOf('h1'), []);
  t.is(rings.ringOf('h1'), S1);
  t.is(rings.size, 1);
});

test('join into a ring of 1: one edge in the local ring and one in the top ring', (t) => {
  const { rings, run } = harness();
  run(planJoin(rings, { id: 'h1', placement: S1 }));
  const plan = run(planJoin(rings, { id: 'h2', placement: S1 }));
  t.deepEqual(plan.commands, [cmd('start', 'h1', 'h2', S1), cmd('start', 'h1', 'h2', 'top')]);
  t.deepEqual(rings.watchersOf('h2'), ['h1']);
  t.deepEqual(rings.representatives(S1), ['h1', 'h2']);
});

test('join into a ring of 2: two starts, no stop (the old edge stays in the triangle), top ring unchanged', (t) => {
  const { rings, run } = harness();
  run(planJoin(rings, { id: 'h1', placement: S1 }));
  run(planJoin(rings, { id: 'h2', placement: S1 }));
  const plan = run(planJoin(rings, { id: 'h3', placement: S1 }));
  t.deepEqual(plan.commands, [cmd('start', 'h2', 'h3', S1), cmd('start', 'h1', 'h3', S1)]);
  t.deepEqual(rings.members(S1), ['h1', 'h2', 'h3']);
  t.deepEqual(rings.members('top'), ['h1', 'h2']);
  t.false(rings.isRepresentative('h3'));
});

test('join into a ring of 3: new host between tail and head, their edge stopped after the starts', (t) => {
  const { rings, run } = harness();
  for (const id of ['h1', 'h2', 'h3']) run(planJoin(rings, { id, placement: S1 }));
  const plan = run(planJoin(rings, { id: 'h4', placement: S1 }));
  t.deepEqual(plan.commands, [cmd('start', 'h3', 'h4', S1), cmd('start', 'h1', 'h4', S1), cmd('stop', 'h1', 'h3', S1)]);
  t.deepEqual(rings.neighbours('h4'), [{ ringId: S1, peers: ['h3', 'h1'] }]);
  t.deepEqual(
    plan.graphChanges.map((c) => c.kind),
    ['member-add', 'edge-add', 'edge-add', 'edge-remove'],
  );
});

test('leave down to 0: neighbours linked, ring and top ring removed at the end', (t) => {
  const { rings, run } = harness();
  for (const id of ['h1', 'h2', 'h3', 'h4']) run(planJoin(rings, { id, placement: S1 }));
  t.deepEqual(run(planLeave(rings, 'h3', 'dead')).commands, [cmd('start', 'h2', 'h4', S1), cmd('stop', 'h2', 'h3', S1), cmd('stop', 'h3', 'h4', S1)]);
  t.deepEqual(run(planLeave(rings, 'h4', 'shutdown')).commands.filter((c) => c.kind === 'start'), [], 'ring of 3 → 2 keeps the remaining edge');
  run(planLeave(rings, 'h2', 'removed'));
  const last = run(planLeave(rings, 'h1', 'dead'));
  t.deepEqual(last.commands, []);
  t.deepEqual(last.graphChanges.filter((c) => c.kind === 'ring-remove').map((c) => c.ringId), [S1, 'top']);
  t.is(rings.size, 0);
  t.deepEqual(rings.ringIds(), []);
});

test('representative replacement: a leaving representative is replaced by the next member by position', (t) => {
  const { rings, run, model } = harness();
  for (const id of ['h1', 'h2', 'h3', 'h4']) run(planJoin(rings, { id, placement: S1 }));
  run(planJoin(rings, { id: 'g1', placement: S2 }));
  t.deepEqual(rings.members('top'), ['h1', 'h2', 'g1']);
  const plan = run(planLeave(rings, 'h1', 'dead'));
  t.deepEqual(rings.representatives(S1), ['h2', 'h3']);
  t.deepEqual(rings.members('top'), ['h2', 'g1', 'h3']);
  t.true(model.has('top', 'g1', 'h3') && model.has('top', 'h2', 'h3'));
  const starts = plan.commands.findIndex((c) => c.kind === 'stop');
  t.true(plan.commands.slice(0, starts).every((c) => c.kind === 'start') && plan.commands.slice(starts).every((c) => c.kind === 'stop'));
});

test('move: the new ring is joined before the old one is left; host stays watched throughout', (t) => {
  const { rings, run } = harness();
  for (const id of ['h1', 'h2', 'h3', 'h4']) run(planJoin(rings, { id, placement: S1 }));
  for (const id of ['g1', 'g2', 'g3']) run(planJoin(rings, { id, placement: S2 }));
  const stepModel = new EdgeModel();
  stepModel.applyAll(rings.edges().map((e) => ({ kind: 'start' as const, ...e })));
  const plan = run(planMove(rings, 'h3', S2));
  for (const c of plan.commands) {
    stepModel.apply(c);
    t.true(stepModel.degree('h3') > 0, `h3 unwatched after ${c.kind} ${c.a}–${c.b}`);
    t.true(stepModel.degree('h2') > 0 && stepModel.degree('h4') > 0);
  }
  t.is(rings.ringOf('h3'), S2);
  t.deepEqual(rings.members(S1), ['h1', 'h2', 'h4']);
  t.deepEqual(rings.members(S2), ['g1', 'g2', 'g3', 'h3']);
  t.is(plan.commands.findIndex((c) => c.kind === 'stop'), plan.commands.filter((c) => c.kind === 'start').length);
});

test('move of a representative into a new ring keeps it in the top ring and replaces it in the old one', (t) => {
  const { rings, run } = harness();
  for (const id of ['h1', 'h2', 'h3']) run(planJoin(rings, { id, placement: S1 }));
  const plan = run(planMove(rings, 'h1', 'subnet:10.0.0.0/24'));
  t.deepEqual(rings.members('top'), ['h1', 'h2', 'h3']);
  t.deepEqual(rings.representatives(S1), ['h2', 'h3']);
  t.deepEqual(rings.representatives('subnet:10.0.0.0/24'), ['h1']);
  t.false(plan.graphChanges.some((c) => c.kind === 'member-remove' && c.ringId === 'top'));
});

test('move to the current placement is an empty plan', (t) => {
  const { rings, run } = harness();
  run(planJoin(rings, { id: 'h1', placement: S1 }));
  const plan = run(planMove(rings, 'h1', S1));
  t.deepEqual([plan.commands, plan.graphChanges], [[], []]);
});

test('timing overrides: per ring, validated, cleared with undefined', (t) => {
  const rings = new RingSet();
  const lan = { intervalMs: 1000, lateMs: 2000, deadMs: 3000 };
  const wan = { intervalMs: 3000, lateMs: 10000, deadMs: 30000 };
  rings.setRingTiming(S1, wan);
  t.deepEqual(rings.timingOf(S1, lan), wan);
  t.deepEqual(rings.timingOf(S2, lan), lan);
  rings.setRingTiming(S1, undefined);
  t.deepEqual(rings.timingOf(S1, lan), lan);
  t.is(t.throws(() => { rings.setRingTiming(S1, { intervalMs: 2000, lateMs: 2000, deadMs: 3000 }); }).name, 'RingError');
});
