// Properties of the core under random schedules (fast-check):
//  1. The shell loses nothing by sleeping until wakeAt: extra `timer` calls at arbitrary times before wakeAt
//     produce no effects, and the timed effect log is identical with or without them.
//  2. Heartbeats to a peer are never closer together than its interval (≤ 1 per interval, no bursts after a pause).
//  3. Peers heartbeating regularly are never reported, even when the observer itself is stopped for a while.
import test from 'ava';
import fc from 'fast-check';
import { NanoprobeCore, TIMING_PRESETS, stallThresholdMs } from '../../../nanoprobe/core/index.ts';
import type { CoreInput, Effect } from '../../../nanoprobe/core/index.ts';
import type { Timing } from '../../../protocol/messages.ts';
import { addrOf, expect as expectHb, heartbeatFrom, hostId, initFor, keyOf, setConfig } from '../../helpers/nanoprobe-fixtures.ts';

const HORIZON_MS = 40_000;
const TIMINGS: readonly Timing[] = [TIMING_PRESETS.lan, TIMING_PRESETS.wan, { intervalMs: 500, lateMs: 1200, deadMs: 2000 }];
const PEERS = [2, 3, 4] as const;

type Action =
  | { readonly a: 'hb'; readonly peer: number }
  | { readonly a: 'martian'; readonly who: number }
  | { readonly a: 'stop'; readonly peer: number; readonly ring: string }
  | { readonly a: 'expect'; readonly peer: number; readonly ring: string }
  | { readonly a: 'probe'; readonly target: number; readonly timeoutMs: number }
  | { readonly a: 'pong-last' }
  | { readonly a: 'ping' }
  | { readonly a: 'session' }
  | { readonly a: 'setconfig'; readonly session: number };

const peerArb = fc.constantFrom(...PEERS);
const ringArb = fc.constantFrom('ring-a', 'top');
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 12, arbitrary: peerArb.map((peer) => ({ a: 'hb' as const, peer })) },
  { weight: 1, arbitrary: fc.integer({ min: 50, max: 53 }).map((who) => ({ a: 'martian' as const, who })) },
  { weight: 1, arbitrary: fc.record({ peer: peerArb, ring: ringArb }).map((r) => ({ a: 'stop' as const, ...r })) },
  { weight: 1, arbitrary: fc.record({ peer: peerArb, ring: ringArb }).map((r) => ({ a: 'expect' as const, ...r })) },
  { weight: 1, arbitrary: fc.record({ target: fc.integer({ min: 2, max: 9 }), timeoutMs: fc.integer({ min: 1, max: 3000 }) }).map((r) => ({ a: 'probe' as const, ...r })) },
  { weight: 1, arbitrary: fc.constant({ a: 'pong-last' as const }) },
  { weight: 1, arbitrary: fc.constant({ a: 'ping' as const }) },
  { weight: 1, arbitrary: fc.constant({ a: 'session' as const }) },
  { weight: 1, arbitrary: fc.integer({ min: 7, max: 9 }).map((session) => ({ a: 'setconfig' as const, session })) },
);

/** A stretch during which a peer heartbeats regularly (every interval, ±10 % jitter). */
const trainArb = fc.record({ peer: peerArb, startMs: fc.integer({ min: 0, max: HORIZON_MS }), lengthMs: fc.integer({ min: 0, max: 15_000 }), seed: fc.nat() });

