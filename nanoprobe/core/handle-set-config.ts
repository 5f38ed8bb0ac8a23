/**
 * SETCONFIG: the CMA's answer to STARTUP. Adopts timing, CMA identity and addresses, the base discovery plan, and
 * stops the plain STARTUP retries. A new `cmaSession` after one was known is a CMA failover or restart: peers and
 * heartbeats are kept untouched (no host is declared dead because the CMA moved, DESIGN §9); it is only counted.
 */
import type { SetConfig } from '../../protocol/messages.ts';
import type { CoreState, Outbox } from './state.ts';
import { timingProblem } from './timing.ts';

/** Largest CMA address list kept (SETCONFIG carries ≤ 16). */
const MAX_CMA_ADDRESSES = 16;

/** Handles SETCONFIG. */
export function onSetConfig(s: CoreState, cmd: SetConfig, nowMs: number, out: Outbox): void {
  if (cmd.hostId !== s.identity.hostId) {
    s.counters.commandsRefused += 1;
    out.log('warn', 'SETCONFIG for another host refused', { wire: { hostId: cmd.hostId, cmaId: cmd.cmaId } });
    return;
  }
  const problem = timingProblem(cmd.timing);
  if (problem !== undefined) {
    s.counters.commandsRefused += 1;
    out.log('warn', 'SETCONFIG with bad timing refused', { problem, wire: { timing: cmd.timing } });
    return;
  }
  const knownSession = s.cma.cmaSession;
  if (knownSession !== undefined && knownSession !== cmd.cmaSession) {
    s.counters.resyncs += 1;
    s.cma.resyncedAtMs = nowMs;
    out.log('info', 'CMA session changed (failover or restart): peers kept', { from: knownSession, to: cmd.cmaSession, cmaId: cmd.cmaId });
  }
  s.cma.cmaId = cmd.cmaId;
  s.cma.cmaSession = cmd.cmaSession;
  s.cma.addresses = Object.freeze(cmd.cmaAddresses.slice(0, MAX_CMA_ADDRESSES).map((a) => Object.freeze({ host: a.host, port: a.port })));
  s.cma.configuredAtMs = nowMs;
  s.timing = Object.freeze({ ...cmd.timing });
  if (!s.configured) {
    s.configured = true;
    out.log('info', 'configured by CMA', { cmaId: cmd.cmaId, cmaSession: cmd.cmaSession });
  }
  s.nextStartupMs = undefined;
  adoptDiscovery(s, cmd, out);
}

/** Upserts SETCONFIG's discovery items (keeping args a DODISCOVER gave) and hands the shell the plan if it changed. */
function adoptDiscovery(s: CoreState, cmd: SetConfig, out: Outbox): void {
  if (cmd.discovery.length === 0) return;
  let refused = 0;
  for (const item of cmd.discovery) {
    const args = s.discovery.get(item.kind)?.args ?? [];
    if (!s.discovery.upsert(item.kind, Object.freeze({ kind: item.kind, intervalMs: item.intervalMs, timeoutMs: item.timeoutMs, args }))) refused += 1;
  }
  if (refused > 0) {
    s.counters.commandsRefused += 1;
    out.log('warn', 'discovery plan full: kinds dropped', { dropped: refused });
  }
  out.push({ kind: 'discovery-plan', tasks: s.discovery.snapshot() });
}
