/**
 * Death is confirmed before it is declared (DESIGN §4). An HBDEAD from a counted observer opens a suspicion; a
 * second counted observer confirms it once a heartbeat interval has passed without a sign of life; otherwise
 * another watcher PROBEs the suspect and the CMA pings it itself (suspicion-state.ts has the timeline). Any sign
 * of life closes the suspicion. When every representative of a local ring is suspected, the CMA sweeps the rest
 * of the ring (ring-sweep.ts): a ring that went silent as a whole is declared dead at once.
 *
 * Who counts as an observer: an `up` host that is not itself suspected, that watches the suspect in the current
 * rings, and that did not come back from the dead within confirmWindowMs. So a host that was SIGSTOPped (declared
 * dead, then woken with a stale view in which all its neighbours are silent) cannot get them declared dead: its
 * reports do not count, and a lone counted report is always checked, never trusted alone.
 */
import type { HbDead, HostId, ProbeResult } from '../../protocol/index.ts';
import { primaryAddress } from './hosts.ts';
import { declareDead } from './lifecycle.ts';
import { hasEdge, sendStop } from './ring-effects.ts';
import { cancelSweep, decideSweep, maybeSweep } from './ring-sweep.ts';
import type { CoreState, Step } from './step.ts';
import { WAIT_CAP_WINDOWS, decideAtMs, holdPingDueMs, nextDueMs, pingDueMs, pingLimit, type Suspicion } from './suspicion-state.ts';
import { clearTrouble, noteTrouble } from './trouble.ts';

const U32_MAX = 0xffff_ffff;

/** Why `reporter`'s HBDEAD about `target` does not count, or undefined when it does. */
export function discountReason(step: Step, reporter: HostId, target: HostId): string | undefined {
  const { hosts, suspicions, rings, cfg } = step.s;
  const r = hosts.get(reporter);
  if (r === undefined) return 'reporter unknown';
  if (r.record.status !== 'up') return `reporter is ${r.record.status}`;
  if (suspicions.has(reporter)) return 'reporter is suspected';
  if (r.backAtMs !== undefined && step.nowMs - r.backAtMs < cfg.confirmWindowMs) return 'reporter just came back';
  if (!rings.watchersOf(target).includes(reporter)) return 'reporter does not watch it';
  return undefined;
}

/** HBDEAD from `reporter`: record it; open, strengthen or confirm a suspicion if it counts. */
export function onDeadReport(step: Step, reporter: HostId, msg: HbDead): void {
  const { hosts, suspicions } = step.s;
  const target = hosts.get(msg.peerId);
  const why = target === undefined ? 'target unknown' : target.record.status !== 'up' ? `target is ${target.record.status}` : discountReason(step, reporter, msg.peerId);
  step.event('report-dead', msg.peerId, msg.ringId, { reporter, silentForMs: msg.silentForMs, counted: why === undefined, discount: why ?? null });
  if (why !== undefined) {
    // A live reporter watching a host it has no edge to runs a stale edge: tell it to stop.
    if (target !== undefined && hosts.isUp(reporter) && !hasEdge(step, reporter, msg.peerId, msg.ringId)) sendStop(step, reporter, msg.peerId, msg.ringId);
    step.log('debug', 'HBDEAD not counted', { reporter, target: msg.peerId, why });
    return;
  }
  const s = suspicions.get(msg.peerId);
  if (s === undefined) {
    open(step, msg.peerId, reporter);
    return;
  }
  if (!s.observers.includes(reporter)) s.observers.push(reporter);
  const valid = s.observers.filter((o) => discountReason(step, o, msg.peerId) === undefined);
  if (valid.length < 2 || s.twoObserversAtMs !== undefined) return;
  s.twoObserversAtMs = step.nowMs; // runDue pings during the hold and decides when it is over
}

function open(step: Step, target: HostId, observer: HostId): void {
  const { rings, hosts, cfg, suspicions } = step.s;
  const record = hosts.get(target)?.record;
  if (record === undefined) return;
  const others = rings.watchersOf(target).filter((w) => w !== observer && discountReason(step, w, target) === undefined).sort();
  const prober = others[0];
  let probeId = 0;
  if (prober !== undefined) {
    step.s.probeCounter = (step.s.probeCounter % U32_MAX) + 1;
    probeId = step.s.probeCounter;
  }
  const ringId = rings.ringOf(target);
  const holdMs = ringId === undefined ? cfg.timing.intervalMs : rings.timingOf(ringId, cfg.timing).intervalMs;
  suspicions.set(target, { target, openedAtMs: step.nowMs, observers: [observer], prober, probeId, probeSaidDead: false, pingsSent: 0, holdMs, twoObserversAtMs: undefined, holdPings: 0, waiting: false, watchers: rings.watchersOf(target), sweep: undefined });
  refreshWaiting(step, suspicions.get(target));
  const address = primaryAddress(record);
  if (prober !== undefined && address !== undefined) {
    step.send(prober, { type: 'PROBE', probeId, targetId: target, address, publicKey: record.publicKey, timeoutMs: cfg.probeTimeoutMs });
  }
  if (ringId !== undefined) noteTrouble(step, ringId, target);
  step.log('debug', 'host suspected', { hostId: target, observer, prober: prober ?? null });
  if (ringId !== undefined) maybeSweep(step, ringId, target);
}

