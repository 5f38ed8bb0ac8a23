// The event queue pops in (time, push order) order, whatever the push order: the determinism of every run
// rests on it.
import test from 'ava';
import fc from 'fast-check';
import { SimQueue, type SimEvent } from '../../../simulator/index.ts';

test('pops by time, then first-in first-out among equal times (property)', (t) => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 3_000 }), (times) => {
      const q = new SimQueue();
      times.forEach((at, i) => {
        q.push(at, i % 7, i, -i, { i });
      });
      const expected = times.map((at, i) => ({ at, i })).sort((a, b) => a.at - b.at || a.i - b.i);
      const ev: SimEvent = { atMs: 0, kind: 0, host: 0, aux: 0, payload: undefined };
      for (const e of expected) {
        if (!q.pop(ev)) return false;
        if (ev.atMs !== e.at || ev.host !== e.i || ev.kind !== e.i % 7 || ev.aux !== -e.i || (ev.payload as { i: number }).i !== e.i) return false;
      }
      return !q.pop(ev) && q.size === 0;
    }),
  );
  t.pass();
});

test('fractional times and interleaved pushes and pops', (t) => {
  const q = new SimQueue();
  const ev: SimEvent = { atMs: 0, kind: 0, host: 0, aux: 0, payload: undefined };
  q.push(1.5, 1, 1, 0, undefined);
  q.push(0.25, 1, 2, 0, undefined);
  t.is(q.peekTime(), 0.25);
  t.true(q.pop(ev));
  t.is(ev.host, 2);
  q.push(1.5, 1, 3, 0, undefined);
  q.push(1, 1, 4, 0, undefined);
  const order: number[] = [];
  while (q.pop(ev)) order.push(ev.host);
  t.deepEqual(order, [4, 1, 3]);
  t.is(q.peekTime(), Infinity);
  t.throws(
    () => {
      q.push(Number.NaN, 0, 0, 0, undefined);
    },
    { instanceOf: RangeError },
  );
});
