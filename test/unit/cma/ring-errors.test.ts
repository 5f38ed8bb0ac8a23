// Ring planner errors: typed codes, thrown before any edit (a failed plan leaves the rings as they were).
import test from 'ava';
import {
  RING_ERROR_CODES,
  RingError,
  RingSet,
  checkRingInvariants,
  placementFor,
  planJoin,
  planLeave,
  planMove,
  planRebuild,
  type LeaveReason,
  type Placement,
} from '../../../cma/ring/index.ts';

const S1: Placement = 'switch:aa';

function codeOf(t: { throws: (fn: () => unknown, exp: { instanceOf: typeof RingError }) => RingError | undefined }, fn: () => unknown): string | undefined {
  return t.throws(fn, { instanceOf: RingError })?.code;
}

function filled(): RingSet {
  const rings = new RingSet();
  for (const id of ['h1', 'h2', 'h3']) planJoin(rings, { id, placement: S1 });
  return rings;
}

test('codes are unique and RING_-namespaced', (t) => {
  t.is(new Set(RING_ERROR_CODES).size, RING_ERROR_CODES.length);
  t.true(RING_ERROR_CODES.every((c) => c.startsWith('RING_')));
});

test('join of a member twice: RING_DUPLICATE_HOST, rings unchanged', (t) => {
  const rings = filled();
  const before = rings.records();
  t.is(codeOf(t, () => planJoin(rings, { id: 'h2', placement: 'switch:bb' })), 'RING_DUPLICATE_HOST');
  t.deepEqual(rings.records(), before);
  t.deepEqual(checkRingInvariants(rings), []);
});

test('leave or move of an unknown host: RING_UNKNOWN_HOST', (t) => {
  const rings = filled();
  t.is(codeOf(t, () => planLeave(rings, 'nope', 'dead')), 'RING_UNKNOWN_HOST');
  t.is(codeOf(t, () => planMove(rings, 'nope', 'switch:bb')), 'RING_UNKNOWN_HOST');
  t.is(rings.size, 3);
});

test('bad placement, host id and reason are rejected with their codes', (t) => {
  const rings = filled();
  t.is(codeOf(t, () => planJoin(rings, { id: 'h9', placement: 'rack:1' as Placement })), 'RING_BAD_PLACEMENT');
  t.is(codeOf(t, () => planJoin(rings, { id: 'h9', placement: 'switch:' })), 'RING_BAD_PLACEMENT');
  t.is(codeOf(t, () => planJoin(rings, { id: 'h9', placement: 'switch:a b' })), 'RING_BAD_PLACEMENT');
  t.is(codeOf(t, () => planMove(rings, 'h1', 'top')), 'RING_BAD_PLACEMENT');
  t.is(codeOf(t, () => planJoin(rings, { id: '', placement: S1 })), 'RING_BAD_HOST_ID');
  t.is(codeOf(t, () => planJoin(rings, { id: 'a\nb', placement: S1 })), 'RING_BAD_HOST_ID');
  t.is(codeOf(t, () => planLeave(rings, 'h1', 'bored' as LeaveReason)), 'RING_BAD_REASON');
  t.deepEqual(rings.members(S1), ['h1', 'h2', 'h3']);
});

test('placementFor: switch when LLDP knows the chassis, else subnet', (t) => {
  t.is(placementFor('00:11:22:33:44:55', '10.0.0.0/24'), 'switch:00:11:22:33:44:55');
  t.is(placementFor(undefined, '10.0.0.0/24'), 'subnet:10.0.0.0/24');
  t.is(placementFor('', 'fd00::/64'), 'subnet:fd00::/64');
  t.is(codeOf(t, () => placementFor(undefined, '')), 'RING_BAD_PLACEMENT');
});

test('rebuild rejects bad records', (t) => {
  t.is(codeOf(t, () => planRebuild([{ hostId: 'h1', ringId: 'rack:1' as Placement, position: 0 }])), 'RING_BAD_RECORD');
  t.is(codeOf(t, () => planRebuild([{ hostId: 'h1', ringId: S1, position: -1 }])), 'RING_BAD_RECORD');
  t.is(codeOf(t, () => planRebuild([{ hostId: 'h1', ringId: S1, position: 0 }, { hostId: 'h2', ringId: S1, position: 0 }])), 'RING_BAD_RECORD');
  t.is(codeOf(t, () => planRebuild([{ hostId: 'h1', ringId: S1, position: 0 }, { hostId: 'h1', ringId: 'switch:bb', position: 0 }])), 'RING_DUPLICATE_HOST');
});
