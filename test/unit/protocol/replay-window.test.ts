import test from 'ava';
import fc from 'fast-check';

import { DecodeError } from '../../../protocol/errors.ts';
import { REPLAY_WINDOW_SIZE, ReplayWindow } from '../../../protocol/replay-window.ts';

const W = REPLAY_WINDOW_SIZE;
const BIG = 2 ** 52;

/**
 * Each case commits `commits` in order, then asks about `probe`.
 *
 *   counters: ... highest−128 | highest−127 ........ highest | highest+1 ...
 *                 too old       inside the window (if unseen)   always fresh
 */
const CASES: ReadonlyArray<{ name: string; commits: number[]; probe: number; fresh: boolean }> = [
  { name: 'first counter ever', commits: [], probe: 0, fresh: true },
  { name: 'first counter ever, large', commits: [], probe: BIG, fresh: true },
  { name: 'same counter again', commits: [5], probe: 5, fresh: false },
  { name: 'next counter', commits: [5], probe: 6, fresh: true },
  { name: 'lower unseen, inside window', commits: [100], probe: 99, fresh: true },
  { name: 'lower seen, inside window', commits: [99, 100], probe: 99, fresh: false },
  { name: 'oldest slot of the window', commits: [W - 1 + 10], probe: 10, fresh: true },
  { name: 'just below the window', commits: [W + 10], probe: 10, fresh: false },
  { name: 'far below', commits: [BIG], probe: 3, fresh: false },
  { name: 'slot reused after advance is fresh', commits: [10, 10 + W], probe: 10 + W - 1, fresh: true },
  { name: 'after a big jump old bits are cleared', commits: [10, 11, 12, 10 + 5 * W], probe: 12 + 4 * W + 1, fresh: true },
  { name: 'jump of exactly the window size', commits: [7, 7 + W], probe: 7 + W, fresh: false },
  { name: 'out of order inside window seen', commits: [50, 40, 45], probe: 40, fresh: false },
  { name: 'around 2^53', commits: [Number.MAX_SAFE_INTEGER - 1], probe: Number.MAX_SAFE_INTEGER, fresh: true },
  { name: 'the largest counter, seen', commits: [Number.MAX_SAFE_INTEGER], probe: Number.MAX_SAFE_INTEGER, fresh: false },
];

for (const c of CASES) {
  test(`replay window: ${c.name}`, (t) => {
    const window = new ReplayWindow();
    for (const counter of c.commits) t.true(window.commit(counter), `commit ${counter}`);
    t.is(window.check(c.probe), c.fresh);
    if (c.fresh) {
      t.notThrows(() => {
        window.assertFresh(c.probe);
      });
    } else {
      const error = t.throws(() => {
        window.assertFresh(c.probe);
      }, { instanceOf: DecodeError });
      t.is(error.code, 'PROTO_REPLAY');
    }
  });
}

test('commit of a stale counter returns false and changes nothing', (t) => {
  const window = new ReplayWindow();
  t.true(window.commit(1000));
  t.false(window.commit(1000));
  t.false(window.commit(1000 - W));
  t.is(window.highest, 1000);
  t.true(window.check(999));
});

test('check does not record anything', (t) => {
  const window = new ReplayWindow();
  t.true(window.check(42));
  t.true(window.check(42));
  t.is(window.highest, -1);
});

/** The obvious model: every committed counter in a Set; fresh iff unseen and above highest − W. */
class NaiveWindow {
  readonly seen = new Set<number>();
  highest = -1;

  check(counter: number): boolean {
    return !this.seen.has(counter) && (this.seen.size === 0 || counter > this.highest - W);
  }

  commit(counter: number): boolean {
    if (!this.check(counter)) return false;
    this.seen.add(counter);
    this.highest = Math.max(this.highest, counter);
    return true;
  }
}

test('property: ReplayWindow agrees with a naive Set model', (t) => {
  // Steps are small moves around a base (to hit the window edges and duplicates) with some large jumps; each step
  // is checked and then committed only if "authenticated".
  const step = fc.record({
    delta: fc.oneof(fc.integer({ min: -2 * W, max: 2 * W }), fc.integer({ min: -3, max: 3 }), fc.integer({ min: 0, max: 10 * W })),
    authenticated: fc.boolean(),
  });
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.array(step, { maxLength: 300 }), (base, steps) => {
      const real = new ReplayWindow();
      const model = new NaiveWindow();
      let cursor = base;
      for (const { delta, authenticated } of steps) {
        cursor = Math.max(0, cursor + delta);
        if (real.check(cursor) !== model.check(cursor)) return false;
        if (authenticated && real.commit(cursor) !== model.commit(cursor)) return false;
        if (real.highest !== model.highest) return false;
      }
      return true;
    }),
    { numRuns: 1000 },
  );
  t.pass('1,000 random histories agree');
});
