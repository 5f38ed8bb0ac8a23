/**
 * The wire schema: for every message type, its fields in wire order with their kinds and bounds. Both encode and
 * decode run from this one table (docs/protocol-messages.md is generated from the same facts and checked by
 * test/unit/protocol/codec.test.ts).
 *
 * Wire form: a MessagePack array `[typeNumber, field1, field2, …]`. Every field is required. Changing a field's
 * position or kind changes the wire format: do it only with a protocol version bump, and never renumber types.
 */

import {
  ADDRESS_KIND,
  ARGS_KIND,
  DISCOVERY_HASH_KIND,
  listKind,
  MAX_HASH_CHARS,
  MAX_KIND_CHARS,
  PAYLOAD_KIND,
  PLAN_ITEM_KIND,
  TIMING_KIND,
} from './composites.ts';
import { MESSAGE_TYPES } from './messages.ts';
import type { MessageOf, MessageTypeName } from './messages.ts';
import {
  BOOL_KIND,
  bytesKind,
  HOST_ID_KIND,
  MONITOR_STATE_KIND,
  SAFE_UINT_KIND,
  stringKind,
  U32_KIND,
  uintKind,
} from './scalars.ts';
import type { FieldKind } from './scalars.ts';

/** Who sends a message type. */
export type Direction = 'nanoprobe → CMA' | 'CMA → nanoprobe' | 'nanoprobe ↔ nanoprobe' | 'nanoprobe ↔ CMA';

/** One field: its property name in the message object and its kind. */
export interface FieldSpec {
  readonly name: string;
  readonly kind: FieldKind;
}

/** Everything the codec knows about one message type. */
export interface TypeSchema {
  readonly name: MessageTypeName;
  readonly number: number;
  readonly direction: Direction;
  /** In wire order (after the type number). */
  readonly fields: readonly FieldSpec[];
  /** Invariant across fields, run after every field converted; returns the offending field's name, or undefined. */
  readonly crossCheck: ((message: Readonly<Record<string, unknown>>) => string | undefined) | undefined;
}

type FieldName<N extends MessageTypeName> = Exclude<keyof MessageOf<N>, 'type'> & string;

interface TypeDefinition<N extends MessageTypeName> {
  readonly direction: Direction;
  readonly fields: readonly (readonly [FieldName<N>, FieldKind])[];
  readonly crossCheck?: (message: Readonly<Record<string, unknown>>) => string | undefined;
}

const HOST_ID = HOST_ID_KIND;
const PUBLIC_KEY = bytesKind({ exactBytes: 32 });
const RING_ID = stringKind(128);
const KIND = stringKind(MAX_KIND_CHARS);
const MONITOR_ID = stringKind(128);
const U16 = uintKind('u16', 0, 0xffff);
const FRAG_COUNT = uintKind('u16 ≥ 1', 1, 0xffff);

