/**
 * fast-check arbitraries for every message type, covering the full range each field kind accepts (boundaries
 * included). Shared by the codec property tests and by anyone who needs random valid messages.
 */

import fc from 'fast-check';
import { MESSAGE_TYPES, MONITOR_STATES } from '../../protocol/index.ts';
import type {
  DiscoveryHash,
  DiscoveryPlanItem,
  Message,
  MessageOf,
  MessageTypeName,
  Timing,
  WireAddress,
} from '../../protocol/index.ts';

/** fc.record producing ordinary objects (fast-check 4 defaults to null-prototype ones; decoded messages are not). */
function record<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  return fc.record(model, { noNullPrototype: true });
}

/** A host id: 32 lowercase hex chars. */
export const arbHostId: fc.Arbitrary<string> = fc
  .uint8Array({ minLength: 16, maxLength: 16 })
  .map((bytes) => Buffer.from(bytes).toString('hex'));

/** A well-formed string of at most `maxChars` UTF-16 code units (ASCII-heavy, with astral and non-Latin text). */
export function arbString(maxChars: number): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: 'grapheme-ascii', maxLength: maxChars }),
    fc.string({ unit: 'binary', maxLength: Math.floor(maxChars / 2) }),
    fc.constant('x'.repeat(maxChars)),
  );
}

/** Integer in [min, max]. */
export const arbInt = (min: number, max: number): fc.Arbitrary<number> => fc.integer({ min, max });
/** u32. */
export const arbU32: fc.Arbitrary<number> = fc.oneof(fc.integer({ min: 0, max: 0xffff_ffff }), fc.constantFrom(0, 0xffff_ffff));
/** 0 … 2^53 − 1. */
export const arbSafeUint: fc.Arbitrary<number> = fc.oneof(fc.maxSafeNat(), fc.constantFrom(0, 2 ** 32, Number.MAX_SAFE_INTEGER));
/** Exactly `length` bytes. */
export const arbBytes = (minLength: number, maxLength: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength, maxLength });
/** A public key: 32 bytes. */
export const arbPublicKey: fc.Arbitrary<Uint8Array> = arbBytes(32, 32);

/** A literal IPv4 or IPv6 address (the canonical forms fast-check produces, plus v4-mapped v6). */
export const arbIp: fc.Arbitrary<string> = fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4().map((v4) => `::ffff:${v4}`));
/** A wire address. */
export const arbAddress: fc.Arbitrary<WireAddress> = record({ host: arbIp, port: arbInt(1, 65535) });

/** Timing with 0 < interval < late < dead, all u32. */
export const arbTiming: fc.Arbitrary<Timing> = fc
  .uniqueArray(arbInt(1, 0xffff_ffff), { minLength: 3, maxLength: 3 })
  .map((values) => {
    const [intervalMs, lateMs, deadMs] = values.sort((a, b) => a - b) as [number, number, number];
    return { intervalMs, lateMs, deadMs };
  });

const arbKind = arbString(32);
const arbRingId = arbString(128);
const arbMonitorId = arbString(128);
const arbArgs = fc.array(arbString(256), { maxLength: 32 });
const arbDiscoveryHash: fc.Arbitrary<DiscoveryHash> = record({ kind: arbKind, hash: arbString(128) });
const arbPlanItem: fc.Arbitrary<DiscoveryPlanItem> = record({ kind: arbKind, intervalMs: arbU32, timeoutMs: arbU32 });

/** A finite number other than -0 (msgpackr writes -0 as the integer 0). */
const arbFinite = fc.oneof(
  fc.maxSafeInteger(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => (d === 0 ? 0 : d)),
);

/** Plain payload data (the DISCOVERY payload's domain), at most `maxDepth` containers deep. */
export function arbPayload(maxDepth = 4): fc.Arbitrary<unknown> {
  const leaf = fc.oneof(fc.constant(null), fc.boolean(), arbFinite, arbString(40), fc.uint8Array({ maxLength: 32 }));
  const key = arbString(16).filter((k) => k !== '__proto__');
  const { node } = fc.letrec<{ node: unknown }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', maxDepth, withCrossShrink: true },
      leaf,
      fc.array(tie('node'), { maxLength: 5 }),
      fc.dictionary(key, tie('node'), { maxKeys: 5, noNullPrototype: true }),
    ),
  }));
  return node;
}

