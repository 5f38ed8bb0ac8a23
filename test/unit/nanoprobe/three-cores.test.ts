// Three NanoprobeCores heartbeating each other through a hand-rolled message loop over virtual time (no sockets,
// no codec): a tiny stand-in for the simulator. Each core watches the other two (a ring of 3, lan timing), the
// network delays each message 1–20 ms (seeded).
//
// virtual time  0 ────────────── 1 h ── kill C ── +10 s
// A, B, C       h h h h h h h h h h h    (C silent)
// reports       (none for one hour)       A and B: HBLATE then HBDEAD for C, once each
import test from 'ava';
import { NanoprobeCore, TIMING_PRESETS } from '../../../nanoprobe/core/index.ts';
import type { CmaOutMessage, CoreInput, CoreOutput } from '../../../nanoprobe/core/index.ts';
import { SeededRng } from '../../../runtime/rng.ts';
import { addrOf, expect as expectHb, hostId, initFor, setConfig } from '../../helpers/nanoprobe-fixtures.ts';

const HOUR_MS = 3_600_000;
const { intervalMs, deadMs } = TIMING_PRESETS.lan;

interface Event {
  readonly atMs: number;
  readonly seq: number;
  readonly node: number;
  readonly input: CoreInput;
  /** For timer events: the wake generation they belong to (stale ones are skipped: lazy deletion). */
  readonly gen?: number;
}

/** A minimal deterministic event loop: sorted queue keyed by (time, seq), one pending wake per core. */
class Loop {
  readonly cores = new Map<number, NanoprobeCore>();
  readonly killed = new Set<number>();
  readonly reports: { atMs: number; node: number; msg: CmaOutMessage }[] = [];
  /** Last heartbeat send time per (from → to). */
  readonly lastHeartbeatSent = new Map<string, number>();
  heartbeatsDelivered = 0;
  readonly #queue: Event[] = [];
  readonly #gen = new Map<number, number>();
  readonly #rng = new SeededRng(2024);
  #seq = 0;
  nowMs = 0;

  add(n: number): void {
    this.cores.set(n, new NanoprobeCore(initFor(n)));
  }

  feed(node: number, input: CoreInput, atMs: number): void {
    const core = this.cores.get(node);
    if (core === undefined || this.killed.has(node)) return;
    this.#apply(node, core.handle(input, atMs), atMs);
  }

  #push(e: Omit<Event, 'seq'>): void {
    const ev = { ...e, seq: this.#seq++ };
    let lo = 0;
    let hi = this.#queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = this.#queue[mid]!;
      if (m.atMs < ev.atMs || (m.atMs === ev.atMs && m.seq < ev.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.#queue.splice(lo, 0, ev);
  }

  #apply(node: number, out: CoreOutput, atMs: number): void {
    for (const effect of out.effects) {
      if (effect.kind === 'send-cma') this.reports.push({ atMs, node, msg: effect.msg });
      if (effect.kind !== 'send-peer') continue;
      const to = Number.parseInt(effect.peerId, 16);
      if (effect.msg.type === 'HEARTBEAT') this.lastHeartbeatSent.set(`${node}->${to}`, atMs);
      this.#push({ atMs: atMs + 1 + this.#rng.int(20), node: to, input: { kind: 'peer', msg: effect.msg, from: addrOf(node) } });
    }
    const gen = (this.#gen.get(node) ?? 0) + 1;
    this.#gen.set(node, gen);
    if (out.wakeAtMs !== undefined) this.#push({ atMs: out.wakeAtMs, node, input: { kind: 'timer' }, gen });
  }

  run(untilMs: number): void {
    for (let ev = this.#queue[0]; ev !== undefined && ev.atMs <= untilMs; ev = this.#queue[0]) {
      this.#queue.shift();
      this.nowMs = ev.atMs;
      if (ev.gen !== undefined && ev.gen !== this.#gen.get(ev.node)) continue;
      if (ev.input.kind === 'peer' && ev.input.msg.type === 'HEARTBEAT' && !this.killed.has(ev.node)) this.heartbeatsDelivered++;
      this.feed(ev.node, ev.input, ev.atMs);
    }
    this.nowMs = untilMs;
  }
}

test('three cores heartbeat each other for an hour without a report; killing one gets it reported dead by both neighbours', (t) => {
  const loop = new Loop();
  const nodes = [1, 2, 3];
  for (const n of nodes) loop.add(n);
  for (const n of nodes) {
    const at = n * 137; // staggered starts, so the cores are not phase-locked
    loop.feed(n, { kind: 'start' }, at);
    loop.feed(n, setConfig(n), at);
    for (const p of nodes) if (p !== n) loop.feed(n, expectHb(p, 'ring-1'), at);
  }
  loop.run(HOUR_MS);
  t.deepEqual(loop.reports, [], 'when all is well the CMA hears nothing');
  // 6 directed edges × one heartbeat per second for an hour.
  t.true(loop.heartbeatsDelivered >= 6 * 3599 && loop.heartbeatsDelivered <= 6 * 3601, `${loop.heartbeatsDelivered}`);
  for (const n of nodes) t.true(loop.cores.get(n)!.status(HOUR_MS).peers.every((p) => p.health === 'ok'));

  const killAtMs = HOUR_MS + 123;
  loop.run(killAtMs);
  loop.killed.add(3);
  loop.run(killAtMs + 10 * intervalMs);

  for (const observer of [1, 2]) {
    const about3 = loop.reports.filter((r) => r.node === observer && 'peerId' in r.msg && r.msg.peerId === hostId(3));
    t.deepEqual(
      about3.map((r) => r.msg.type),
      ['HBLATE', 'HBDEAD'],
      `observer ${observer}`,
    );
    const lastSent = loop.lastHeartbeatSent.get(`3->${observer}`)!;
    const deadAt = about3[1]!.atMs;
    t.true(deadAt - lastSent >= deadMs && deadAt - lastSent <= deadMs + intervalMs, `HBDEAD ${deadAt - lastSent} ms after C's last heartbeat`);
    t.true(deadAt - killAtMs <= deadMs + intervalMs, `HBDEAD ${deadAt - killAtMs} ms after the kill`);
    t.log(`observer ${observer}: HBDEAD ${deadAt - lastSent} ms after C's last heartbeat, ${deadAt - killAtMs} ms after the kill`);
    t.is(loop.cores.get(observer)!.status(loop.nowMs).peers.find((p) => p.peerId === hostId(3))?.health, 'dead');
  }
  t.is(loop.reports.length, 4, 'A and B say nothing about each other');
});
