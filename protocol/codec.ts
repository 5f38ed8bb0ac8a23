/**
 * The message codec: `Message` ↔ MessagePack bytes `[typeNumber, ...fields]`, driven by protocol/schema.ts.
 *
 * Decoding follows STYLE practice 8: check the size, unpack, then validate every field before building a fresh
 * typed object. Any failure — including msgpackr's own errors and stack overflows on absurd nesting — comes out
 * as a DecodeError; nothing else is ever thrown. Encoding validates with the same schema and throws EncodeError
 * (a bug on our side) rather than put an invalid message on the wire.
 *
 * msgpackr is configured once here: no records (each datagram stands alone), no structured clone or extra types
 * on the wire, maps as plain objects, and int64 decoded as a number only when exact (±2^53) and as a bigint —
 * which every field kind refuses — otherwise.
 */

import { Packr, Unpackr } from 'msgpackr';
import type { Options } from 'msgpackr';
import { MAX_MESSAGE_BYTES } from './constants.ts';
import { DecodeError, EncodeError } from './errors.ts';
import type { Message, MessageTypeName } from './messages.ts';
import { INVALID } from './scalars.ts';
import { SCHEMA_BY_NAME, SCHEMA_BY_NUMBER } from './schema.ts';
import type { FieldSpec, TypeSchema } from './schema.ts';

/** msgpackr 2.x implements int64AsType 'auto' (README) but its typings only list bigint | number | string. */
const INT64_AUTO = 'auto' as unknown as 'bigint';

/** Fresh options per instance: msgpackr's constructors copy options onto themselves and adjust them. */
function wireOptions(): Options {
  return {
    useRecords: false,
    moreTypes: false,
    structuredClone: false,
    mapsAsObjects: true,
    int64AsType: INT64_AUTO,
    bundleStrings: false,
    encodeUndefinedAsNil: false,
    // Bins alias the input; the field kinds copy them into fresh Uint8Arrays themselves (one copy, not two).
    copyBuffers: false,
  };
}

const packr = new Packr(wireOptions());
const unpackr = new Unpackr(wireOptions());

// The first value unpacked and where it ended, handed out of unpackMultiple without a per-call closure.
let firstValue: unknown;
let firstEnd = -1;
function takeFirst(value: unknown, _start?: number, end?: number): boolean {
  firstValue = value;
  firstEnd = end ?? -1;
  return false; // stop after one value: anything after it is trailing garbage
}

/** Unpacks exactly one MessagePack value filling `bytes`. */
function unpackOne(bytes: Uint8Array): unknown {
  firstValue = undefined;
  firstEnd = -1;
  try {
    unpackr.unpackMultiple(bytes, takeFirst);
  } catch (error) {
    throw new DecodeError('PROTO_MSGPACK', 'not valid MessagePack', {}, { cause: error });
  }
  const value = firstValue;
  firstValue = undefined; // do not keep the last message alive
  if (firstEnd !== bytes.length) {
    throw new DecodeError('PROTO_TOO_LONG', 'trailing bytes after the message', { trailingBytes: bytes.length - firstEnd });
  }
  return value;
}

function badField(schema: TypeSchema, field: string): DecodeError {
  return new DecodeError('PROTO_BAD_FIELD', `${schema.name}.${field} is missing, of the wrong type or out of range`, {
    type: schema.name,
    field,
  });
}