/** One arbitrary per message type, each producing valid messages of that type. */
export const MESSAGE_ARBITRARIES: { readonly [N in MessageTypeName]: fc.Arbitrary<MessageOf<N>> } = {
  STARTUP: record({
    type: fc.constant('STARTUP'),
    hostId: arbHostId,
    publicKey: arbPublicKey,
    hostname: arbString(255),
    addresses: fc.array(arbAddress, { maxLength: 64 }),
    version: arbString(64),
    machineId: arbString(64),
    startedWallMs: arbSafeUint,
    sessionId: arbU32,
    discoveryHashes: fc.array(arbDiscoveryHash, { maxLength: 64 }),
  }),
  SETCONFIG: record({
    type: fc.constant('SETCONFIG'),
    cmaId: arbHostId,
    cmaSession: arbU32,
    hostId: arbHostId,
    timing: arbTiming,
    cmaAddresses: fc.array(arbAddress, { maxLength: 16 }),
    discovery: fc.array(arbPlanItem, { maxLength: 32 }),
  }),
  SENDEXPECTHB: record({
    type: fc.constant('SENDEXPECTHB'),
    peerId: arbHostId,
    address: arbAddress,
    publicKey: arbPublicKey,
    ringId: arbRingId,
    timing: arbTiming,
  }),
  STOPSENDEXPECTHB: record({ type: fc.constant('STOPSENDEXPECTHB'), peerId: arbHostId, ringId: arbRingId }),
  HBDEAD: record({ type: fc.constant('HBDEAD'), peerId: arbHostId, ringId: arbRingId, silentForMs: arbSafeUint }),
  HBLATE: record({ type: fc.constant('HBLATE'), peerId: arbHostId, ringId: arbRingId, silentForMs: arbSafeUint }),
  HBBACKALIVE: record({ type: fc.constant('HBBACKALIVE'), peerId: arbHostId, ringId: arbRingId, silentForMs: arbSafeUint }),
  HBMARTIAN: record({ type: fc.constant('HBMARTIAN'), peerId: arbHostId, address: arbAddress, ringId: arbRingId }),
  HBSHUTDOWN: record({ type: fc.constant('HBSHUTDOWN'), hostId: arbHostId, reason: arbString(128) }),
  PROBE: record({
    type: fc.constant('PROBE'),
    probeId: arbU32,
    targetId: arbHostId,
    address: arbAddress,
    publicKey: arbPublicKey,
    timeoutMs: arbU32,
  }),
  PROBERESULT: record({ type: fc.constant('PROBERESULT'), probeId: arbU32, targetId: arbHostId, alive: fc.boolean(), rttMs: arbU32 }),
  DISCOVERY: record({ type: fc.constant('DISCOVERY'), kind: arbKind, hash: arbString(128), full: fc.boolean(), payload: arbPayload() }),
  DODISCOVER: record({ type: fc.constant('DODISCOVER'), kind: arbKind, intervalMs: arbU32, timeoutMs: arbU32, args: arbArgs }),
  STOPDISCOVER: record({ type: fc.constant('STOPDISCOVER'), kind: arbKind }),
  MONITOR: record({
    type: fc.constant('MONITOR'),
    monitorId: arbMonitorId,
    kind: arbKind,
    target: arbString(256),
    intervalMs: arbU32,
    timeoutMs: arbU32,
    args: arbArgs,
  }),
  STOPMONITOR: record({ type: fc.constant('STOPMONITOR'), monitorId: arbMonitorId }),
  MONSTATE: record({ type: fc.constant('MONSTATE'), monitorId: arbMonitorId, state: fc.constantFrom(...MONITOR_STATES), detail: arbString(1024) }),
  HEARTBEAT: record({ type: fc.constant('HEARTBEAT'), senderId: arbHostId, ringId: arbRingId, seq: arbSafeUint }),
  PING: record({ type: fc.constant('PING'), senderId: arbHostId, nonce: arbU32 }),
  PONG: record({ type: fc.constant('PONG'), senderId: arbHostId, nonce: arbU32 }),
  ACK: record({ type: fc.constant('ACK'), session: arbU32, peerSession: arbU32, ack: arbSafeUint }),
  SEGMENT: fc
    .record({
      session: arbU32,
      peerSession: arbU32,
      seq: arbSafeUint,
      fragCount: arbInt(1, 0xffff),
      fragSeed: fc.nat(),
      compressed: fc.boolean(),
      data: arbBytes(0, 1200),
    })
    .map(({ session, peerSession, seq, fragCount, fragSeed, compressed, data }) => ({
      type: 'SEGMENT' as const,
      session,
      peerSession,
      seq,
      fragIndex: fragSeed % fragCount,
      fragCount,
      compressed,
      data,
    })),
};

/** Any valid message, of any type. */
export const arbMessage: fc.Arbitrary<Message> = fc.oneof(
  ...(Object.keys(MESSAGE_TYPES) as MessageTypeName[]).map((name): fc.Arbitrary<Message> => MESSAGE_ARBITRARIES[name]),
);
