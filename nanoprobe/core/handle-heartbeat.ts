/**
 * HEARTBEAT from another nanoprobe. Identity is the `senderId` inside the message, never the source address
 * (STYLE practice 8). A known peer is heard now (and reported back alive if it was late or dead); a stranger is
 * reported as a martian, rate-limited per stranger and held for `martianGraceMs` first (martians.ts): dropped if
 * its SENDEXPECTHB arrives meanwhile (a forming ring edge), sent by `tick` otherwise.
 */
import type { Heartbeat, WireAddress } from '../../protocol/messages.ts';
import type { HeldMartian } from './martians.ts';
import type { CoreState, Outbox } from './state.ts';

/** Sends one HBMARTIAN. */
export function reportMartian(s: CoreState, m: HeldMartian, out: Outbox): void {
  s.counters.martianReports += 1;
  out.toCma({ type: 'HBMARTIAN', peerId: m.peerId, address: m.address, ringId: m.ringId });
  out.log('info', 'heartbeat from a stranger', { wire: { senderId: m.peerId, ringId: m.ringId, from: m.address } });
}

/** Sends the held martian reports whose grace period is over. */
export function reportDueMartians(s: CoreState, nowMs: number, out: Outbox): void {
  if (s.martians.heldCount === 0) return;
  for (const m of s.martians.due(nowMs)) reportMartian(s, m, out);
}

/** Handles HEARTBEAT. */
export function onHeartbeat(s: CoreState, msg: Heartbeat, from: WireAddress, nowMs: number, out: Outbox): void {
  if (msg.senderId === s.identity.hostId) {
    s.counters.inputsIgnored += 1;
    return;
  }
  const peer = s.peers.get(msg.senderId);
  if (peer === undefined) {
    s.counters.martianHeartbeats += 1;
    if (!s.martians.allow(msg.senderId, nowMs)) return;
    const now = s.martians.hold(msg.senderId, from, msg.ringId, nowMs);
    if (now !== undefined) reportMartian(s, now, out);
    return;
  }
  s.counters.heartbeatsReceived += 1;
  peer.heartbeatsReceived += 1;
  if (peer.health !== 'ok') {
    const silentForMs = nowMs - peer.lastHeardMs;
    s.counters.reportsBackAlive += 1;
    out.toCma({ type: 'HBBACKALIVE', peerId: peer.peerId, ringId: peer.reportRingId, silentForMs });
    out.log('info', 'peer back alive', { peerId: peer.peerId, was: peer.health, silentForMs });
  }
  peer.lastHeardMs = nowMs;
  peer.health = 'ok';
  peer.lateReported = false;
  peer.deadReported = false;
}
