/**
 * Placement keys and id validation: which local ring a host belongs in (DESIGN §5).
 */
import type { HostId } from '../../protocol/messages.ts';
import { RingError } from './errors.ts';
import { TOP_RING_ID, type Placement, type RingId } from './types.ts';

/** Longest accepted placement key or host id, in characters. */
export const MAX_RING_KEY_CHARS = 256;

// Printable, no whitespace or control characters: keys are used in edge keys and log lines.
const KEY_BODY = /^[\x21-\x7e\u00a0-\uffff]+$/u;

/** True for a well-formed `switch:<chassisId>` or `subnet:<cidr>` key. */
export function isPlacement(value: string): value is Placement {
  const colon = value.indexOf(':');
  if (colon < 0 || value.length > MAX_RING_KEY_CHARS) return false;
  const kind = value.slice(0, colon);
  const rest = value.slice(colon + 1);
  return (kind === 'switch' || kind === 'subnet') && rest.length > 0 && KEY_BODY.test(rest);
}

/** True for a placement key or TOP_RING_ID. */
export function isRingId(value: string): value is RingId {
  return value === TOP_RING_ID || isPlacement(value);
}

/**
 * The placement rule: the switch LLDP says the primary NIC is wired to, else the primary address's subnet.
 * @param chassisId LLDP chassis id of the switch, undefined or '' when unknown.
 * @param cidr the primary address's subnet, e.g. `10.1.2.0/24`.
 */
export function placementFor(chassisId: string | undefined, cidr: string): Placement {
  const key = chassisId !== undefined && chassisId !== '' ? `switch:${chassisId}` : `subnet:${cidr}`;
  return assertPlacement(key);
}

/** Returns `value` typed as a Placement, or throws RING_BAD_PLACEMENT. */
export function assertPlacement(value: string): Placement {
  if (!isPlacement(value)) throw new RingError('RING_BAD_PLACEMENT', `not a placement key: ${JSON.stringify(value)}`, { placement: value });
  return value;
}

/** Throws RING_BAD_HOST_ID unless `id` is a non-empty printable string of at most MAX_RING_KEY_CHARS. */
export function assertHostId(id: HostId): void {
  if (id.length === 0 || id.length > MAX_RING_KEY_CHARS || !KEY_BODY.test(id)) {
    throw new RingError('RING_BAD_HOST_ID', `not a host id: ${JSON.stringify(id)}`, { hostId: id });
  }
}
