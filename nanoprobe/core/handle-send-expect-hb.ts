/**
 * SENDEXPECTHB / STOPSENDEXPECTHB: the CMA adds or removes one ring edge to a peer (DESIGN §5). Adding a ring to
 * a known peer keeps its one heartbeat stream; removing the last ring removes the peer and its link key.
 */
import type { SendExpectHb, StopSendExpectHb } from '../../protocol/messages.ts';
import { installLink, releaseLink } from './links.ts';
import type { CoreState, Outbox } from './state.ts';
import { timingProblem } from './timing.ts';

/** Handles SENDEXPECTHB. */
export function onSendExpectHb(s: CoreState, cmd: SendExpectHb, nowMs: number, out: Outbox): void {
  const wire = { peerId: cmd.peerId, ringId: cmd.ringId };
  if (cmd.peerId === s.identity.hostId) {
    s.counters.commandsRefused += 1;
    out.log('warn', 'SENDEXPECTHB naming this host refused', { wire });
    return;
  }
  const problem = timingProblem(cmd.timing);
  if (problem !== undefined) {
    s.counters.commandsRefused += 1;
    out.log('warn', 'SENDEXPECTHB with bad timing refused', { problem, wire: { ...wire, timing: cmd.timing } });
    return;
  }
  const outcome = s.peers.upsert(cmd, nowMs);
  switch (outcome.kind) {
    case 'refused':
      s.counters.commandsRefused += 1;
      out.log('warn', 'SENDEXPECTHB refused: limit reached', { reason: outcome.reason, wire });
      return;
    case 'added':
      if (s.martians.forget(cmd.peerId)) s.counters.martiansForgiven += 1;
      installLink(out, outcome.peer.peerId, outcome.peer.address, outcome.peer.publicKey, 'ring');
      out.log('info', 'peer added', { wire: { ...wire, address: cmd.address } });
      return;
    case 'updated':
      if (outcome.linkChanged) installLink(out, outcome.peer.peerId, outcome.peer.address, outcome.peer.publicKey, 'ring');
      out.log('debug', 'peer updated', { wire, rings: outcome.peer.rings.size, linkChanged: outcome.linkChanged });
      return;
  }
}

/** Handles STOPSENDEXPECTHB. */
export function onStopSendExpectHb(s: CoreState, cmd: StopSendExpectHb, nowMs: number, out: Outbox): void {
  const wire = { peerId: cmd.peerId, ringId: cmd.ringId };
  const outcome = s.peers.removeRing(cmd.peerId, cmd.ringId);
  switch (outcome.kind) {
    case 'unknown':
      s.counters.inputsIgnored += 1;
      out.log('debug', 'STOPSENDEXPECTHB for an unknown peer or ring ignored', { wire });
      return;
    case 'ring-removed':
      out.log('debug', 'peer left one ring', { wire, rings: outcome.peer.rings.size });
      return;
    case 'peer-removed':
      // Its heartbeats in flight, and those it sends until its own STOPSENDEXPECTHB lands, are no martians.
      s.martians.quiet(outcome.peer.peerId, nowMs);
      releaseLink(s, out, outcome.peer.peerId, outcome.peer.address, outcome.peer.publicKey, 'ring');
      out.log('info', 'peer removed', { wire });
      return;
  }
}
