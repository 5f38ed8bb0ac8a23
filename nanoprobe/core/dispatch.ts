/**
 * Routes CMA commands and peer messages to their handlers (one switch each, exhaustive over the message union;
 * the state checks that apply to every input are done by the caller, `NanoprobeCore.handle`).
 */
import type { Ping, WireAddress } from '../../protocol/messages.ts';
import { onHeartbeat } from './handle-heartbeat.ts';
import { onDoDiscover, onMonitor, onStopDiscover, onStopMonitor } from './handle-plans.ts';
import { onPong, onProbe } from './handle-probe.ts';
import { onSendExpectHb, onStopSendExpectHb } from './handle-send-expect-hb.ts';
import { onSetConfig } from './handle-set-config.ts';
import type { CmaCommand, PeerMessage } from './inputs.ts';
import type { CoreState, Outbox } from './state.ts';

/** Applies one CMA command. */
export function dispatchCma(s: CoreState, cmd: CmaCommand, nowMs: number, out: Outbox): void {
  switch (cmd.type) {
    case 'SETCONFIG':
      onSetConfig(s, cmd, nowMs, out);
      return;
    case 'SENDEXPECTHB':
      onSendExpectHb(s, cmd, nowMs, out);
      return;
    case 'STOPSENDEXPECTHB':
      onStopSendExpectHb(s, cmd, nowMs, out);
      return;
    case 'PROBE':
      onProbe(s, cmd, nowMs, out);
      return;
    case 'DODISCOVER':
      onDoDiscover(s, cmd, out);
      return;
    case 'STOPDISCOVER':
      onStopDiscover(s, cmd, out);
      return;
    case 'MONITOR':
      onMonitor(s, cmd, out);
      return;
    case 'STOPMONITOR':
      onStopMonitor(s, cmd, out);
      return;
  }
}

/** Applies one message from another nanoprobe. */
export function dispatchPeer(s: CoreState, msg: PeerMessage, from: WireAddress, nowMs: number, out: Outbox): void {
  switch (msg.type) {
    case 'HEARTBEAT':
      onHeartbeat(s, msg, from, nowMs, out);
      return;
    case 'PING':
      onPing(s, msg, from, out);
      return;
    case 'PONG':
      onPong(s, msg, nowMs, out);
      return;
  }
}

/** PING: answer with a PONG carrying the same nonce, to wherever the PING came from. */
function onPing(s: CoreState, msg: Ping, from: WireAddress, out: Outbox): void {
  s.counters.pingsAnswered += 1;
  out.push({
    kind: 'send-peer',
    to: { host: from.host, port: from.port },
    peerId: msg.senderId,
    msg: { type: 'PONG', senderId: s.identity.hostId, nonce: msg.nonce },
  });
}
