/**
 * STARTUP (DESIGN §3): registration of a new host, and the re-sent STARTUP of a known one (its nanoprobe
 * restarted with a new session, or it resyncs after a CMA restart). A host joins the rings exactly once; a known
 * host gets its SETCONFIG and the SENDEXPECTHBs of its current edges again (idempotent at the nanoprobe).
 *
 * Effects, after the store write: `add-peer` (the link learns the key and address), SETCONFIG, then the ring
 * messages. A new host starts in `subnet:<cidr>` of its first address; LLDP may move it later (`placement`).
 */
import type { HostId, Startup } from '../../protocol/index.ts';
import { isPlacement, planJoin, planMove, type Placement } from '../ring/index.ts';
import { subnetOf } from './cidr.ts';
import { newHostRecord, sameAddresses, sameKey, startupFacts, type HostState } from './hosts.ts';
import { resurrect } from './lifecycle.ts';
import { applyPlan, resendEdges } from './ring-effects.ts';
import type { CoreState, Step } from './step.ts';
import { signOfLife } from './suspicion.ts';

/** Handles a STARTUP; `seq` (when it came over the channel) is committed after the write. */
export function handleStartup(step: Step, msg: Startup, viaChannel: boolean, seq: number | undefined): void {
  const { hosts, rings } = step.s;
  if (seq !== undefined) step.commit({ from: msg.hostId, seq });
  const subnet = subnetPlacement(step, msg);
  if (subnet === undefined) {
    step.log('warn', 'STARTUP without a usable address ignored', { hostId: msg.hostId, hostname: msg.hostname, addresses: msg.addresses.length });
    return;
  }
  const known = hosts.get(msg.hostId);
  if (known === undefined) {
    const record = newHostRecord(msg, subnet, step.wallMs);
    hosts.add(record);
    step.upsert(record);
    step.event('host-join', record.hostId, subnet, { hostname: record.hostname, version: record.version, sessionId: record.sessionId });
    greet(step, msg);
    applyPlan(step, planJoin(rings, { id: record.hostId, placement: subnet }));
    step.s.greeted.set(record.hostId, msg.sessionId);
    step.log('info', 'host registered', { hostId: record.hostId, hostname: record.hostname, ringId: subnet });
    return;
  }
  if (!sameKey(known.record.publicKey, msg.publicKey)) {
    step.log('warn', 'STARTUP with another public key for a known host id ignored', { hostId: msg.hostId });
    return;
  }
  reregister(step, known, msg, subnet, viaChannel);
}

/** A known host's STARTUP: refresh its record, greet it, and re-send its edges, or bring it back if it was not up. */
function reregister(step: Step, known: HostState, msg: Startup, subnet: Placement, viaChannel: boolean): void {
  const before = known.record;
  const restarted = before.sessionId !== msg.sessionId;
  const moved = !sameAddresses(before.addresses, msg.addresses);
  // A subnet placement follows the address; a switch placement (from LLDP) stays until LLDP says otherwise.
  const placement = before.placement.startsWith('subnet:') ? subnet : before.placement;
  if (!viaChannel && !restarted && !moved && before.status === 'up' && placement === before.placement && step.s.greeted.get(msg.hostId) === msg.sessionId) {
    // A plain STARTUP retry from a process this CMA already registered: its SETCONFIG and edges are on the
    // reliable channel (a retry means SETCONFIG has not arrived yet). Say SETCONFIG again, nothing more: a store
    // write and the edges re-sent for every retry would multiply a slow CMA's backlog with each retry wave.
    sendSetConfig(step, msg.hostId);
    signOfLife(step, msg.hostId, 'STARTUP');
    step.log('debug', 'STARTUP retry answered with SETCONFIG', { hostId: msg.hostId });
    return;
  }
  step.s.greeted.set(msg.hostId, msg.sessionId);
  step.update(known, {
    ...startupFacts(msg),
    lastSeenWallMs: step.wallMs,
    placement,
  });
  if (restarted) step.event('host-restart', msg.hostId, step.s.rings.ringOf(msg.hostId) ?? null, { sessionId: msg.sessionId, previousSessionId: before.sessionId });
  greet(step, msg);
  if (before.status !== 'up') {
    resurrect(step, msg.hostId, 'startup', null, restarted);
    return;
  }
  signOfLife(step, msg.hostId, 'STARTUP');
  if (placement !== before.placement && step.s.rings.has(msg.hostId)) applyPlan(step, planMove(step.s.rings, msg.hostId, placement));
  resendEdges(step, msg.hostId, moved);
  step.log(restarted ? 'info' : 'debug', restarted ? 'host restarted' : 'host resynced', { hostId: msg.hostId, viaChannel, moved });
}

/** add-peer, then SETCONFIG. */
function greet(step: Step, msg: Startup): void {
  const address = msg.addresses[0];
  if (address !== undefined) step.emit({ kind: 'add-peer', hostId: msg.hostId, publicKey: msg.publicKey, address });
  sendSetConfig(step, msg.hostId);
  askForMissingDiscovery(step, msg);
}

/** The host's SETCONFIG under this CMA's session (also how a restored CMA announces itself). */
export function sendSetConfig(step: Step, hostId: HostId): void {
  const { cfg } = step.s;
  step.send(hostId, {
    type: 'SETCONFIG',
    cmaId: cfg.cmaId,
    cmaSession: cfg.cmaSession,
    hostId,
    timing: cfg.timing,
    cmaAddresses: cfg.cmaAddresses,
    discovery: cfg.discovery,
  });
}

/** Records the hash the store now holds for a host's discovery kind. */
export function rememberDiscoveryHash(s: CoreState, hostId: HostId, kind: string, hash: string): void {
  const kinds = s.discoveryHashes.get(hostId) ?? new Map<string, string>();
  kinds.set(kind, hash);
  s.discoveryHashes.set(hostId, kinds);
}

/**
 * DODISCOVER for every planned kind whose hash in the STARTUP is not the one the store holds: the nanoprobe will
 * not send unchanged content again by itself, so a CMA that lost it (or never got it) asks.
 */
function askForMissingDiscovery(step: Step, msg: Startup): void {
  const stored = step.s.discoveryHashes.get(msg.hostId);
  const announced = new Map(msg.discoveryHashes.map((d) => [d.kind, d.hash]));
  for (const item of step.s.cfg.discovery) {
    const hash = announced.get(item.kind);
    if (hash === undefined || stored?.get(item.kind) === hash) continue;
    step.send(msg.hostId, { type: 'DODISCOVER', kind: item.kind, intervalMs: item.intervalMs, timeoutMs: item.timeoutMs, args: [] });
  }
}

/** `subnet:<cidr>` of the first address, undefined when there is none or it is no address literal. */
function subnetPlacement(step: Step, msg: Startup): Placement | undefined {
  const first = msg.addresses[0];
  const cidr = first === undefined ? undefined : subnetOf(first.host, step.s.cfg.subnetPrefixV4, step.s.cfg.subnetPrefixV6);
  const key = `subnet:${cidr ?? ''}`;
  return cidr !== undefined && isPlacement(key) ? key : undefined;
}
