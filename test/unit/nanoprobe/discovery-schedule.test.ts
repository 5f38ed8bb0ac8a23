/**
 * Discovery scheduling in the pure core, driven in virtual time by a fake collector shell: each `discovery-run`
 * effect is answered after `durationMs` (or never: a hung collector) with a content hash from a script.
 *
 *   netstat=60s/10s, collector takes 100 ms:
 *   t(s)   0     0.1          60    60.1        120   120.1
 *          run   result→SEND  run   result(=)   run   result(≠)→SEND
 */
import test from 'ava';
import type { CoreInput, DiscoveryOutcome, Effect, NanoprobeInit } from '../../../nanoprobe/core/index.ts';
import type { Discovery, DiscoveryPlanItem, SetConfig } from '../../../protocol/messages.ts';
import { asDiscoveryDiff, contentHash } from '../../../protocol/index.ts';
import { Driver, initFor, setConfig } from '../../helpers/nanoprobe-fixtures.ts';

const NETSTAT: DiscoveryPlanItem = { kind: 'netstat', intervalMs: 60_000, timeoutMs: 10_000 };

/** Answers runs: `answer(kind, nth run of that kind)` gives the outcome, or undefined for a hung collector. */
type Script = (kind: string, nth: number) => DiscoveryOutcome | undefined;

class Shell {
  readonly d: Driver;
  readonly #pending: { atMs: number; input: CoreInput }[] = [];
  readonly #nth = new Map<string, number>();
  readonly #script: Script;
  readonly #durationMs: number;
  #seen = 0;

  constructor(init: NanoprobeInit, script: Script, durationMs = 100) {
    this.d = new Driver(init);
    this.#script = script;
    this.#durationMs = durationMs;
  }

  feed(input: CoreInput, atMs: number): void {
    this.d.feed(input, atMs);
    this.#collect();
  }

  /** Late answer of a given run (e.g. an abandoned one finally returning). */
  later(input: CoreInput, atMs: number): void {
    this.#pending.push({ atMs, input });
  }

  run(untilMs: number): void {
    for (;;) {
      this.#pending.sort((a, b) => a.atMs - b.atMs);
      const next = this.#pending[0];
      const wake = this.d.wakeAtMs;
      if (next !== undefined && next.atMs <= untilMs && (wake === undefined || next.atMs <= wake)) {
        this.#pending.shift();
        this.feed(next.input, next.atMs);
      } else if (wake !== undefined && wake <= untilMs) this.feed({ kind: 'timer' }, wake);
      else return;
    }
  }