/** A sign of life from `hostId` (pong, alive probe, back-alive, heartbeat, STARTUP): closes its suspicion. */
export function signOfLife(step: Step, hostId: HostId, how: string): boolean {
  const s = step.s.suspicions.get(hostId);
  if (s === undefined) return false;
  step.s.suspicions.delete(hostId);
  const ringId = step.s.rings.ringOf(hostId);
  clearTrouble(step, ringId, hostId);
  step.log('debug', 'suspicion cleared', { hostId, how, observers: s.observers });
  if (ringId !== undefined) cancelSweep(step, ringId, hostId);
  return true;
}

/** PROBERESULT from `from`: feeds the matching suspicion (same target, probe id and prober). */
export function onProbeResult(step: Step, from: HostId, msg: ProbeResult): void {
  step.event('report-probe-result', msg.targetId, null, { reporter: from, probeId: msg.probeId, alive: msg.alive, rttMs: msg.rttMs });
  const s = step.s.suspicions.get(msg.targetId);
  if (s?.probeId !== msg.probeId || s.prober !== from) return;
  if (msg.alive) signOfLife(step, msg.targetId, `probe by ${from}`);
  else s.probeSaidDead = true; // decided by runDue: at once if the pings are already over
}

/** Sends the pings that are due and declares dead every suspect whose decision time has come. */
export function runDue(step: Step): void {
  const { suspicions, hosts, cfg } = step.s;
  for (const s of [...suspicions.values()]) {
    const record = hosts.get(s.target)?.record;
    if (record?.status !== 'up') {
      suspicions.delete(s.target);
      continue;
    }
    refreshWaiting(step, s);
    const address = primaryAddress(record);
    while (s.pingsSent < pingLimit(s, cfg) && step.nowMs >= pingDueMs(s, s.pingsSent, cfg)) {
      s.pingsSent++;
      if (address !== undefined) step.emit({ kind: 'ping', target: s.target, address, attempt: s.pingsSent });
    }
    for (let due = holdPingDueMs(s); due !== undefined && step.nowMs >= due && due < decideAtMs(s, cfg); due = holdPingDueMs(s)) {
      s.holdPings++;
      s.pingsSent++;
      if (address !== undefined) step.emit({ kind: 'ping', target: s.target, address, attempt: s.pingsSent });
    }
    if (step.nowMs < decideAtMs(s, cfg)) continue;
    if (s.sweep !== undefined) decideSweep(step, s.sweep.ringId);
    else declareDead(step, s.target, reasonOf(s, step.s), detailOf(s));
  }
}

/** A single-observer suspicion waits while a counted watcher that has not reported it exists. */
function refreshWaiting(step: Step, s: Suspicion | undefined): void {
  if (s === undefined) return;
  if (s.twoObserversAtMs !== undefined || s.sweep !== undefined) {
    s.waiting = false;
    return;
  }
  s.waiting = s.watchers.some((w) => !s.observers.includes(w) && discountReason(step, w, s.target) === undefined);
}

function reasonOf(s: Suspicion, state: CoreState): string {
  const pings = `${state.cfg.pingAttempts} pings unanswered`;
  const by = `reported dead by ${s.observers.join(' and ')}`;
  if (s.twoObserversAtMs !== undefined) return `${by}; no sign of life within ${s.holdMs} ms`;
  if (s.waiting) return `${by}; no second observer and ${s.pingsSent} pings unanswered in ${WAIT_CAP_WINDOWS * state.cfg.confirmWindowMs} ms`;
  if (s.prober === undefined) return `${by}; no other watcher; ${pings}`;
  if (s.probeSaidDead) return `${by}; probe by ${s.prober} failed; ${pings}`;
  return `${by}; no probe answer from ${s.prober} within ${state.cfg.confirmWindowMs} ms; ${pings}`;
}

function detailOf(s: Suspicion): Record<string, string | readonly string[] | null> {
  if (s.twoObserversAtMs !== undefined) return { rule: 'two-observers', observers: s.observers };
  const probe = s.prober === undefined ? 'none' : s.probeSaidDead ? 'failed' : 'unanswered';
  return { rule: 'checked', observers: s.observers, prober: s.prober ?? null, probe };
}

/** The earliest time any suspicion needs a timer input, undefined when none is open. */
export function nextWakeMs(state: CoreState): number | undefined {
  let next: number | undefined;
  for (const s of state.suspicions.values()) {
    const due = nextDueMs(s, state.cfg);
    if (next === undefined || due < next) next = due;
  }
  return next;
}