const scenarioArb = fc.record({
  timingIndex: fc.array(fc.integer({ min: 0, max: TIMINGS.length - 1 }), { minLength: 3, maxLength: 3 }),
  trains: fc.array(trainArb, { maxLength: 8 }),
  arrivals: fc.array(fc.record({ atMs: fc.integer({ min: 0, max: HORIZON_MS }), action: actionArb }), { maxLength: 60 }),
  extras: fc.array(fc.integer({ min: 0, max: HORIZON_MS }), { maxLength: 300 }),
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function timingOf(s: Pick<Scenario, 'timingIndex'>, peer: number): Timing {
  return TIMINGS[s.timingIndex[peer - 2] ?? 0] ?? TIMING_PRESETS.lan;
}

/** Heartbeat arrivals of a train. */
function trainArrivals(s: Pick<Scenario, 'timingIndex'>, train: Scenario['trains'][number]): Scenario['arrivals'] {
  const { intervalMs } = timingOf(s, train.peer);
  const out: Scenario['arrivals'][number][] = [];
  let x = train.seed >>> 0;
  for (let at = train.startMs; at <= Math.min(train.startMs + train.lengthMs, HORIZON_MS); ) {
    out.push({ atMs: at, action: { a: 'hb', peer: train.peer } });
    x = (Math.imul(x, 1_103_515_245) + 12_345) >>> 0;
    at += intervalMs - Math.floor(intervalMs / 10) + (x % Math.max(1, Math.floor(intervalMs / 5)));
  }
  return out;
}

/** A window during which the core is not run at all (SIGSTOP); what arrives meanwhile is delivered at its end. */
interface Pause {
  readonly startMs: number;
  readonly endMs: number;
}

interface DriveOptions {
  readonly extras?: readonly number[];
  readonly pauses?: readonly Pause[];
  /** On waking from a pause, handle the timer before the queued datagrams (the worst case, and Node's order). */
  readonly timerFirst?: boolean;
}

interface Run {
  readonly log: string[];
  readonly timed: { atMs: number; effect: Effect }[];
  /** Effects produced by extra timer calls made before wakeAt (must stay empty). */
  readonly extraEffects: string[];
}

/** When a call wanted at `t` actually happens: at the end of the pause containing `t`, if any. */
function deferred(pauses: readonly Pause[], t: number): number {
  for (const p of pauses) if (t >= p.startMs && t < p.endMs) return p.endMs;
  return t;
}

/** Drives a core through the scenario: arrivals, timer at each wakeAt, optional extra timer calls and pauses. */
function drive(s: Pick<Scenario, 'timingIndex' | 'trains' | 'arrivals'>, opts: DriveOptions = {}): Run {
  const pauses = opts.pauses ?? [];
  const core = new NanoprobeCore(initFor(1));
  const run: Run = { log: [], timed: [], extraEffects: [] };
  let wakeAtMs: number | undefined;
  let lastNonce = 0;
  const call = (input: CoreInput, atMs: number): readonly Effect[] => {
    const out = core.handle(input, atMs);
    wakeAtMs = out.wakeAtMs;
    for (const effect of out.effects) {
      if (effect.kind === 'send-peer' && effect.msg.type === 'PING') lastNonce = effect.msg.nonce;
      run.timed.push({ atMs, effect });
      run.log.push(`${atMs} ${JSON.stringify(effect, (_k, v: unknown) => (v instanceof Uint8Array ? [...v] : v))}`);
    }
    return out.effects;
  };
  const inputOf = (action: Action): CoreInput => {
    switch (action.a) {
      case 'hb':
        return heartbeatFrom(action.peer);
      case 'martian':
        return heartbeatFrom(action.who);
      case 'stop':
        return { kind: 'cma', msg: { type: 'STOPSENDEXPECTHB', peerId: hostId(action.peer), ringId: action.ring } };
      case 'expect':
        return expectHb(action.peer, action.ring, timingOf(s, action.peer));
      case 'probe':
        return { kind: 'cma', msg: { type: 'PROBE', probeId: action.timeoutMs, targetId: hostId(action.target), address: addrOf(action.target), publicKey: keyOf(action.target), timeoutMs: action.timeoutMs } };
      case 'pong-last':
        return { kind: 'peer', msg: { type: 'PONG', senderId: hostId(2), nonce: lastNonce }, from: addrOf(2) };
      case 'ping':
        return { kind: 'peer', msg: { type: 'PING', senderId: hostId(5), nonce: 77 }, from: addrOf(5) };
      case 'session':
        return { kind: 'cma-session-changed' };
      case 'setconfig':
        return setConfig(1, action.session);
    }
  };
  call({ kind: 'start' }, 0);
  call(setConfig(1), 0);
  for (const p of PEERS) call(expectHb(p, 'ring-a', timingOf(s, p)), 0);
  const arrivals = [...s.arrivals, ...s.trains.flatMap((tr) => trainArrivals(s, tr))]
    .map((a) => ({ ...a, atMs: deferred(pauses, a.atMs) }))
    .sort((a, b) => a.atMs - b.atMs);
  const extras = [...(opts.extras ?? [])].filter((e) => deferred(pauses, e) === e).sort((a, b) => a - b);
  let i = 0;
  let j = 0;
  for (;;) {
    const arrival = arrivals[i];
    const extra = extras[j];
    const wake = wakeAtMs !== undefined && wakeAtMs <= HORIZON_MS ? deferred(pauses, wakeAtMs) : Infinity;
    const nextArrival = arrival?.atMs ?? Infinity;
    const nextExtra = extra ?? Infinity;
    const arrivalFirst = opts.timerFirst === true ? nextArrival < wake : nextArrival <= wake;
    if (nextExtra < wake && nextExtra <= nextArrival) {
      // An extra call strictly before wakeAt: a shell that woke up early for no reason.
      const effects = call({ kind: 'timer' }, nextExtra);
      for (const e of effects) run.extraEffects.push(`${nextExtra} ${e.kind}`);
      j++;
    } else if (nextExtra !== Infinity && nextExtra >= wake && nextExtra <= nextArrival) {
      j++; // at or after wakeAt it would be the regular timer call, not an extra one
    } else if (arrival !== undefined && arrivalFirst) {
      call(inputOf(arrival.action), arrival.atMs);
      i++;
    } else if (wake !== Infinity) {
      call({ kind: 'timer' }, wake);
    } else {
      return run;
    }
  }
}

/** Non-overlapping pauses from (start, length) pairs. */
function pausesFrom(raw: readonly { startMs: number; lengthMs: number }[]): Pause[] {
  const out: Pause[] = [];
  for (const r of [...raw].sort((a, b) => a.startMs - b.startMs)) {
    const prev = out.at(-1);
    if (prev !== undefined && r.startMs <= prev.endMs + 3000) continue;
    out.push({ startMs: r.startMs, endMs: r.startMs + r.lengthMs });
  }
  return out;
}

test('the shell loses nothing by sleeping until wakeAt: extra calls change nothing', (t) => {
  fc.assert(
    fc.property(scenarioArb, (s) => {
      const plain = drive(s);
      const extra = drive(s, { extras: s.extras });
      if (extra.extraEffects.length > 0) throw new Error(`extra calls produced effects: ${extra.extraEffects.join('; ')}`);
      if (JSON.stringify(plain.log) !== JSON.stringify(extra.log)) throw new Error('effect logs differ with extra calls');
    }),
    { numRuns: 300 },
  );
  t.pass();
});

const pausesArb = fc.array(fc.record({ startMs: fc.integer({ min: 1000, max: HORIZON_MS }), lengthMs: fc.integer({ min: 1, max: 15_000 }) }), { maxLength: 3 });

test('heartbeats to a peer are never closer together than its interval, even across pauses', (t) => {
  fc.assert(
    fc.property(scenarioArb, pausesArb, fc.boolean(), (s, rawPauses, timerFirst) => {
      const { timed } = drive(s, { extras: s.extras, pauses: pausesFrom(rawPauses), timerFirst });
      const lastSent = new Map<string, number>();
      for (const { atMs, effect } of timed) {
        if (effect.kind === 'peer-removed') lastSent.delete(effect.peerId);
        if (effect.kind !== 'send-peer' || effect.msg.type !== 'HEARTBEAT') continue;
        const peer = Number.parseInt(effect.peerId, 16);
        const prev = lastSent.get(effect.peerId);
        if (prev !== undefined && atMs - prev < timingOf(s, peer).intervalMs) {
          throw new Error(`heartbeats to ${peer} at ${prev} and ${atMs}, interval ${timingOf(s, peer).intervalMs}`);
        }
        lastSent.set(effect.peerId, atMs);
      }
    }),
    { numRuns: 300 },
  );
  t.pass();
});

// Peers heartbeat regularly for the whole run; the core is SIGSTOPped for longer than its stall threshold now and
// then (heartbeats queue meanwhile and are delivered on waking, possibly after the timer). The CMA hears nothing.
test('regular heartbeats and stalls of the observer: the CMA hears nothing', (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: TIMINGS.length - 1 }), { minLength: 3, maxLength: 3 }),
      fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
      fc.array(fc.record({ startMs: fc.integer({ min: 1000, max: HORIZON_MS }), extraMs: fc.integer({ min: 1, max: 12_000 }) }), { maxLength: 3 }),
      fc.boolean(),
      (timingIndex, seeds, rawPauses, timerFirst) => {
        const threshold = Math.min(...PEERS.map((p) => stallThresholdMs(timingOf({ timingIndex }, p))));
        const trains = PEERS.map((peer, k) => ({ peer, startMs: 0, lengthMs: HORIZON_MS, seed: seeds[k] ?? 0 }));
        const pauses = pausesFrom(rawPauses.map((p) => ({ startMs: p.startMs, lengthMs: threshold + p.extraMs })));
        const { timed } = drive({ timingIndex, trains, arrivals: [] }, { pauses, timerFirst });
        const toCma = timed.filter((e) => e.effect.kind === 'send-cma');
        if (toCma.length > 0) throw new Error(`unexpected reports: ${JSON.stringify(toCma)}`);
      },
    ),
    { numRuns: 200 },
  );
  t.pass();
});
