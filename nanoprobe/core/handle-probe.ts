/**
 * PROBE → PING → PONG → PROBERESULT: a direct check of a suspect on the CMA's request (DESIGN §4). The result is
 * `alive` with the round-trip time when the target's PONG carries our nonce before the deadline, else not alive.
 */
import type { Pong, Probe } from '../../protocol/messages.ts';
import { installLink, releaseLink } from './links.ts';
import type { OutstandingProbe } from './probes.ts';
import type { CoreState, Outbox } from './state.ts';

/** Handles PROBE: PING the target with a fresh nonce. */
export function onProbe(s: CoreState, cmd: Probe, nowMs: number, out: Outbox): void {
  const linkNeeded = !s.peers.has(cmd.targetId) && !s.probes.targets(cmd.targetId);
  const started = s.probes.start(cmd, nowMs);
  if (started.kind === 'refused') {
    s.counters.commandsRefused += 1;
    out.log('warn', 'PROBE refused', { reason: started.reason, wire: { probeId: cmd.probeId, targetId: cmd.targetId } });
    return;
  }
  const p = started.probe;
  s.counters.probesStarted += 1;
  if (linkNeeded) installLink(out, p.targetId, p.address, p.publicKey, 'probe');
  out.push({ kind: 'send-peer', to: p.address, peerId: p.targetId, msg: { type: 'PING', senderId: s.identity.hostId, nonce: p.nonce } });
}

/** Handles PONG: completes the matching probe, or counts an unmatched PONG. */
export function onPong(s: CoreState, msg: Pong, nowMs: number, out: Outbox): void {
  const p = s.probes.answer(msg.senderId, msg.nonce);
  if (p === undefined) {
    s.counters.pongsUnmatched += 1;
    return;
  }
  s.counters.probesAlive += 1;
  finish(s, p, true, nowMs - p.sentAtMs, out);
}

/** Reports every probe whose deadline has passed as not alive. */
export function expireProbes(s: CoreState, nowMs: number, out: Outbox): void {
  for (const p of s.probes.expire(nowMs)) {
    s.counters.probesTimedOut += 1;
    finish(s, p, false, 0, out);
  }
}

function finish(s: CoreState, p: OutstandingProbe, alive: boolean, rttMs: number, out: Outbox): void {
  out.toCma({ type: 'PROBERESULT', probeId: p.probeId, targetId: p.targetId, alive, rttMs });
  releaseLink(s, out, p.targetId, p.address, p.publicKey, 'probe');
}
