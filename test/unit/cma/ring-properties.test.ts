// Property tests of the ring planner (STYLE practice 13): random join/leave/move sequences keep every invariant,
// the commands alone reproduce the rings' edges, plans stay O(1), nobody loses all watchers mid-plan, and a join
// followed by the same host's leave restores the edge set.
import test from 'ava';
import fc from 'fast-check';
import {
  EdgeModel,
  RingError,
  RingSet,
  checkRingInvariants,
  edgeKey,
  planJoin,
  planLeave,
  planMove,
  type LeaveReason,
  type Placement,
  type RingPlan,
} from '../../../cma/ring/index.ts';
import { RingGraphModel } from '../../helpers/ring-graph-model.ts';

const PLACEMENTS: readonly Placement[] = ['switch:aa:01', 'switch:aa:02', 'switch:aa:03', 'subnet:10.0.0.0/24', 'subnet:10.0.1.0/24'];
const REASONS: readonly LeaveReason[] = ['dead', 'shutdown', 'removed'];
const HOSTS = 40;

type Ev = { op: 'join'; h: number; p: number } | { op: 'leave'; h: number; r: number } | { op: 'move'; h: number; p: number };

const host = fc.nat({ max: HOSTS - 1 });
const place = fc.nat({ max: PLACEMENTS.length - 1 });
const event: fc.Arbitrary<Ev> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('join' as const), h: host, p: place }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('leave' as const), h: host, r: fc.nat({ max: 2 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('move' as const), h: host, p: place }) },
);
const events = fc.array(event, { maxLength: 200 });

/** Max commands per plan kind: join ≤ 3 local + 3 top; leave ≤ 3 local + 6 top (leave + replacement); move ≤ 12. */
const MAX_COMMANDS = { join: 6, leave: 9, move: 12 } as const;

function plan(rings: RingSet, ev: Ev): RingPlan {
  const id = `h${ev.h}`;
  switch (ev.op) {
    case 'join':
      return planJoin(rings, { id, placement: PLACEMENTS[ev.p] ?? 'switch:x' });
    case 'leave':
      return planLeave(rings, id, REASONS[ev.r] ?? 'dead');
    case 'move':
      return planMove(rings, id, PLACEMENTS[ev.p] ?? 'switch:x');
  }
}

/** Runs one event with every check; returns problems (empty when all is well). */
function step(rings: RingSet, model: EdgeModel, graph: RingGraphModel, ev: Ev): string[] {
  const member = rings.has(`h${ev.h}`);
  const expectError = ev.op === 'join' ? member : !member;
  const before = rings.records();
  let p: RingPlan;
  try {
    p = plan(rings, ev);
  } catch (err) {
    if (!(err instanceof RingError) || !expectError) return [`unexpected ${String(err)}`];
    const code = ev.op === 'join' ? 'RING_DUPLICATE_HOST' : 'RING_UNKNOWN_HOST';
    if (err.code !== code) return [`expected ${code}, got ${err.code}`];
    return JSON.stringify(rings.records()) === JSON.stringify(before) ? [] : ['a failed plan changed the rings'];
  }
  if (expectError) return [`${ev.op} of h${ev.h} should have failed`];
  const problems: string[] = [];
  if (p.next !== rings) problems.push('next is not the ring set');
  if (p.commands.length > MAX_COMMANDS[ev.op]) problems.push(`${ev.op} emitted ${p.commands.length} commands`);
  if (p.graphChanges.length > 2 * MAX_COMMANDS[ev.op] + 4) problems.push(`${ev.op} emitted ${p.graphChanges.length} graph changes`);
  // Step through the commands: a host watched before and after is never unwatched in between.
  const touched = new Set(p.commands.flatMap((c) => [c.a, c.b]));
  const degreeBefore = new Map([...touched].map((h) => [h, model.degree(h)]));
  const lowest = new Map(degreeBefore);
  for (const c of p.commands) {
    const problem = model.apply(c);
    if (problem !== undefined) problems.push(problem);
    for (const h of [c.a, c.b]) lowest.set(h, Math.min(lowest.get(h) ?? 0, model.degree(h)));
  }
  for (const h of touched) {
    if ((degreeBefore.get(h) ?? 0) > 0 && model.degree(h) > 0 && lowest.get(h) === 0) problems.push(`${h} lost every watcher during ${ev.op}`);
  }
  problems.push(...graph.apply(p.graphChanges), ...graph.diff(rings), ...checkRingInvariants(rings, { model }));
  return problems;
}

test('random join/leave/move sequences: invariants, command completeness, O(1) plans, no watcher gap', (t) => {
  fc.assert(
    fc.property(events, (evs) => {
      const rings = new RingSet();
      const model = new EdgeModel();
      const graph = new RingGraphModel();
      for (const [i, ev] of evs.entries()) {
        const problems = step(rings, model, graph, ev);
        if (problems.length > 0) throw new Error(`event ${i} ${JSON.stringify(ev)}: ${problems.join('; ')}`);
      }
    }),
    { numRuns: 250 },
  );
  t.pass();
});

test('join followed by leave of the same host restores the edge set and ring order', (t) => {
  fc.assert(
    fc.property(events, place, fc.nat({ max: 2 }), (evs, p, r) => {
      const rings = new RingSet();
      for (const ev of evs) {
        try {
          plan(rings, ev);
        } catch {
          // invalid events are exercised by the test above
        }
      }
      const edges = (): string[] => rings.edges().map((e) => edgeKey(e.ringId, e.a, e.b)).sort();
      const order = (): string[][] => rings.ringIds().map((id) => [id, ...rings.members(id)]);
      const [edgesBefore, orderBefore] = [edges(), order()];
      const model = new EdgeModel();
      model.applyAll(rings.edges().map((e) => ({ kind: 'start' as const, ...e })));
      const join = planJoin(rings, { id: 'fresh', placement: PLACEMENTS[p] ?? 'switch:x' });
      const leave = planLeave(rings, 'fresh', REASONS[r] ?? 'dead');
      const problems = model.applyAll([...join.commands, ...leave.commands]);
      return problems.length === 0 && JSON.stringify(edges()) === JSON.stringify(edgesBefore) && JSON.stringify([...model.keys()].sort()) === JSON.stringify(edgesBefore) && JSON.stringify(order()) === JSON.stringify(orderBefore);
    }),
    { numRuns: 250 },
  );
  t.pass();
});

test('a move keeps the moving host and both old neighbours watched at every command', (t) => {
  fc.assert(
    fc.property(fc.array(fc.tuple(host, place), { minLength: 2, maxLength: 60 }), place, (joins, p) => {
      const rings = new RingSet();
      for (const [h, q] of joins) if (!rings.has(`h${h}`)) planJoin(rings, { id: `h${h}`, placement: PLACEMENTS[q] ?? 'switch:x' });
      const mover = `h${joins[0]?.[0] ?? 0}`;
      const target = PLACEMENTS[p] ?? 'switch:x';
      if (rings.size < 2 || rings.ringOf(mover) === target) return true;
      const model = new EdgeModel();
      model.applyAll(rings.edges().map((e) => ({ kind: 'start' as const, ...e })));
      const watched = [mover, ...rings.watchersOf(mover)];
      const move = planMove(rings, mover, target);
      for (const c of move.commands) {
        model.apply(c);
        if (watched.some((h) => model.degree(h) === 0)) return false;
      }
      return checkRingInvariants(rings, { model }).length === 0;
    }),
    { numRuns: 300 },
  );
  t.pass();
});
