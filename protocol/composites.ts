/**
 * Field kinds made of other kinds: fixed tuples that decode into small objects (address, timing, discovery hash
 * and plan item), bounded lists, and the free-form DISCOVERY payload.
 */

import { isIpLiteral } from './ip-literal.ts';
import { adoptPayloadIn, checkPayloadOut, MAX_PAYLOAD_DEPTH } from './payload.ts';
import { INVALID, stringKind, U32_KIND, uintKind } from './scalars.ts';
import type { FieldKind } from './scalars.ts';

/** One member of a tuple kind: the object property and its kind. */
type Member = readonly [name: string, kind: FieldKind];

/**
 * A MessagePack array `[a, b, …]` on the wire, an object `{a, b, …}` in the message. `rule` sees the converted
 * object and states invariants between members.
 */
function tupleKind(describe: string, members: readonly Member[], rule?: (value: Record<string, unknown>) => boolean): FieldKind {
  const arity = members.length;
  return {
    describe,
    fromWire(wire) {
      if (!Array.isArray(wire) || wire.length !== arity) return INVALID;
      const out: Record<string, unknown> = {};
      for (let i = 0; i < arity; i++) {
        const [name, kind] = members[i] as Member;
        const value = kind.fromWire(wire[i]);
        if (value === INVALID) return INVALID;
        out[name] = value;
      }
      return rule === undefined || rule(out) ? out : INVALID;
    },
    toWire(value) {
      if (typeof value !== 'object' || value === null) return INVALID;
      const source = value as Record<string, unknown>;
      if (rule !== undefined && !rule(source)) return INVALID;
      const wire: unknown[] = [];
      for (const [name, kind] of members) {
        const item = kind.toWire(source[name]);
        if (item === INVALID) return INVALID;
        wire.push(item);
      }
      return wire;
    },
  };
}

/** A MessagePack array of at most `maxItems` items of one kind. */
export function listKind(item: FieldKind, maxItems: number): FieldKind {
  return {
    describe: `array ≤ ${maxItems} of ${item.describe}`,
    fromWire(wire) {
      if (!Array.isArray(wire) || wire.length > maxItems) return INVALID;
      const items: unknown[] = wire;
      for (let i = 0; i < items.length; i++) {
        const value = item.fromWire(items[i]);
        if (value === INVALID) return INVALID;
        items[i] = value; // the unpacked array is ours: convert in place
      }
      return items;
    },
    toWire(value) {
      if (!Array.isArray(value) || value.length > maxItems) return INVALID;
      const items: readonly unknown[] = value;
      const wire: unknown[] = [];
      for (const entry of items) {
        const converted = item.toWire(entry);
        if (converted === INVALID) return INVALID;
        wire.push(converted);
      }
      return wire;
    },
  };
}

const IP_LITERAL_KIND: FieldKind = {
  describe: 'IP literal',
  fromWire: (w) => (typeof w === 'string' && isIpLiteral(w) ? w : INVALID),
  toWire: (v) => (typeof v === 'string' && isIpLiteral(v) ? v : INVALID),
};
const PORT_KIND = uintKind('port 1..65535', 1, 65535);

/** `[host, port]` ↔ WireAddress: a literal IPv4/IPv6 address (never a name) and a port 1..65535. */
export const ADDRESS_KIND: FieldKind = tupleKind('[host: IP literal, port: 1..65535]', [
  ['host', IP_LITERAL_KIND],
  ['port', PORT_KIND],
]);

/** `[intervalMs, lateMs, deadMs]` ↔ Timing, u32 each, 0 < interval < late < dead. */
export const TIMING_KIND: FieldKind = tupleKind(
  '[intervalMs, lateMs, deadMs] u32, 0 < interval < late < dead',
  [
    ['intervalMs', U32_KIND],
    ['lateMs', U32_KIND],
    ['deadMs', U32_KIND],
  ],
  (t) => {
    const { intervalMs, lateMs, deadMs } = t;
    return typeof intervalMs === 'number' && typeof lateMs === 'number' && typeof deadMs === 'number' && 0 < intervalMs && intervalMs < lateMs && lateMs < deadMs;
  },
);

/** Longest discovery kind name. */
export const MAX_KIND_CHARS = 32;
/** Longest content hash string. */
export const MAX_HASH_CHARS = 128;

/** `[kind, hash]` ↔ DiscoveryHash. */
export const DISCOVERY_HASH_KIND: FieldKind = tupleKind(`[kind: string ≤ ${MAX_KIND_CHARS}, hash: string ≤ ${MAX_HASH_CHARS}]`, [
  ['kind', stringKind(MAX_KIND_CHARS)],
  ['hash', stringKind(MAX_HASH_CHARS)],
]);

/** `[kind, intervalMs, timeoutMs]` ↔ DiscoveryPlanItem. */
export const PLAN_ITEM_KIND: FieldKind = tupleKind(`[kind: string ≤ ${MAX_KIND_CHARS}, intervalMs: u32, timeoutMs: u32]`, [
  ['kind', stringKind(MAX_KIND_CHARS)],
  ['intervalMs', U32_KIND],
  ['timeoutMs', U32_KIND],
]);

/** Command arguments (discovery and monitors): ≤ 32 strings of ≤ 256 chars. */
export const ARGS_KIND: FieldKind = listKind(stringKind(256), 32);

/** Free-form plain data (protocol/payload.ts). */
export const PAYLOAD_KIND: FieldKind = {
  describe: `plain data (null, bool, finite number, string, bytes, array, map), depth ≤ ${MAX_PAYLOAD_DEPTH}`,
  fromWire: adoptPayloadIn,
  toWire: (v) => (checkPayloadOut(v) ? v : INVALID),
};
