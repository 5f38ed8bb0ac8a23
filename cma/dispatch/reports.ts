/**
 * Reports delivered by a nanoprobe's reliable channel (DESIGN §3, §4). Every report is recorded in this call's
 * store batch and committed after it (the shell ACKs only after the write), whatever it leads to.
 */
import type { HbBackAlive, HbLate, HbMartian, HostId } from '../../protocol/index.ts';
import { resurrect, shutDown } from './lifecycle.ts';
import { onDiscovery } from './discovery.ts';
import { hasEdge, sendStop } from './ring-effects.ts';
import type { Step } from './step.ts';
import { onDeadReport, onProbeResult, signOfLife } from './suspicion.ts';
import type { CmaReportMessage } from './types.ts';

/** Handles one report from `from` and commits `seq` after the write that records it. */
export function handleReport(step: Step, from: HostId, seq: number, msg: CmaReportMessage): void {
  step.commit({ from, seq });
  const reporter = step.s.hosts.get(from);
  if (reporter === undefined) {
    step.log('warn', 'report from an unregistered host ignored', { from, type: msg.type });
    return;
  }
  step.update(reporter, { lastSeenWallMs: step.wallMs });
  switch (msg.type) {
    case 'HBDEAD':
      onDeadReport(step, from, msg);
      break;
    case 'HBLATE':
      onLate(step, from, msg);
      break;
    case 'HBBACKALIVE':
      onBackAlive(step, from, msg);
      break;
    case 'HBMARTIAN':
      onMartian(step, from, msg);
      break;
    case 'HBSHUTDOWN':
      shutDown(step, from, msg.reason);
      break;
    case 'PROBERESULT':
      onProbeResult(step, from, msg);
      break;
    case 'MONSTATE':
      step.event('report-mon-state', from, null, { monitorId: msg.monitorId, state: msg.state, detail: msg.detail });
      break;
    case 'DISCOVERY':
      onDiscovery(step, from, msg);
      break;
  }
}

/** HBLATE: counted on the late host and recorded; no ring action (a stale edge is told to stop). */
function onLate(step: Step, from: HostId, msg: HbLate): void {
  step.event('report-late', msg.peerId, msg.ringId, { reporter: from, silentForMs: msg.silentForMs });
  const target = step.s.hosts.get(msg.peerId);
  if (target === undefined) return;
  step.update(target, { lateCount: target.record.lateCount + 1 });
  if (step.s.hosts.isUp(from) && !hasEdge(step, from, msg.peerId, msg.ringId)) sendStop(step, from, msg.peerId, msg.ringId);
}

/** HBBACKALIVE: the peer is heard again. Clears a suspicion; brings a host declared dead back into the rings. */
function onBackAlive(step: Step, from: HostId, msg: HbBackAlive): void {
  step.event('report-back-alive', msg.peerId, msg.ringId, { reporter: from, silentForMs: msg.silentForMs });
  const target = step.s.hosts.get(msg.peerId);
  if (target?.record.status === 'up') signOfLife(step, msg.peerId, `back-alive from ${from}`);
  else if (target?.record.status === 'dead') resurrect(step, msg.peerId, 'back-alive', from, false);
}

/**
 * HBMARTIAN: `msg.peerId` heartbeats at `from` uninvited. A host declared dead is brought back; a live one runs a
 * stale edge and is told to stop it (unless the edge exists now: `from` has just not been told yet). A shut-down
 * host is left alone: it comes back with a STARTUP.
 */
function onMartian(step: Step, from: HostId, msg: HbMartian): void {
  step.event('report-martian', msg.peerId, msg.ringId, { reporter: from, address: `${msg.address.host}:${msg.address.port}` });
  const target = step.s.hosts.get(msg.peerId);
  if (target?.record.status === 'dead') {
    resurrect(step, msg.peerId, 'martian', from, false);
  } else if (target?.record.status === 'up') {
    signOfLife(step, msg.peerId, `heartbeat at ${from}`);
    if (!hasEdge(step, msg.peerId, from, msg.ringId)) sendStop(step, msg.peerId, from, msg.ringId);
  }
}