  /** Answers the runs the core just asked for. */
  #collect(): void {
    for (const { atMs, effect } of this.d.log.slice(this.#seen)) {
      if (effect.kind !== 'discovery-run') continue;
      const n = (this.#nth.get(effect.task.kind) ?? 0) + 1;
      this.#nth.set(effect.task.kind, n);
      const outcome = this.#script(effect.task.kind, n);
      if (outcome !== undefined) this.#pending.push({ atMs: atMs + this.#durationMs, input: { kind: 'discovery-result', discoveryKind: effect.task.kind, runId: effect.runId, outcome } });
    }
    this.#seen = this.d.log.length;
  }

  times(kind: Effect['kind']): number[] {
    return this.d.effectsOf(kind).map((e) => e.atMs);
  }

  discoveries(): { atMs: number; kind: string; hash: string }[] {
    return this.d.reports().flatMap((r) => (r.msg.type === 'DISCOVERY' ? [{ atMs: r.atMs, kind: r.msg.kind, hash: r.msg.hash }] : []));
  }
}

const same = (hash: string): DiscoveryOutcome => ({ ok: true, hash, payload: { hash } });
const withPlan = (n: number, discovery: readonly DiscoveryPlanItem[]): { kind: 'cma'; msg: SetConfig } => {
  const c = setConfig(n);
  return { kind: 'cma', msg: { ...c.msg, discovery } };
};

test('runs every interval from SETCONFIG; unchanged content is not resent, changed content is', (t) => {
  const sh = new Shell(initFor(1), (_k, n) => same(n < 3 ? 'h1' : 'h2'));
  sh.feed({ kind: 'start' }, 0);
  sh.feed(withPlan(1, [NETSTAT]), 0);
  sh.run(250_000);
  t.deepEqual(sh.times('discovery-run'), [0, 60_000, 120_000, 180_000, 240_000]);
  t.deepEqual(sh.discoveries(), [
    { atMs: 100, kind: 'netstat', hash: 'h1' },
    { atMs: 120_100, kind: 'netstat', hash: 'h2' },
  ]);
  const msg = sh.d.reports().find((r) => r.msg.type === 'DISCOVERY')?.msg;
  t.like(msg, { type: 'DISCOVERY', kind: 'netstat', full: true, payload: { hash: 'h1' } });
  t.like(sh.d.core.discoveryStatus()[0], { kind: 'netstat', runs: 5, sent: 2, unchanged: 3, timeouts: 0 });
});

test('each kind keeps its own interval', (t) => {
  const sh = new Shell(initFor(1), (k) => same(k));
  sh.feed({ kind: 'start' }, 0);
  sh.feed(withPlan(1, [NETSTAT, { kind: 'inventory', intervalMs: 3_600_000, timeoutMs: 30_000 }, { kind: 'lldp', intervalMs: 30_000, timeoutMs: 5_000 }]), 0);
  sh.run(3_700_000);
  const runs = sh.d.effectsOf('discovery-run');
  const at = (kind: string): number[] => runs.filter((r) => r.effect.task.kind === kind).map((r) => r.atMs);
  t.deepEqual(at('inventory'), [0, 3_600_000]);
  t.is(at('netstat').length, 62);
  t.is(at('lldp').length, 124);
  t.true(at('lldp').every((ms, i) => ms === i * 30_000));
  t.deepEqual(sh.discoveries().map((d) => d.kind).sort(), ['inventory', 'lldp', 'netstat'], 'each sent once');
});

test('a hung collector is abandoned at its timeout with one warning; its late answer is ignored', (t) => {
  const sh = new Shell(initFor(1), (_k, n) => (n === 1 ? undefined : same('h')));
  sh.feed({ kind: 'start' }, 0);
  sh.feed(withPlan(1, [NETSTAT]), 0);
  const firstRun = sh.d.effectsOf('discovery-run')[0]?.effect.runId ?? -1;
  sh.later({ kind: 'discovery-result', discoveryKind: 'netstat', runId: firstRun, outcome: same('stale') }, 30_000);
  sh.run(70_000);
  t.deepEqual(sh.d.effectsOf('discovery-abandon').map((e) => [e.atMs, e.effect.discoveryKind, e.effect.runId]), [[10_000, 'netstat', firstRun]]);
  const warnings = sh.d.effectsOf('log').filter((e) => e.effect.level === 'warn' && e.effect.message.includes('timed out'));
  t.is(warnings.length, 1);
  t.deepEqual(sh.times('discovery-run'), [0, 60_000], 'next run at the usual interval, not at the timeout');
  t.deepEqual(sh.discoveries(), [{ atMs: 60_100, kind: 'netstat', hash: 'h' }], 'the stale answer sent nothing');
  t.like(sh.d.core.discoveryStatus()[0], { timeouts: 1, sent: 1 });
});

test('a failing collector warns once, then quietly, and keeps its schedule', (t) => {
  const sh = new Shell(initFor(1), () => ({ ok: false, reason: 'tcpdump not found' }));
  sh.feed({ kind: 'start' }, 0);
  sh.feed(withPlan(1, [{ kind: 'lldp', intervalMs: 30_000, timeoutMs: 5_000 }]), 0);
  sh.run(100_000);
  t.deepEqual(sh.times('discovery-run'), [0, 30_000, 60_000, 90_000]);
  t.is(sh.d.effectsOf('log').filter((e) => e.effect.level === 'warn').length, 1);
  t.deepEqual(sh.discoveries(), []);
});

test('a collector that is not ready yet neither warns nor sends, and runs again at its interval', (t) => {
  const sh = new Shell(initFor(1), (_k, n) => (n === 1 ? { ok: false, reason: 'warming up', notReady: true } : same('h')));
  sh.feed({ kind: 'start' }, 0);
  sh.feed(withPlan(1, [{ kind: 'lldp', intervalMs: 30_000, timeoutMs: 5_000 }]), 0);
  sh.run(40_000);
  t.deepEqual(sh.times('discovery-run'), [0, 30_000]);
  t.deepEqual(sh.discoveries().map((d) => d.atMs), [30_100]);
  t.is(sh.d.effectsOf('log').filter((e) => e.effect.level === 'warn').length, 0);
  t.like(sh.d.core.discoveryStatus()[0], { notReady: 1, failures: 0, sent: 1 });
});

test('a restarted nanoprobe with the acknowledged hashes sends nothing unchanged, and STARTUP carries them', (t) => {
  const init: NanoprobeInit = { ...initFor(1), discoveryHashes: [{ kind: 'netstat', hash: 'h1' }, { kind: 'arp', hash: 'a1' }] };
  const sh = new Shell(init, (k) => same(k === 'netstat' ? 'h1' : 'a2'));
  sh.feed({ kind: 'start' }, 0);
  const startup = sh.d.effectsOf('startup')[0]?.effect.msg;
  t.deepEqual(startup?.discoveryHashes, [{ kind: 'arp', hash: 'a1' }, { kind: 'netstat', hash: 'h1' }]);
  sh.feed(withPlan(1, [NETSTAT, { kind: 'arp', intervalMs: 60_000, timeoutMs: 5_000 }]), 0);
  sh.run(1_000);
  t.deepEqual(sh.discoveries(), [{ atMs: 100, kind: 'arp', hash: 'a2' }], 'only the changed kind');
  t.deepEqual(sh.d.core.discoveryHashes(), [{ kind: 'arp', hash: 'a2' }, { kind: 'netstat', hash: 'h1' }]);
  sh.feed({ kind: 'cma-session-changed' }, 2_000);
  const resync = sh.d.reports().find((r) => r.msg.type === 'STARTUP')?.msg;
  t.like(resync, { type: 'STARTUP', discoveryHashes: [{ kind: 'arp', hash: 'a2' }, { kind: 'netstat', hash: 'h1' }] });
});

test('a local plan waits for the CMA: nothing runs before SETCONFIG', (t) => {
  const sh = new Shell({ ...initFor(1), discoveryPlan: [{ ...NETSTAT, args: ['x'] }] }, () => same('h'));
  sh.feed({ kind: 'start' }, 0);
  t.deepEqual(sh.times('discovery-run'), []);
  sh.feed(setConfig(1), 5_000);
  sh.run(6_000);
  t.deepEqual(sh.d.effectsOf('discovery-run').map((e) => [e.atMs, e.effect.task.args]), [[5_000, ['x']]]);
  t.is(sh.discoveries().length, 1);
});

test('DODISCOVER runs now and sends even unchanged content; STOPDISCOVER abandons a running kind', (t) => {
  const sh = new Shell(initFor(1), () => same('h'), 2_000);
  sh.feed({ kind: 'start' }, 0);
  sh.feed(withPlan(1, [NETSTAT]), 0);
  sh.run(10_000);
  sh.feed({ kind: 'cma', msg: { type: 'DODISCOVER', kind: 'netstat', intervalMs: 60_000, timeoutMs: 10_000, args: [] } }, 20_000);
  sh.run(30_000);
  t.deepEqual(sh.discoveries().map((d) => d.atMs), [2_000, 22_000]);
  sh.run(80_500); // the forced run moved the schedule: next run 60 s after it
  sh.feed({ kind: 'cma', msg: { type: 'STOPDISCOVER', kind: 'netstat' } }, 81_000);
  sh.run(200_000);
  t.deepEqual(sh.d.effectsOf('discovery-abandon').map((e) => e.atMs), [81_000]);
  t.deepEqual(sh.times('discovery-run'), [0, 20_000, 80_000]);
  t.is(sh.discoveries().length, 2);
});

test('a DISCOVERY the shell could not queue is forgotten and resent by the next run', (t) => {
  const sh = new Shell(initFor(1), () => same('h'));
  sh.feed({ kind: 'start' }, 0);
  sh.feed(withPlan(1, [NETSTAT]), 0);
  sh.run(1_000);
  sh.feed({ kind: 'discovery-undelivered', discoveryKind: 'netstat', hash: 'h' }, 1_000);
  sh.feed({ kind: 'discovery-undelivered', discoveryKind: 'netstat', hash: 'other' }, 1_000);
  sh.run(61_000);
  t.deepEqual(sh.discoveries().map((d) => d.atMs), [100, 60_100]);
  t.deepEqual(sh.d.core.discoveryHashes(), [{ kind: 'netstat', hash: 'h' }]);
});

test('a stalled core runs a late kind once, not once per missed interval', (t) => {
  const sh = new Shell(initFor(1), (_k, n) => same(`h${n}`));
  sh.feed({ kind: 'start' }, 0);
  sh.feed(withPlan(1, [NETSTAT]), 0);
  sh.run(1_000);
  sh.feed({ kind: 'timer' }, 600_000);
  sh.run(600_500);
  t.deepEqual(sh.times('discovery-run'), [0, 600_000]);
});

/** A netstat-like payload of `n` connections, the i-th remote port `port(i)`, with its real content hash. */
function netstatOutcome(n: number, port: (i: number) => number = (i) => 1_000 + i): DiscoveryOutcome {
  const connections = Array.from({ length: n }, (_, i) => ({ proto: 'tcp', localAddress: '198.18.0.1', remoteAddress: `198.18.${100 + i}.1`, remotePort: port(i), count: 1, pids: [42] }));
  const payload = { processes: [{ pid: 42, startTimeTicks: 7, name: 'app', exe: '/usr/bin/app', cmdline: ['app'], uid: 0 }], listeners: [], connections };
  return { ok: true, hash: contentHash(payload), payload };
}

test('diffs: against the acknowledged state only; whole while one is in flight, on DODISCOVER and after a CMA session change', (t) => {
  // nth run → 50 connections, the nth one's port changed from run 2 on: each run differs from the previous one.
  const sh = new Shell(initFor(1), (_k, n) => netstatOutcome(50, (i) => (i === n ? 9_000 + n : 1_000 + i)));
  sh.feed({ kind: 'start' }, 0);
  sh.feed(withPlan(1, [NETSTAT]), 0);
  const sent = (): Discovery[] => sh.d.reports().flatMap((r) => (r.msg.type === 'DISCOVERY' ? [r.msg] : []));
  sh.run(1_000);
  t.is(sent()[0]?.full, true, 'first report: nothing acknowledged yet');
  sh.feed({ kind: 'discovery-acked' }, 1_000);
  t.false(sh.d.core.discoveryAwaitingAck());
  sh.run(61_000);
  const second = sent()[1];
  t.is(second?.full, false, 'small change against the acknowledged state: a diff');
  const diff = asDiscoveryDiff(second?.payload);
  t.is(diff.base, sent()[0]?.hash ?? '');
  t.is(diff.lists.connections?.upsert.length, 2, 'connection 1 back to its port, connection 2 changed');
  t.is(diff.lists.connections?.remove.length, 2);
  t.true(sh.d.core.discoveryAwaitingAck());
  sh.run(121_000);
  t.is(sent()[2]?.full, true, 'the previous report is still in flight: whole');
  sh.feed({ kind: 'discovery-acked' }, 121_000);
  sh.run(181_000);
  t.is(sent()[3]?.full, false);
  sh.feed({ kind: 'discovery-acked' }, 181_000);
  sh.feed({ kind: 'cma', msg: { type: 'DODISCOVER', kind: 'netstat', intervalMs: 60_000, timeoutMs: 10_000, args: [] } }, 200_000);
  sh.run(201_000);
  t.is(sent()[4]?.full, true, 'DODISCOVER: whole');
  sh.feed({ kind: 'discovery-acked' }, 201_000);
  sh.feed({ kind: 'cma-session-changed' }, 202_000);
  sh.run(261_000);
  t.is(sent()[5]?.full, true, 'another CMA session: whole');
  t.like(sh.d.core.discoveryStatus()[0], { sent: 6, diffs: 2 });
});

test('diffs: a diff the channel could not queue is forgotten; the next report is whole', (t) => {
  const sh = new Shell(initFor(1), (_k, n) => netstatOutcome(50, (i) => (i === n ? 9_000 + n : 1_000 + i)));
  sh.feed({ kind: 'start' }, 0);
  sh.feed(withPlan(1, [NETSTAT]), 0);
  sh.run(1_000);
  sh.feed({ kind: 'discovery-acked' }, 1_000);
  sh.run(61_000);
  const sent = (): Discovery[] => sh.d.reports().flatMap((r) => (r.msg.type === 'DISCOVERY' ? [r.msg] : []));
  t.is(sent()[1]?.full, false);
  sh.feed({ kind: 'discovery-undelivered', discoveryKind: 'netstat', hash: sent()[1]?.hash ?? '' }, 61_000);
  t.false(sh.d.core.discoveryAwaitingAck());
  sh.run(121_000);
  // Still a diff against the acknowledged (first) state: the CMA holds exactly that one.
  t.is(asDiscoveryDiff(sent()[2]?.payload).base, sent()[0]?.hash ?? '');
});