/** Validates an unpacked value and builds the typed message. */
function toMessage(wire: unknown): Message {
  if (!Array.isArray(wire)) throw new DecodeError('PROTO_UNKNOWN_TYPE', 'message is not an array');
  const items: readonly unknown[] = wire;
  const typeNumber = items[0];
  const schema = typeof typeNumber === 'number' ? SCHEMA_BY_NUMBER[typeNumber] : undefined;
  if (schema === undefined) {
    throw new DecodeError('PROTO_UNKNOWN_TYPE', 'unknown or retired message type', {
      typeNumber: typeof typeNumber === 'number' ? typeNumber : typeof typeNumber,
    });
  }
  const fields = schema.fields;
  if (items.length !== fields.length + 1) {
    throw badField(schema, items.length <= fields.length ? (fields[items.length - 1] as FieldSpec).name : '(extra fields)');
  }
  const message: Record<string, unknown> = { type: schema.name };
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as FieldSpec;
    const value = field.kind.fromWire(items[i + 1]);
    if (value === INVALID) throw badField(schema, field.name);
    message[field.name] = value;
  }
  if (schema.crossCheck !== undefined) {
    const offending = schema.crossCheck(message);
    if (offending !== undefined) throw badField(schema, offending);
  }
  return message as unknown as Message;
}

/**
 * Bytes → message. Throws DecodeError (and nothing else) with PROTO_TOO_SHORT (empty), PROTO_TOO_LONG (over
 * MAX_MESSAGE_BYTES, or trailing bytes), PROTO_MSGPACK (not MessagePack), PROTO_UNKNOWN_TYPE (not an array, or an
 * unknown/retired type number) or PROTO_BAD_FIELD (details `{type, field}`). The result is a fresh plain object
 * that shares no memory with `bytes`.
 */
export function decodeMessage(bytes: Uint8Array): Message {
  try {
    if (!(bytes instanceof Uint8Array)) throw new DecodeError('PROTO_MSGPACK', 'input is not a Uint8Array');
    if (bytes.length === 0) throw new DecodeError('PROTO_TOO_SHORT', 'empty message');
    if (bytes.length > MAX_MESSAGE_BYTES) {
      throw new DecodeError('PROTO_TOO_LONG', 'message over MAX_MESSAGE_BYTES', { bytes: bytes.length, maxBytes: MAX_MESSAGE_BYTES });
    }
    return toMessage(unpackOne(bytes));
  } catch (error) {
    if (error instanceof DecodeError) throw error;
    throw new DecodeError('PROTO_MSGPACK', 'undecodable message', {}, { cause: error });
  }
}

/**
 * Message → bytes (MessagePack `[typeNumber, ...fields]`). Validates with the same schema as decodeMessage and
 * throws EncodeError for an invalid message or one that would exceed MAX_MESSAGE_BYTES. The returned bytes are
 * never overwritten by later calls.
 */
export function encodeMessage(message: Message): Uint8Array {
  // Typed callers always pass a Message; stay an EncodeError (not a TypeError) for anything else.
  const type: unknown = (message as unknown as { type?: unknown } | null | undefined)?.type;
  const schema = typeof type === 'string' ? SCHEMA_BY_NAME.get(type) : undefined;
  if (schema === undefined) throw new EncodeError(`unknown message type ${typeof type === 'string' ? type : typeof type}`);
  const source = message as unknown as Readonly<Record<string, unknown>>;
  const fields = schema.fields;
  const wire: unknown[] = [schema.number];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as FieldSpec;
    const value = field.kind.toWire(source[field.name]);
    if (value === INVALID) throw new EncodeError(`${schema.name}.${field.name} is missing, of the wrong type or out of range`);
    wire.push(value);
  }
  const offending = schema.crossCheck?.(source);
  if (offending !== undefined) throw new EncodeError(`${schema.name}.${offending} is inconsistent with the other fields`);
  let bytes: Uint8Array;
  try {
    bytes = packr.pack(wire);
  } catch (error) {
    throw new EncodeError(`${schema.name} could not be packed`, { cause: error });
  }
  if (bytes.length > MAX_MESSAGE_BYTES) throw new EncodeError(`${schema.name} is ${bytes.length} bytes, over MAX_MESSAGE_BYTES`);
  return bytes;
}

/** The name of a wire type number, or undefined for unknown and retired numbers. */
export function messageTypeName(n: number): MessageTypeName | undefined {
  return Number.isInteger(n) ? SCHEMA_BY_NUMBER[n]?.name : undefined;
}
