/**
 * Time-driven work, done on every `handle` call after the input: expire probes, retry STARTUP, send martian
 * reports whose grace period is over, raise peer alarms
 * (HBLATE once per silence episode, HBDEAD once), send due heartbeats. Also the stale-view rule (DESIGN §4): a
 * core that was not run for longer than the stall threshold grants every peer a fresh grace period instead of
 * blaming them for silence it slept through.
 */
import { dueAlarm, isStall, nextSendMs, silenceOriginMs, stallThresholdMs } from './deadlines.ts';
import { reportDueMartians } from './handle-heartbeat.ts';
import { expireProbes } from './handle-probe.ts';
import { retryStartupIfDue } from './lifecycle.ts';
import type { PeerRecord } from './peers.ts';
import type { CoreState, Outbox } from './state.ts';

/**
 * If the gap since the previous call exceeds `max(2 × interval, late)` of the strictest peer timing, the process
 * was stopped or starved: silence counts for every peer (and every probe) from `nowMs` again. Applies only while
 * there are peers (without peers a long gap is just the shell sleeping until `wakeAt`).
 */
export function graceAfterStall(s: CoreState, nowMs: number, out: Outbox): void {
  if (s.lastHandledMs === undefined || s.peers.size === 0) return;
  const gapMs = nowMs - s.lastHandledMs;
  // Runs on every handle call: the peer table keeps the strictest timing cached.
  const timing = s.peers.strictest();
  if (timing === undefined) return;
  if (!isStall(gapMs, timing)) return;
  s.counters.stalls += 1;
  for (const peer of s.peers.values()) peer.graceFromMs = nowMs;
  s.probes.grace(nowMs);
  out.log('warn', 'core was not run for a while: peers get a fresh grace period', { gapMs, thresholdMs: stallThresholdMs(timing) });
}

/** Does everything due at `nowMs`. */
export function tick(s: CoreState, nowMs: number, out: Outbox): void {
  expireProbes(s, nowMs, out);
  retryStartupIfDue(s, nowMs, out);
  reportDueMartians(s, nowMs, out);
  for (const peer of s.peers.values()) {
    raiseAlarm(s, peer, nowMs, out);
    sendHeartbeatIfDue(s, peer, nowMs, out);
  }
}

function raiseAlarm(s: CoreState, peer: PeerRecord, nowMs: number, out: Outbox): void {
  const origin = silenceOriginMs(peer.lastHeardMs, peer.graceFromMs);
  const alarm = dueAlarm(origin, peer.timing, { late: peer.lateReported, dead: peer.deadReported }, nowMs);
  if (alarm === undefined) return;
  const silentForMs = nowMs - peer.lastHeardMs;
  peer.lateReported = true;
  if (alarm === 'dead') {
    peer.deadReported = true;
    peer.health = 'dead';
    s.counters.reportsDead += 1;
    out.toCma({ type: 'HBDEAD', peerId: peer.peerId, ringId: peer.reportRingId, silentForMs });
  } else {
    peer.health = 'late';
    s.counters.reportsLate += 1;
    out.toCma({ type: 'HBLATE', peerId: peer.peerId, ringId: peer.reportRingId, silentForMs });
  }
  out.log('info', alarm === 'dead' ? 'peer dead' : 'peer late', { peerId: peer.peerId, ringId: peer.reportRingId, silentForMs });
}

/** Largest heartbeat sequence number before wrapping back to 1 (u32 on the wire). */
const MAX_SEQ = 0xffff_ffff;

function sendHeartbeatIfDue(s: CoreState, peer: PeerRecord, nowMs: number, out: Outbox): void {
  if (nowMs < peer.nextSendMs) return;
  peer.seq = peer.seq >= MAX_SEQ ? 1 : peer.seq + 1;
  peer.lastSentMs = nowMs;
  peer.nextSendMs = nextSendMs(nowMs, peer.timing.intervalMs);
  s.counters.heartbeatsSent += 1;
  out.push({
    kind: 'send-peer',
    to: peer.address,
    peerId: peer.peerId,
    msg: { type: 'HEARTBEAT', senderId: s.identity.hostId, ringId: peer.reportRingId, seq: peer.seq },
  });
}
