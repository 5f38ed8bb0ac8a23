/**
 * Link keys the shell must hold: a host needs one while it is a ring peer or the target of an outstanding probe.
 * `peer-added` is emitted when a host starts needing one (or its address/key changes), `peer-removed` when it no
 * longer needs one for either reason.
 */
import type { HostId, WireAddress } from '../../protocol/messages.ts';
import type { LinkRole } from './effects.ts';
import type { CoreState, Outbox } from './state.ts';

/** Tells the shell to install (upsert) the link key of `peerId`. */
export function installLink(out: Outbox, peerId: HostId, address: WireAddress, publicKey: Uint8Array, role: LinkRole): void {
  out.push({ kind: 'peer-added', peerId, address, publicKey: publicKey.slice(), role });
}

/** Tells the shell to drop the link key of `peerId`, unless it is still a ring peer or a probe target. */
export function releaseLink(s: CoreState, out: Outbox, peerId: HostId, address: WireAddress, publicKey: Uint8Array, role: LinkRole): void {
  if (s.peers.has(peerId) || s.probes.targets(peerId)) return;
  out.push({ kind: 'peer-removed', peerId, address, publicKey: publicKey.slice(), role });
}
