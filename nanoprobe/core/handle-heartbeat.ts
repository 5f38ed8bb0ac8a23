/**
 * HEARTBEAT from another nanoprobe. Identity is the `senderId` inside the message, never the source address
 * (STYLE practice 8). A known peer is heard now (and reported back alive if it was late or dead); a stranger is
 * reported as a martian, rate-limited per stranger.
 */
import type { Heartbeat, WireAddress } from '../../protocol/messages.ts';
import type { CoreState, Outbox } from './state.ts';

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
    s.counters.martianReports += 1;
    out.toCma({ type: 'HBMARTIAN', peerId: msg.senderId, address: { host: from.host, port: from.port }, ringId: msg.ringId });
    out.log('info', 'heartbeat from a stranger', { wire: { senderId: msg.senderId, ringId: msg.ringId, from } });
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
