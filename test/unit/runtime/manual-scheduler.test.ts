import test from 'ava';
import fc from 'fast-check';
import { EventHeap } from '../../../runtime/event-heap.ts';
import { ManualClock } from '../../../runtime/manual-clock.ts';
import { ManualScheduler, SchedulerRunawayError } from '../../../runtime/manual-scheduler.ts';

test('callbacks run in time order and the clock jumps to each one', (t) => {
  const s = new ManualScheduler();
  const seen: [string, number][] = [];
  s.at(30, () => seen.push(['c', s.clock.now()]));
  s.at(10, () => seen.push(['a', s.clock.now()]));
  s.at(20, () => seen.push(['b', s.clock.now()]));
  t.is(s.pending, 3);
  t.is(s.nextAtMs(), 10);
  t.is(s.runUntil(25), 2);
  t.deepEqual(seen, [['a', 10], ['b', 20]]);
  t.is(s.clock.now(), 25);
  t.is(s.pending, 1);
  s.runUntil(100);
  t.deepEqual(seen.at(-1), ['c', 30]);
  t.is(s.clock.now(), 100);
  t.is(s.nextAtMs(), undefined);
});

test('ties run in insertion order', (t) => {
  const s = new ManualScheduler();
  const seen: number[] = [];
  for (let i = 0; i < 50; i++) s.at(5, () => seen.push(i));
  s.runFor(5);
  t.deepEqual(seen, Array.from({ length: 50 }, (_, i) => i));
});

test('a time in the past runs at the current time, after what is already due now', (t) => {
  const s = new ManualScheduler({ clock: new ManualClock(1_000) });
  const seen: [string, number][] = [];
  s.at(1_000, () => seen.push(['due', s.clock.now()]));
  s.at(3, () => seen.push(['past', s.clock.now()]));
  t.is(s.nextAtMs(), 1_000);
  s.runUntil(1_000);
  t.deepEqual(seen, [['due', 1_000], ['past', 1_000]]);
});

test('cancel removes a callback; cancelling twice or after it ran is harmless', (t) => {
  const s = new ManualScheduler();
  const seen: string[] = [];
  const cancelA = s.at(10, () => seen.push('a'));
  const cancelB = s.at(20, () => seen.push('b'));
  cancelA();
  cancelA();
  t.is(s.pending, 1);
  t.is(s.nextAtMs(), 20);
  s.runFor(50);
  cancelB();
  t.deepEqual(seen, ['b']);
  t.is(s.pending, 0);
});

test('callbacks may schedule and cancel other callbacks', (t) => {
  const s = new ManualScheduler();
  const seen: [string, number][] = [];
  let cancelLater = (): void => undefined;
  s.at(10, () => {
    seen.push(['first', s.clock.now()]);
    s.at(s.clock.now() + 5, () => seen.push(['child', s.clock.now()]));
    s.at(s.clock.now(), () => seen.push(['same-time child', s.clock.now()]));
    cancelLater();
  });
  cancelLater = s.at(12, () => seen.push(['cancelled', s.clock.now()]));
  s.runUntil(100);
  t.deepEqual(seen, [['first', 10], ['same-time child', 10], ['child', 15]]);
});

test('runNext runs exactly one callback and reports when none is left', (t) => {
  const s = new ManualScheduler();
  const seen: number[] = [];
  s.at(7, () => seen.push(7));
  const cancel = s.at(3, () => seen.push(3));
  s.at(9, () => seen.push(9));
  cancel();
  t.true(s.runNext());
  t.deepEqual(seen, [7]);
  t.is(s.clock.now(), 7);
  t.true(s.runNext());
  t.false(s.runNext());
  t.deepEqual(seen, [7, 9]);
});

test('runUntil stops a runaway loop with SchedulerRunawayError', (t) => {
  const s = new ManualScheduler({ maxEvents: 1_000 });
  const loop = (): void => {
    s.at(s.clock.now(), loop);
  };
  s.at(1, loop);
  const err = t.throws(() => s.runUntil(10), { instanceOf: SchedulerRunawayError });
  t.is(err.code, 'SIM_SCHEDULER_RUNAWAY');
  t.is(err.atMs, 1);
});

test('runUntil refuses to go backwards; at refuses non-finite times', (t) => {
  const s = new ManualScheduler({ clock: new ManualClock(50) });
  t.throws(() => s.runUntil(49), { instanceOf: RangeError });
  t.throws(() => s.at(Number.NaN, () => undefined), { instanceOf: RangeError });
  t.throws(() => new ManualScheduler({ maxEvents: 0 }), { instanceOf: RangeError });
});

test('an exception in a callback propagates and leaves the queue usable', (t) => {
  const s = new ManualScheduler();
  const seen: number[] = [];
  s.at(1, () => {
    throw new Error('boom');
  });
  s.at(2, () => seen.push(2));
  t.throws(() => s.runUntil(5), { message: 'boom' });
  t.is(s.clock.now(), 1);
  s.runUntil(5);
  t.deepEqual(seen, [2]);
});

test('property: EventHeap pops in (time, insertion) order', (t) => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), (times) => {
      const heap = new EventHeap<number>();
      times.forEach((atMs, i) => heap.push(atMs, i));
      const popped: [number, number][] = [];
      for (let e = heap.pop(); e !== undefined; e = heap.pop()) popped.push([e.atMs, e.value]);
      const expected = times.map((atMs, i): [number, number] => [atMs, i]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      t.deepEqual(popped, expected);
    }),
    { numRuns: 200, seed: 42 },
  );
});
