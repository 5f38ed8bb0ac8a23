/**
 * DISCOVERY reports: stored as received (the Discovery node), remembered by hash (STARTUP comparison), and a
 * full report of a kind the CMA interprets becomes graph facts (cma/discovery) in the same batch. An `lldp`
 * report naming a switch moves the host to ring `switch:<chassisId>`.
 *
 * A diff (`full: false`, protocol/discovery-diff.ts) is applied to the payload kept for that host and kind
 * (DiscoveryBases) and then handled exactly as the whole state it rebuilt — stored with `full: true`. A diff
 * that is malformed, whose base is not the state this CMA holds (or no longer keeps), or whose result does not
 * have the message's content hash changes nothing and is answered with DODISCOVER (a whole report): never a
 * silently wrong graph.
 */
import { applyDiscoveryDiff, asDiscoveryDiff, contentHashAndLength, DiffApplyError, type Discovery, type HostId } from '../../protocol/index.ts';
import { inventoryAddresses, switchOf, translateDiscovery } from '../discovery/index.ts';
import { placeHost } from './placement.ts';
import { rememberDiscoveryHash } from './registration.ts';
import type { Step } from './step.ts';

/** The whole state a diff rebuilds, or why not (a DODISCOVER follows). */
function rebuild(step: Step, from: HostId, msg: Discovery): { payload: unknown; chars: number } | string {
  const base = step.s.discoveryBases.get(from, msg.kind);
  const stored = step.s.discoveryHashes.get(from)?.get(msg.kind);
  try {
    const diff = asDiscoveryDiff(msg.payload);
    if (base === undefined || stored === undefined || base.hash !== stored) return 'base not kept';
    if (diff.base !== base.hash) return 'base is not the state this CMA holds';
    const payload = applyDiscoveryDiff(base.payload, diff);
    const got = contentHashAndLength(payload);
    if (got.hash !== msg.hash) return 'rebuilt state has another content hash';
    return { payload, chars: got.chars };
  } catch (err) {
    if (err instanceof DiffApplyError) return err.message;
    throw err;
  }
}

/** Handles a DISCOVERY from registered host `from`. */
export function onDiscovery(step: Step, from: HostId, msg: Discovery): void {
  const { s } = step;
  let payload = msg.payload;
  let chars: number;
  if (msg.full) {
    chars = contentHashAndLength(payload).chars;
  } else {
    const r = rebuild(step, from, msg);
    if (typeof r === 'string') {
      step.log('warn', 'discovery diff not applied: asking for a full report', { hostId: from, kind: msg.kind, reason: r });
      const item = s.cfg.discovery.find((d) => d.kind === msg.kind);
      step.send(from, { type: 'DODISCOVER', kind: msg.kind, intervalMs: item?.intervalMs ?? 60_000, timeoutMs: item?.timeoutMs ?? 10_000, args: [] });
      return;
    }
    ({ payload, chars } = r);
  }
  s.discoveryBases.set(from, msg.kind, msg.hash, payload, chars);
  step.discovery({ hostId: from, kind: msg.kind, hash: msg.hash, full: true, payload, wallMs: step.wallMs });
  rememberDiscoveryHash(s, from, msg.kind, msg.hash);
  if (msg.kind === 'inventory') s.inventoryIps.set(from, inventoryAddresses(payload));
  const record = s.hosts.get(from)?.record;
  const addresses = [...(record?.addresses.map((a) => a.host) ?? []), ...(s.inventoryIps.get(from) ?? [])];
  const facts = translateDiscovery(msg.kind, payload, { hostId: from, addresses }, step.wallMs);
  if (facts !== undefined) step.facts(facts);
  if (msg.kind === 'lldp') {
    const chassisId = switchOf(payload);
    if (chassisId !== undefined) placeHost(step, from, `switch:${chassisId}`);
  }
}
