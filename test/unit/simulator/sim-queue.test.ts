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
      const ev: SimEvent = { atMs: 0, seq: 0, kind: 0, host: 0, aux: 0, payload: undefined };
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
  const ev: SimEvent = { atMs: 0, seq: 0, kind: 0, host: 0, aux: 0, payload: undefined };
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

/** A reference queue: a sorted array by (time, push order). */
class Reference {
  readonly items: { at: number; seq: number; host: number }[] = [];
  #seq = 0;
  push(at: number, host: number): void {
    this.items.push({ at, seq: this.#seq++, host });
    this.items.sort((a, b) => a.at - b.at || a.seq - b.seq);
  }
  pop(): { at: number; host: number } | undefined {
    return this.items.shift();
  }
}

test('interleaved pushes and pops across the calendar window, the far heap and the past match a sorted reference (property)', (t) => {
  // Offsets from the time of the last pop: the past, this millisecond, within the 65.5 s calendar, far beyond it.
  const offset = fc.oneof(
    fc.double({ min: -5, max: 0, noNaN: true }),
    fc.constantFrom(0, 0.5, 1, 65_535, 65_536, 65_537, 131_072),
    fc.double({ min: 0, max: 2_000, noNaN: true }),
    fc.integer({ min: 60_000, max: 400_000 }),
  );
  const op = fc.oneof(offset.map((o) => ({ push: o })), fc.constant({ pop: true as const }));
  fc.assert(
    fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
      const q = new SimQueue();
      const ref = new Reference();
      const ev: SimEvent = { atMs: 0, seq: 0, kind: 0, host: 0, aux: 0, payload: undefined };
      let now = 0;
      let host = 0;
      const popBoth = (): boolean => {
        const want = ref.pop();
        const got = q.pop(ev);
        if (want === undefined) return !got;
        if (!got || ev.atMs !== want.at || ev.host !== want.host) return false;
        now = ev.atMs;
        return true;
      };
      for (const o of ops) {
        if ('pop' in o) {
          if (q.peekTime() !== (ref.items[0]?.at ?? Infinity)) return false;
          if (!popBoth()) return false;
        } else {
          // The engine never schedules before the event it is handling, but the queue must order such a push anyway.
          const at = Math.max(0, now + o.push);
          q.push(at, 1, host, 0, undefined);
          ref.push(at, host++);
        }
        if (q.size !== ref.items.length) return false;
      }
      while (ref.items.length > 0) if (!popBoth()) return false;
      return !q.pop(ev) && q.size === 0 && q.peekTime() === Infinity;
    }),
    { numRuns: 300 },
  );
  t.pass();
});

test('a queue that only holds far events jumps to them, and keeps first-in first-out across the far heap and the buckets', (t) => {
  const q = new SimQueue();
  const ev: SimEvent = { atMs: 0, seq: 0, kind: 0, host: 0, aux: 0, payload: undefined };
  q.push(3_600_000, 0, 1, 0, undefined); // far (beyond the window)
  q.push(3_600_000.25, 0, 2, 0, undefined);
  t.is(q.peekTime(), 3_600_000);
  t.true(q.pop(ev));
  t.is(ev.host, 1);
  // Now the clock is at 3,600,000: same-time pushes go after the far event already moved in.
  q.push(3_600_000.25, 0, 3, 0, undefined);
  q.push(3_600_001, 0, 4, 0, undefined); // a bucket
  const order: number[] = [];
  while (q.pop(ev)) order.push(ev.host);
  t.deepEqual(order, [2, 3, 4]);
  t.is(q.pushed, 4);
});