const DEFINITIONS: { readonly [N in MessageTypeName]: TypeDefinition<N> } = {
  STARTUP: {
    direction: 'nanoprobe → CMA',
    fields: [
      ['hostId', HOST_ID],
      ['publicKey', PUBLIC_KEY],
      ['hostname', stringKind(255)],
      ['addresses', listKind(ADDRESS_KIND, 64)],
      ['version', stringKind(64)],
      ['machineId', stringKind(64)],
      ['startedWallMs', SAFE_UINT_KIND],
      ['sessionId', U32_KIND],
      ['discoveryHashes', listKind(DISCOVERY_HASH_KIND, 64)],
    ],
  },
  SETCONFIG: {
    direction: 'CMA → nanoprobe',
    fields: [
      ['cmaId', HOST_ID],
      ['cmaSession', U32_KIND],
      ['hostId', HOST_ID],
      ['timing', TIMING_KIND],
      ['cmaAddresses', listKind(ADDRESS_KIND, 16)],
      ['discovery', listKind(PLAN_ITEM_KIND, 32)],
    ],
  },
  SENDEXPECTHB: {
    direction: 'CMA → nanoprobe',
    fields: [
      ['peerId', HOST_ID],
      ['address', ADDRESS_KIND],
      ['publicKey', PUBLIC_KEY],
      ['ringId', RING_ID],
      ['timing', TIMING_KIND],
    ],
  },
  STOPSENDEXPECTHB: { direction: 'CMA → nanoprobe', fields: [['peerId', HOST_ID], ['ringId', RING_ID]] },
  HBDEAD: { direction: 'nanoprobe → CMA', fields: [['peerId', HOST_ID], ['ringId', RING_ID], ['silentForMs', SAFE_UINT_KIND]] },
  HBLATE: { direction: 'nanoprobe → CMA', fields: [['peerId', HOST_ID], ['ringId', RING_ID], ['silentForMs', SAFE_UINT_KIND]] },
  HBBACKALIVE: { direction: 'nanoprobe → CMA', fields: [['peerId', HOST_ID], ['ringId', RING_ID], ['silentForMs', SAFE_UINT_KIND]] },
  HBMARTIAN: { direction: 'nanoprobe → CMA', fields: [['peerId', HOST_ID], ['address', ADDRESS_KIND], ['ringId', RING_ID]] },
  HBSHUTDOWN: { direction: 'nanoprobe → CMA', fields: [['hostId', HOST_ID], ['reason', stringKind(128)]] },
  PROBE: {
    direction: 'CMA → nanoprobe',
    fields: [
      ['probeId', U32_KIND],
      ['targetId', HOST_ID],
      ['address', ADDRESS_KIND],
      ['publicKey', PUBLIC_KEY],
      ['timeoutMs', U32_KIND],
    ],
  },
  PROBERESULT: {
    direction: 'nanoprobe → CMA',
    fields: [['probeId', U32_KIND], ['targetId', HOST_ID], ['alive', BOOL_KIND], ['rttMs', U32_KIND]],
  },
  DISCOVERY: {
    direction: 'nanoprobe → CMA',
    fields: [['kind', KIND], ['hash', stringKind(MAX_HASH_CHARS)], ['full', BOOL_KIND], ['payload', PAYLOAD_KIND]],
  },
  DODISCOVER: {
    direction: 'CMA → nanoprobe',
    fields: [['kind', KIND], ['intervalMs', U32_KIND], ['timeoutMs', U32_KIND], ['args', ARGS_KIND]],
  },
  STOPDISCOVER: { direction: 'CMA → nanoprobe', fields: [['kind', KIND]] },
  MONITOR: {
    direction: 'CMA → nanoprobe',
    fields: [
      ['monitorId', MONITOR_ID],
      ['kind', KIND],
      ['target', stringKind(256)],
      ['intervalMs', U32_KIND],
      ['timeoutMs', U32_KIND],
      ['args', ARGS_KIND],
    ],
  },
  STOPMONITOR: { direction: 'CMA → nanoprobe', fields: [['monitorId', MONITOR_ID]] },
  MONSTATE: {
    direction: 'nanoprobe → CMA',
    fields: [['monitorId', MONITOR_ID], ['state', MONITOR_STATE_KIND], ['detail', stringKind(1024)]],
  },
  HEARTBEAT: { direction: 'nanoprobe ↔ nanoprobe', fields: [['senderId', HOST_ID], ['ringId', RING_ID], ['seq', SAFE_UINT_KIND]] },
  PING: { direction: 'nanoprobe ↔ nanoprobe', fields: [['senderId', HOST_ID], ['nonce', U32_KIND]] },
  PONG: { direction: 'nanoprobe ↔ nanoprobe', fields: [['senderId', HOST_ID], ['nonce', U32_KIND]] },
  ACK: { direction: 'nanoprobe ↔ CMA', fields: [['session', U32_KIND], ['peerSession', U32_KIND], ['ack', SAFE_UINT_KIND]] },
  SEGMENT: {
    direction: 'nanoprobe ↔ CMA',
    fields: [
      ['session', U32_KIND],
      ['peerSession', U32_KIND],
      ['seq', SAFE_UINT_KIND],
      ['fragIndex', U16],
      ['fragCount', FRAG_COUNT],
      ['compressed', BOOL_KIND],
      ['data', bytesKind({ maxBytes: 1200 })],
    ],
    crossCheck: (m) => ((m['fragIndex'] as number) < (m['fragCount'] as number) ? undefined : 'fragIndex'),
  },
};

/** TypeDefinition with the per-type field-name check erased. */
interface LooseDefinition {
  readonly direction: Direction;
  readonly fields: readonly (readonly [string, FieldKind])[];
  readonly crossCheck?: (message: Readonly<Record<string, unknown>>) => string | undefined;
}

function build(name: MessageTypeName): TypeSchema {
  const definition: LooseDefinition = DEFINITIONS[name];
  return {
    name,
    number: MESSAGE_TYPES[name],
    direction: definition.direction,
    fields: definition.fields.map(([field, kind]) => ({ name: field, kind })),
    crossCheck: definition.crossCheck,
  };
}

/** Every message type's schema, in wire-number order. */
export const SCHEMAS: readonly TypeSchema[] = (Object.keys(MESSAGE_TYPES) as MessageTypeName[])
  .map(build)
  .sort((a, b) => a.number - b.number);

/** Schema by wire number (index = number; undefined for 0 and for retired numbers). */
export const SCHEMA_BY_NUMBER: readonly (TypeSchema | undefined)[] = Array.from(
  { length: Math.max(...SCHEMAS.map((schema) => schema.number)) + 1 },
  (_, n) => SCHEMAS.find((schema) => schema.number === n),
);

/** Schema by type name. */
export const SCHEMA_BY_NAME: ReadonlyMap<string, TypeSchema> = new Map(SCHEMAS.map((schema) => [schema.name, schema]));
