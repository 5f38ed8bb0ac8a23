// Rebuild from stored memberships, the invariant checker's own teeth, and the limited (per-ring) check.
import test from 'ava';
import fc from 'fast-check';
import {
  EdgeModel,
  RingSet,
  checkRingInvariants,
  planJoin,
  planRebuild,
  type Placement,
  type RingMemberRecord,
} from '../../../cma/ring/index.ts';

const PLACEMENTS: readonly Placement[] = ['switch:01', 'switch:02', 'subnet:10.0.0.0/24', 'subnet:10.9.0.0/16'];
const joins = fc.array(fc.tuple(fc.nat({ max: 59 }), fc.nat({ max: PLACEMENTS.length - 1 })), { maxLength: 120 });

function build(list: readonly (readonly [number, number])[]): RingSet {
  const rings = new RingSet();
  for (const [h, p] of list) if (!rings.has(`h${h}`)) planJoin(rings, { id: `h${h}`, placement: PLACEMENTS[p] ?? 'switch:x' });
  return rings;
}

/** The edges nanoprobes run for stored records (each ring's members by position, as a cycle). */
function storedEdges(records: readonly RingMemberRecord[]): EdgeModel {
  const model = new EdgeModel();
  const byRing = new Map<string, RingMemberRecord[]>();
  for (const r of records) byRing.set(r.ringId, [...(byRing.get(r.ringId) ?? []), r]);
  for (const list of byRing.values()) {
    const ids = list.toSorted((x, y) => x.position - y.position).map((r) => r.hostId);
    const pairs = ids.length === 2 ? [[ids[0], ids[1]]] : ids.length > 2 ? ids.map((id, i) => [id, ids[(i + 1) % ids.length]]) : [];
    for (const [a, b] of pairs) model.apply({ kind: 'start', a: a!, b: b!, ringId: list[0]!.ringId });
  }
  return model;
}

test('rebuild from records reproduces every ring in order and plans nothing', (t) => {
  fc.assert(
    fc.property(joins, fc.nat({ max: PLACEMENTS.length - 1 }), (list, p) => {
      const rings = build(list);
      const shuffled = rings.records().reverse();
      const { next, commands, graphChanges } = planRebuild(shuffled);
      if (commands.length > 0 || graphChanges.length > 0) return false;
      if (JSON.stringify(next.ringIds().map((id) => next.members(id))) !== JSON.stringify(rings.ringIds().map((id) => rings.members(id)))) return false;
      // Both continue identically: positions carry on above the stored ones.
      const a = planJoin(rings, { id: 'fresh', placement: PLACEMENTS[p] ?? 'switch:x' });
      const b = planJoin(next, { id: 'fresh', placement: PLACEMENTS[p] ?? 'switch:x' });
      return JSON.stringify(a.commands) === JSON.stringify(b.commands) && JSON.stringify(a.graphChanges) === JSON.stringify(b.graphChanges) && checkRingInvariants(next).length === 0;
    }),
    { numRuns: 200 },
  );
  t.pass();
});

test('rebuild repairs a damaged stored top ring with commands that take the nanoprobes to the right edges', (t) => {
  fc.assert(
    fc.property(joins, fc.array(fc.boolean(), { maxLength: 20 }), fc.nat({ max: 59 }), (list, keep, stray) => {
      const rings = build(list);
      let i = 0;
      const damaged = rings.records().filter((r) => r.ringId !== 'top' || (keep[i++] ?? true));
      damaged.push({ hostId: `h${stray}`, ringId: 'top', position: 1_000 }, { hostId: 'ghost', ringId: 'top', position: 1_001 });
      const unique = damaged.filter((r, j) => damaged.findIndex((x) => x.hostId === r.hostId && x.ringId === r.ringId) === j);
      const model = storedEdges(unique);
      const { next, commands } = planRebuild(unique);
      const problems = [...model.applyAll(commands), ...checkRingInvariants(next, { model })];
      if (problems.length > 0) throw new Error(problems.join('; '));
    }),
    { numRuns: 200 },
  );
  t.pass();
});

test('the invariant checker reports corruption made behind the planner’s back', (t) => {
  const rings = build([[1, 0], [2, 0], [3, 0], [4, 1]]);
  t.deepEqual(checkRingInvariants(rings), []);
  rings.state.top.remove('h1');
  const problems = checkRingInvariants(rings);
  t.true(problems.some((p) => p.includes('h1') && p.includes('top')), problems.join('\n'));
  const other = build([[1, 0], [2, 0], [3, 0]]);
  other.state.hostRing.delete('h2');
  t.true(checkRingInvariants(other).some((p) => p.includes('monitored')));
  const model = new EdgeModel();
  t.true(checkRingInvariants(build([[1, 0], [2, 0]]), { model }).some((p) => p.includes('never started')));
});

test('a limited check looks at the named rings only but still counts globally', (t) => {
  const rings = build([[1, 0], [2, 0], [3, 0], [4, 1], [5, 1]]);
  t.deepEqual(checkRingInvariants(rings, { ringIds: ['switch:01'] }), []);
  t.deepEqual(checkRingInvariants(rings, { ringIds: [] }), []);
  rings.state.top.remove('h4');
  t.true(checkRingInvariants(rings, { ringIds: ['switch:02'] }).length > 0);
});
