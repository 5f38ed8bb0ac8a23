/**
 * The DISCOVERY payload: plain data of any shape, checked the same way on both sides of the wire.
 *
 * Allowed values: `null`, booleans, finite numbers, well-formed strings, `Uint8Array` (MessagePack bin), arrays and
 * plain objects (prototype `Object.prototype` or `null`, own key `__proto__` refused) of those, at most
 * MAX_PAYLOAD_DEPTH containers deep. Everything else msgpackr can produce or consume — `undefined`, bigint (an
 * int64 outside ±2^53), Date, Map, Set, RegExp, Error, other typed arrays, class instances — is refused.
 */

import { INVALID, isWellFormedString } from './scalars.ts';

/** Most containers (arrays, maps) nested inside one another in a payload. */
export const MAX_PAYLOAD_DEPTH = 32;

/** Checks an outgoing payload without changing it. */
export function checkPayloadOut(value: unknown): boolean {
  return walk(value, 0, false) !== INVALID;
}

/**
 * Checks a freshly unpacked payload and makes it safe to hand out: bins (which alias the received bytes) are
 * replaced in place by fresh `Uint8Array` copies and `-0` becomes `0`. Returns the value, or INVALID.
 */
export function adoptPayloadIn(value: unknown): unknown {
  return walk(value, 0, true);
}

function walk(value: unknown, depth: number, adopt: boolean): unknown {
  switch (typeof value) {
    case 'string':
      return isWellFormedString(value) ? value : INVALID;
    case 'number':
      return Number.isFinite(value) ? value + 0 : INVALID;
    case 'boolean':
      return value;
    case 'object':
      if (value === null) return null;
      return walkObject(value, depth, adopt);
    case 'bigint':
    case 'function':
    case 'symbol':
    case 'undefined':
      return INVALID;
  }
}

function walkObject(value: object, depth: number, adopt: boolean): unknown {
  if (value instanceof Uint8Array) return adopt ? new Uint8Array(value) : value;
  if (depth >= MAX_PAYLOAD_DEPTH) return INVALID;
  if (Array.isArray(value)) {
    const items: unknown[] = value;
    for (let i = 0; i < items.length; i++) {
      const item = walk(items[i], depth + 1, adopt);
      if (item === INVALID) return INVALID;
      if (adopt) items[i] = item;
    }
    return value;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return INVALID;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  // Outgoing only (unpacked objects have neither): symbol keys and non-enumerable properties would be lost silently.
  if (!adopt && (Object.getOwnPropertyNames(record).length !== keys.length || Object.getOwnPropertySymbols(record).length > 0)) {
    return INVALID;
  }
  for (const key of keys) {
    if (key === '__proto__' || !isWellFormedString(key)) return INVALID;
    const item = walk(record[key], depth + 1, adopt);
    if (item === INVALID) return INVALID;
    if (adopt) record[key] = item;
  }
  return value;
}
