/**
 * DISCOVERY reports: stored as received (the Discovery node), remembered by hash (STARTUP comparison), and a
 * full report of a kind the CMA interprets becomes graph facts (cma/discovery) in the same batch. An `lldp`
 * report naming a switch moves the host to ring `switch:<chassisId>`.
 */
import type { Discovery, HostId } from '../../protocol/index.ts';
import { inventoryAddresses, switchOf, translateDiscovery } from '../discovery/index.ts';
import { placeHost } from './placement.ts';
import { rememberDiscoveryHash } from './registration.ts';
import type { Step } from './step.ts';

/** Handles a DISCOVERY from registered host `from`. */
export function onDiscovery(step: Step, from: HostId, msg: Discovery): void {
  const { s } = step;
  step.discovery({ hostId: from, kind: msg.kind, hash: msg.hash, full: msg.full, payload: msg.payload, wallMs: step.wallMs });
  rememberDiscoveryHash(s, from, msg.kind, msg.hash);
  if (!msg.full) {
    step.log('debug', 'discovery diff stored, not interpreted', { hostId: from, kind: msg.kind });
    return;
  }
  if (msg.kind === 'inventory') s.inventoryIps.set(from, inventoryAddresses(msg.payload));
  const record = s.hosts.get(from)?.record;
  const addresses = [...(record?.addresses.map((a) => a.host) ?? []), ...(s.inventoryIps.get(from) ?? [])];
  const facts = translateDiscovery(msg.kind, msg.payload, { hostId: from, addresses }, step.wallMs);
  if (facts !== undefined) step.facts(facts);
  if (msg.kind === 'lldp') {
    const chassisId = switchOf(msg.payload);
    if (chassisId !== undefined) placeHost(step, from, `switch:${chassisId}`);
  }
}
