/**
 * Start, CMA discovery, resync and clean stop: STARTUP (plain, retried until SETCONFIG), STARTUP again over the
 * channel when the CMA's session changes, HBSHUTDOWN on a clean stop (DESIGN §3).
 */
import type { Startup } from '../../protocol/messages.ts';
import type { CoreState, Outbox } from './state.ts';

/** The STARTUP message describing this nanoprobe. */
export function buildStartup(s: CoreState): Startup {
  const id = s.identity;
  return {
    type: 'STARTUP',
    hostId: id.hostId,
    publicKey: id.publicKey,
    hostname: id.hostname,
    addresses: id.addresses,
    version: id.version,
    machineId: id.machineId,
    startedWallMs: id.startedWallMs,
    sessionId: id.sessionId,
    discoveryHashes: s.discoverySchedule.hashes(),
  };
}

/** Delay until the next plain STARTUP: `startupRetryMs`, less up to `startupRetryJitter` of it when an Rng is given. */
export function startupRetryDelayMs(s: CoreState): number {
  const base = s.config.startupRetryMs;
  if (s.rng === undefined) return base;
  return base - Math.floor(base * s.config.startupRetryJitter * s.rng.next());
}

/** `start`: first plain STARTUP and its retry schedule. Idempotent. */
export function onStart(s: CoreState, nowMs: number, out: Outbox): void {
  if (s.started) return;
  s.started = true;
  if (s.configured) return;
  sendPlainStartup(s, nowMs, out);
}

/** Emits a plain STARTUP and schedules the next retry. */
export function sendPlainStartup(s: CoreState, nowMs: number, out: Outbox): void {
  s.counters.startupsSent += 1;
  out.push({ kind: 'startup', msg: buildStartup(s) });
  s.nextStartupMs = nowMs + startupRetryDelayMs(s);
}

/** Retries the plain STARTUP when due (one per call however late we are: no burst after a pause). */
export function retryStartupIfDue(s: CoreState, nowMs: number, out: Outbox): void {
  if (!s.configured && s.nextStartupMs !== undefined && nowMs >= s.nextStartupMs) sendPlainStartup(s, nowMs, out);
}

/** The channel saw a new CMA session: STARTUP again, this time sealed over the channel. Heartbeats go on. */
export function onCmaSessionChanged(s: CoreState, out: Outbox): void {
  s.counters.cmaSessionChanges += 1;
  s.counters.startupsSent += 1;
  out.toCma(buildStartup(s));
  out.log('info', 'CMA session changed: sent STARTUP to resync', { cmaSession: s.cma.cmaSession });
}

/** Clean stop: HBSHUTDOWN once; afterwards the core neither heartbeats nor reports. */
export function onShutdown(s: CoreState, reason: string, out: Outbox): void {
  if (s.shuttingDown) return;
  s.shuttingDown = true;
  s.nextStartupMs = undefined;
  out.toCma({ type: 'HBSHUTDOWN', hostId: s.identity.hostId, reason });
  out.log('info', 'shutting down', { reason });
}
