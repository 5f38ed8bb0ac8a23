/**
 * Field kinds for single wire values, and the FieldKind contract shared with protocol/composites.ts.
 *
 * A kind converts one field both ways and is the only place its bounds are written down, so encode and decode
 * can never disagree (DESIGN §3, STYLE practice 8). Converters return the sentinel INVALID instead of throwing:
 * the codec turns that into one DecodeError/EncodeError naming the field, with no allocation on the happy path.
 */

import { MONITOR_STATES } from './messages.ts';

/** Returned by a converter for a value that does not fit its kind. */
export const INVALID: unique symbol = Symbol('ringwatch.invalid');
/** The type of INVALID. */
export type Invalid = typeof INVALID;

/** How one field travels: its bounds, and its conversions between message value and wire value. */
export interface FieldKind {
  /** The kind as the docs write it, e.g. `string ≤ 128` (docs/protocol-messages.md). */
  readonly describe: string;
  /** Freshly unpacked wire value → message value (fresh, never aliasing the received bytes), or INVALID. */
  readonly fromWire: (wire: unknown) => unknown;
  /** Message value → value to pack (never mutates the message), or INVALID. */
  readonly toWire: (value: unknown) => unknown;
}

/** Any lone UTF-16 surrogate (in `u` mode a proper pair matches as one astral code point, which is not Cs). */
const LONE_SURROGATE = /\p{Cs}/u;

/** True when `s` is well-formed UTF-16, i.e. survives a UTF-8 round trip unchanged. */
export function isWellFormedString(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}

/** A kind whose wire value and message value are the same, given a predicate. */
function sameBothWays(describe: string, ok: (value: unknown) => boolean): FieldKind {
  const convert = (value: unknown): unknown => (ok(value) ? value : INVALID);
  return { describe, fromWire: convert, toWire: convert };
}

const HOST_ID = /^[0-9a-f]{32}$/;

/** 32 lowercase hex chars: the first 16 bytes of SHA-256 of the host's X25519 public key. */
export const HOST_ID_KIND: FieldKind = sameBothWays('hostId (32 lowercase hex)', (v) => typeof v === 'string' && HOST_ID.test(v));

/** A well-formed string of at most `maxChars` UTF-16 code units. */
export function stringKind(maxChars: number): FieldKind {
  return sameBothWays(`string ≤ ${maxChars}`, (v) => typeof v === 'string' && v.length <= maxChars && isWellFormedString(v));
}

/**
 * An integer in [min, max] (max ≤ Number.MAX_SAFE_INTEGER). Accepts any MessagePack number encoding of an exact
 * integer (msgpackr writes integers above 2^32 as float64); `-0` becomes `0`. Int64 encodings outside ±2^53 arrive
 * as bigint and are refused, never rounded.
 */
export function uintKind(describe: string, min: number, max: number): FieldKind {
  const convert = (v: unknown): unknown => (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v + 0 : INVALID);
  return { describe, fromWire: convert, toWire: convert };
}

/** 0 … 2^32 − 1. */
export const U32_KIND: FieldKind = uintKind('u32', 0, 0xffff_ffff);
/** 0 … 2^53 − 1 (sequence numbers, wall-clock ms). */
export const SAFE_UINT_KIND: FieldKind = uintKind('uint ≤ 2^53−1', 0, Number.MAX_SAFE_INTEGER);

/** true or false. */
export const BOOL_KIND: FieldKind = sameBothWays('bool', (v) => typeof v === 'boolean');

/** One of MONITOR_STATES. */
export const MONITOR_STATE_KIND: FieldKind = sameBothWays(`one of ${MONITOR_STATES.join(', ')}`, (v) =>
  (MONITOR_STATES as readonly unknown[]).includes(v),
);

/** MessagePack bin of exactly `exactBytes` (or at most `maxBytes`) bytes; decoded into a fresh Uint8Array. */
export function bytesKind(bounds: { readonly exactBytes: number } | { readonly maxBytes: number }): FieldKind {
  const exact = 'exactBytes' in bounds;
  const limit = exact ? bounds.exactBytes : bounds.maxBytes;
  const fits = (v: unknown): v is Uint8Array => v instanceof Uint8Array && (exact ? v.length === limit : v.length <= limit);
  return {
    describe: exact ? `bytes[${limit}]` : `bytes ≤ ${limit}`,
    fromWire: (w) => (fits(w) ? new Uint8Array(w) : INVALID),
    toWire: (v) => (fits(v) ? v : INVALID),
  };
}
