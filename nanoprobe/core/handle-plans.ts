/**
 * DODISCOVER / STOPDISCOVER / MONITOR / STOPMONITOR: recorded in the plan tables; the shell receives the whole
 * plan on every change and runs it (the core does not execute discovery or monitors).
 */
import type { DoDiscover, Monitor, StopDiscover, StopMonitor } from '../../protocol/messages.ts';
import type { CoreState, Outbox } from './state.ts';

/** Handles DODISCOVER. */
export function onDoDiscover(s: CoreState, cmd: DoDiscover, out: Outbox): void {
  const task = Object.freeze({ kind: cmd.kind, intervalMs: cmd.intervalMs, timeoutMs: cmd.timeoutMs, args: Object.freeze([...cmd.args]) });
  if (!s.discovery.upsert(cmd.kind, task)) {
    s.counters.commandsRefused += 1;
    out.log('warn', 'DODISCOVER refused: discovery plan full', { wire: { kind: cmd.kind } });
    return;
  }
  out.push({ kind: 'discovery-plan', tasks: s.discovery.snapshot() });
}

/** Handles STOPDISCOVER. */
export function onStopDiscover(s: CoreState, cmd: StopDiscover, out: Outbox): void {
  if (!s.discovery.remove(cmd.kind)) {
    s.counters.inputsIgnored += 1;
    return;
  }
  out.push({ kind: 'discovery-plan', tasks: s.discovery.snapshot() });
}

/** Handles MONITOR. */
export function onMonitor(s: CoreState, cmd: Monitor, out: Outbox): void {
  const task = Object.freeze({
    monitorId: cmd.monitorId,
    kind: cmd.kind,
    target: cmd.target,
    intervalMs: cmd.intervalMs,
    timeoutMs: cmd.timeoutMs,
    args: Object.freeze([...cmd.args]),
  });
  if (!s.monitors.upsert(cmd.monitorId, task)) {
    s.counters.commandsRefused += 1;
    out.log('warn', 'MONITOR refused: monitor plan full', { wire: { monitorId: cmd.monitorId } });
    return;
  }
  out.push({ kind: 'monitor-plan', monitors: s.monitors.snapshot() });
}

/** Handles STOPMONITOR. */
export function onStopMonitor(s: CoreState, cmd: StopMonitor, out: Outbox): void {
  if (!s.monitors.remove(cmd.monitorId)) {
    s.counters.inputsIgnored += 1;
    return;
  }
  out.push({ kind: 'monitor-plan', monitors: s.monitors.snapshot() });
}
