// Property test of CmaCore: random registrations, restarts, kills, false reports, shutdowns, back-alives,
// martians, LLDP moves and time. After every step the ring invariants hold, no dead or shut-down host is in a
// ring, every up nanoprobe was told exactly its current edges, and every report was committed once after its write.
import test from 'ava';
import fc from 'fast-check';
import { checkRingInvariants } from '../../../cma/ring/index.ts';
import { CmaBench, hid } from '../../helpers/cma-harness.ts';

const HOSTS = 12;

type Op =
  | { op: 'register'; h: number; restart: boolean }
  | { op: 'kill'; h: number }
  | { op: 'falseReport'; h: number; r: number }
  | { op: 'shutdown'; h: number }
  | { op: 'backAlive'; h: number }
  | { op: 'martian'; h: number; r: number }
  | { op: 'move'; h: number; sw: number }
  | { op: 'advance'; ms: number };

const host = fc.integer({ min: 1, max: HOSTS });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('register' as const), h: host, restart: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('kill' as const), h: host }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('falseReport' as const), h: host, r: host }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('shutdown' as const), h: host }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('backAlive' as const), h: host }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('martian' as const), h: host, r: host }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('move' as const), h: host, sw: fc.integer({ min: 1, max: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 4_000 }) }) },
);

/** Runs one op; returns liveness problems (the safety checks run after every op). */
function step(bench: CmaBench, sessions: Map<number, number>, o: Op): string[] {
  if (o.op === 'advance') {
    bench.advance(bench.nowMs + o.ms);
    return [];
  }
  const status = bench.status(o.h);
  const upHosts = bench.core.hosts().filter((x) => x.status === 'up').map((x) => parseInt(x.hostId, 16));
  switch (o.op) {
    case 'register': {
      const session = (sessions.get(o.h) ?? 0) + (o.restart || !sessions.has(o.h) ? 1 : 0);
      sessions.set(o.h, session);
      bench.register(o.h, o.h % 3, session);
      return bench.status(o.h) === 'up' ? [] : [`h${o.h} not up after STARTUP`];
    }
    case 'kill': {
      if (status !== 'up') return [];
      bench.advance(bench.nowMs + 3_000); // nobody is "just back" or suspected any more
      if (bench.status(o.h) !== 'up') return [];
      const watchers = bench.core.ringSet.watchersOf(hid(o.h)).map((w) => parseInt(w, 16));
      for (const w of watchers.slice(0, 2)) bench.dead(w, o.h, bench.nowMs);
      bench.advance(bench.nowMs + 2_600);
      return watchers.length > 0 && bench.status(o.h) !== 'dead' ? [`killed h${o.h} (watchers ${watchers.join(',')}) is ${bench.status(o.h) ?? '?'}`] : [];
    }
    case 'falseReport': {
      if (o.r === o.h || status !== 'up') return []; // a pong from a host declared dead would (rightly) bring it back
      bench.dead(o.r, o.h, bench.nowMs);
      bench.run({ kind: 'pong', from: hid(o.h) });
      return bench.status(o.h) === status ? [] : [`a false report changed h${o.h} from ${status} to ${bench.status(o.h) ?? '?'}`];
    }
    case 'shutdown':
      if (status === 'up') bench.report(o.h, { type: 'HBSHUTDOWN', hostId: hid(o.h), reason: 'test' });
      return status === 'up' && bench.status(o.h) !== 'shutdown' ? [`h${o.h} not shut down`] : [];
    case 'backAlive': {
      const r = upHosts.find((x) => x !== o.h);
      if (status !== 'dead' || r === undefined) return [];
      bench.report(r, { type: 'HBBACKALIVE', peerId: hid(o.h), ringId: bench.core.ringSet.ringOf(hid(r)) ?? 'top', silentForMs: 5_000 });
      return bench.status(o.h) === 'up' ? [] : [`h${o.h} not back after HBBACKALIVE`];
    }
    case 'martian':
      if (o.r !== o.h && upHosts.includes(o.r) && status !== undefined) {
        bench.report(o.r, { type: 'HBMARTIAN', peerId: hid(o.h), address: { host: '198.18.0.1', port: 1984 }, ringId: bench.core.ringSet.ringOf(hid(o.r)) ?? 'top' });
      }
      return [];
    case 'move':
      if (status !== undefined) bench.run({ kind: 'placement', hostId: hid(o.h), placement: `switch:00:00:00:00:00:0${o.sw}` });
      return [];
  }
}

function safety(bench: CmaBench): string[] {
  const problems = [...checkRingInvariants(bench.core.ringSet), ...bench.viewProblems(), ...bench.problems];
  for (const h of bench.core.hosts()) {
    if (h.status !== 'up' && bench.core.ringSet.has(h.hostId)) problems.push(`${h.status} host ${h.hostId} is in ring ${h.ringId ?? '?'}`);
    if (h.status === 'up' && !bench.core.ringSet.has(h.hostId)) problems.push(`up host ${h.hostId} is in no ring`);
  }
  return problems;
}

test('random registrations, deaths, shutdowns and returns keep the rings sound and the nanoprobes in step', (t) => {
  fc.assert(
    fc.property(fc.array(op, { minLength: 1, maxLength: 80 }), (ops) => {
      const bench = new CmaBench();
      const sessions = new Map<number, number>();
      for (const o of ops) {
        const problems = [...step(bench, sessions, o), ...safety(bench)];
        if (problems.length > 0) throw new Error(`after ${JSON.stringify(o)}:\n${problems.join('\n')}`);
      }
    }),
    { numRuns: 300, ...(process.env['PROP_SEED'] === undefined ? {} : { seed: Number(process.env['PROP_SEED']), path: process.env['PROP_PATH'] ?? '', endOnFailure: true }) },
  );
  t.pass();
});
