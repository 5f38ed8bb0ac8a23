// The live-mode shard's timer wheel (simulator/live/timer-wheel.ts): hosts fire in tick order, never early and at
// most one tick late; re-arming replaces a wake-up, disarming cancels it; wake-ups beyond one turn of the wheel wait
// for their turn; and a random schedule fires exactly what a sorted reference says, advance by advance.
import test from 'ava';
import fc from 'fast-check';
import { TimerWheel } from '../../../simulator/live/timer-wheel.ts';

const TICK = 4;

function fired(w: TimerWheel, nowMs: number): number[] {
  const out: number[] = [];
  w.advance(nowMs, (h) => out.push(h));
  return out;
}

test('hosts fire in tick order, not before their tick, and a fired host is disarmed', (t) => {
  const w = new TimerWheel(8, 0, TICK, 4);
  w.arm(0, 30);
  w.arm(1, 9);
  w.arm(2, 17);
  t.deepEqual(fired(w, 7), []);
  t.deepEqual(fired(w, 8), [1], 'tick 2 holds 8–11 ms: 9 fires when the clock reaches its tick');
  t.deepEqual(fired(w, 40), [2, 0]);
  t.is(w.wakeAt(0), Infinity);
  t.deepEqual(fired(w, 100), []);
});

test('hosts of one slot fire in the order they were armed', (t) => {
  const w = new TimerWheel(8, 0, TICK, 4);
  for (const h of [5, 3, 7, 1]) w.arm(h, 21);
  t.deepEqual(fired(w, 24), [5, 3, 7, 1]);
});

test('a wake-up beyond one turn of the wheel waits for its own turn', (t) => {
  const w = new TimerWheel(4, 0, TICK, 3); // 8 slots × 4 ms: one turn is 32 ms
  w.arm(0, 4 + 32 * 3); // same slot as 4 ms, three turns later
  w.arm(1, 4);
  t.deepEqual(fired(w, 40), [1]);
  t.deepEqual(fired(w, 99), []);
  t.deepEqual(fired(w, 100), [0]);
});

test('re-arming replaces the wake-up, arming undefined cancels it, and a past time fires on the next tick', (t) => {
  const w = new TimerWheel(4, 100, TICK, 4);
  w.arm(0, 110);
  w.arm(0, 150);
  w.arm(1, 120);
  w.arm(1, undefined);
  w.arm(2, 50); // already past
  t.is(w.wakeAt(1), Infinity);
  t.deepEqual(fired(w, 104), [2]);
  t.deepEqual(fired(w, 140), []);
  t.deepEqual(fired(w, 152), [0]);
});

test('property: every advance fires exactly the hosts a sorted reference says are due, in tick order', (t) => {
  const op = fc.oneof(
    fc.record({ kind: fc.constant('arm' as const), h: fc.nat(15), delta: fc.integer({ min: -20, max: 400 }) }),
    fc.record({ kind: fc.constant('cancel' as const), h: fc.nat(15) }),
    fc.record({ kind: fc.constant('advance' as const), by: fc.nat(150) }),
  );
  fc.assert(
    fc.property(fc.array(op, { maxLength: 80 }), fc.nat(1_000), (ops, start) => {
      const w = new TimerWheel(16, start, TICK, 4); // 16 slots: 64 ms per turn, deltas up to six turns
      let now = start;
      let cursor = Math.floor(start / TICK);
      /** Reference: host → [wake-up ms, the tick it is due at]. */
      const due = new Map<number, [number, number]>();
      for (const o of ops) {
        if (o.kind === 'arm') {
          const at = now + o.delta;
          if (due.get(o.h)?.[0] !== at) due.set(o.h, [at, Math.max(Math.floor(at / TICK), cursor + 1)]);
          w.arm(o.h, at);
        } else if (o.kind === 'cancel') {
          due.delete(o.h);
          w.arm(o.h, undefined);
        } else {
          now += o.by;
          const nowTick = Math.floor(now / TICK);
          const expected = [...due].filter(([, [, tick]]) => tick <= nowTick).sort((a, b) => a[1][1] - b[1][1]);
          const got: number[] = [];
          w.advance(now, (h) => got.push(h));
          if (got.length !== expected.length) return false;
          // same hosts, and each one's tick no earlier than the previous one's
          if ([...got].sort((a, b) => a - b).join() !== expected.map(([h]) => h).sort((a, b) => a - b).join()) return false;
          const ticks = got.map((h) => due.get(h)?.[1] ?? -1);
          if (ticks.some((x, i) => i > 0 && x < (ticks[i - 1] ?? 0))) return false;
          for (const h of got) {
            due.delete(h);
            if (w.wakeAt(h) !== Infinity) return false;
          }
          cursor = Math.max(cursor, nowTick);
        }
      }
      return true;
    }),
    { numRuns: 300 },
  );
  t.pass();
});
