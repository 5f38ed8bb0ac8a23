/**
 * Every DecodeError code decodeMessage can produce, driven by hand-built wire values (table-driven), plus the
 * edge cases that must be accepted.
 */

import test from 'ava';
import { Packr } from 'msgpackr';
import { DecodeError, decodeMessage, MAX_MESSAGE_BYTES, MESSAGE_TYPES } from '../../../protocol/index.ts';
import type { DecodeErrorCode } from '../../../protocol/index.ts';
import { MAX_PAYLOAD_DEPTH } from '../../../protocol/payload.ts';

/** A permissive packer (Dates, Sets, typed arrays as extensions) to build hostile inputs. */
const loose = new Packr({ useRecords: false, moreTypes: true });
const pack = (value: unknown): Uint8Array => loose.pack(value);
const hex = (text: string): Uint8Array => Buffer.from(text.replace(/\s+/g, ''), 'hex');
const concat = (...parts: Uint8Array[]): Uint8Array => Buffer.concat(parts);

const T = MESSAGE_TYPES;
const ID = '0123456789abcdef0123456789abcdef';
const KEY = new Uint8Array(32);
const LAN = [1000, 2000, 3000];
const hb = (seq: unknown, extra: unknown[] = []): Uint8Array => pack([T.HEARTBEAT, ID, 'r', seq, ...extra]);
const hbHead = hex(`94 12 d920 ${Buffer.from(ID).toString('hex')} a172`); // [18, ID, 'r', …
const setconfig = (timing: unknown): Uint8Array => pack([T.SETCONFIG, ID, 1, ID, timing, [], []]);
const probeTo = (address: unknown): Uint8Array => pack([T.PROBE, 1, ID, address, KEY, 500]);
const segment = (fragIndex: number, fragCount: number, data = new Uint8Array(8)): Uint8Array =>
  pack([T.SEGMENT, 1, 2, 3, fragIndex, fragCount, false, data]);
const discovery = (payload: unknown): Uint8Array => pack([T.DISCOVERY, 'tcp', 'h', true, payload]);
const nested = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};

const rejects = test.macro<[input: Uint8Array, code: DecodeErrorCode, details?: Record<string, unknown>]>({
  exec(t, input, code, details) {
    const error = t.throws(() => decodeMessage(input), { instanceOf: DecodeError });
    t.is(error.code, code);
    if (details !== undefined) t.like(error.details, details);
  },
  title: (title, _input, code) => `${code}: ${title ?? ''}`,
});

const accepts = test.macro<[input: Uint8Array, expected: Record<string, unknown>]>({
  exec(t, input, expected) {
    t.like(decodeMessage(input), expected);
  },
  title: (title = '') => `accepted: ${title}`,
});

// Size and MessagePack structure.
test('empty input', rejects, new Uint8Array(0), 'PROTO_TOO_SHORT');
test('over MAX_MESSAGE_BYTES', rejects, new Uint8Array(MAX_MESSAGE_BYTES + 1), 'PROTO_TOO_LONG', { maxBytes: MAX_MESSAGE_BYTES });
test('trailing bytes after the message', rejects, concat(hb(1), hex('c0')), 'PROTO_TOO_LONG', { trailingBytes: 1 });
test('two messages back to back', rejects, concat(hb(1), hb(2)), 'PROTO_TOO_LONG');
test('truncated message', rejects, hb(70000).subarray(0, -1), 'PROTO_MSGPACK');
test('str32 length beyond the input', rejects, hex('93 12 dbffffffff'), 'PROTO_MSGPACK');
test('array32 length beyond the input', rejects, hex('ddffffffff 00'), 'PROTO_MSGPACK');
test('unknown extension type', rejects, hex('93 13 d4 11 00 01'), 'PROTO_MSGPACK');
test('structured-clone reference extension', rejects, concat(hex('93 13'), hex('d6 69 00000001'), hex('90 01')), 'PROTO_MSGPACK');
test('nesting far beyond any valid message', rejects, concat(hex('95 0c a174 a168 c3'), new Uint8Array(1_000_000).fill(0x91), hex('01')), 'PROTO_MSGPACK');

// Not a message.
test('not an array (map)', rejects, pack({ type: 18 }), 'PROTO_UNKNOWN_TYPE');
test('not an array (string)', rejects, pack('HEARTBEAT'), 'PROTO_UNKNOWN_TYPE');
test('not an array (nil)', rejects, hex('c0'), 'PROTO_UNKNOWN_TYPE');
test('empty array', rejects, hex('90'), 'PROTO_UNKNOWN_TYPE');
test('unknown type 99', rejects, pack([99, ID, 'r', 1]), 'PROTO_UNKNOWN_TYPE', { typeNumber: 99 });
test('type 0', rejects, pack([0]), 'PROTO_UNKNOWN_TYPE', { typeNumber: 0 });
test('type as a name', rejects, pack(['HEARTBEAT', ID, 'r', 1]), 'PROTO_UNKNOWN_TYPE');
test('fractional type number', rejects, pack([18.5, ID, 'r', 1]), 'PROTO_UNKNOWN_TYPE');
test('never-used token 0xc1 as the message', rejects, hex('c1'), 'PROTO_UNKNOWN_TYPE');

// Arity.
const badField = (type: string, field: string) => ({ type, field });
test('missing last field', rejects, pack([T.HEARTBEAT, ID, 'r']), 'PROTO_BAD_FIELD', badField('HEARTBEAT', 'seq'));
test('extra field', rejects, hb(1, [true]), 'PROTO_BAD_FIELD', badField('HEARTBEAT', '(extra fields)'));

// Host ids.
test('host id in upper case', rejects, pack([T.HEARTBEAT, ID.toUpperCase(), 'r', 1]), 'PROTO_BAD_FIELD', badField('HEARTBEAT', 'senderId'));
test('host id of 31 chars', rejects, pack([T.PING, ID.slice(1), 1]), 'PROTO_BAD_FIELD', badField('PING', 'senderId'));
test('host id as bytes', rejects, pack([T.PING, Buffer.from(ID, 'hex'), 1]), 'PROTO_BAD_FIELD', badField('PING', 'senderId'));

// Integers.
test('int above 2^53 (uint64)', rejects, concat(hbHead, hex('cf 0020000000000001')), 'PROTO_BAD_FIELD', badField('HEARTBEAT', 'seq'));
test('int of 2^53 (float64)', rejects, hb(2 ** 53), 'PROTO_BAD_FIELD', badField('HEARTBEAT', 'seq'));
test('negative seq', rejects, hb(-1), 'PROTO_BAD_FIELD', badField('HEARTBEAT', 'seq'));
test('fractional seq', rejects, hb(1.5), 'PROTO_BAD_FIELD', badField('HEARTBEAT', 'seq'));
test('seq as a string', rejects, hb('5'), 'PROTO_BAD_FIELD', badField('HEARTBEAT', 'seq'));
test('seq as a Date extension', rejects, hb(new Date(0)), 'PROTO_BAD_FIELD', badField('HEARTBEAT', 'seq'));
test('seq as 0xc1', rejects, concat(hbHead, hex('c1')), 'PROTO_BAD_FIELD', badField('HEARTBEAT', 'seq'));
test('u32 nonce of 2^32', rejects, pack([T.PING, ID, 2 ** 32]), 'PROTO_BAD_FIELD', badField('PING', 'nonce'));
test('bool as 0', rejects, pack([T.PROBERESULT, 1, ID, 0, 0]), 'PROTO_BAD_FIELD', badField('PROBERESULT', 'alive'));

// Timing.
test('timing not increasing', rejects, setconfig([1000, 1000, 3000]), 'PROTO_BAD_FIELD', badField('SETCONFIG', 'timing'));
test('timing dead before late', rejects, setconfig([1000, 3000, 2000]), 'PROTO_BAD_FIELD', badField('SETCONFIG', 'timing'));
test('timing interval 0', rejects, setconfig([0, 2000, 3000]), 'PROTO_BAD_FIELD', badField('SETCONFIG', 'timing'));
test('timing of two values', rejects, setconfig([1000, 2000]), 'PROTO_BAD_FIELD', badField('SETCONFIG', 'timing'));
test('timing as a map', rejects, setconfig({ intervalMs: 1, lateMs: 2, deadMs: 3 }), 'PROTO_BAD_FIELD', badField('SETCONFIG', 'timing'));

// Addresses.
test('port 0', rejects, probeTo(['10.0.0.1', 0]), 'PROTO_BAD_FIELD', badField('PROBE', 'address'));
test('port 65536', rejects, probeTo(['10.0.0.1', 65536]), 'PROTO_BAD_FIELD', badField('PROBE', 'address'));
test('host name instead of IP', rejects, probeTo(['localhost', 1984]), 'PROTO_BAD_FIELD', badField('PROBE', 'address'));
test('IPv4 with leading zero', rejects, probeTo(['10.0.0.01', 1984]), 'PROTO_BAD_FIELD', badField('PROBE', 'address'));
test('IPv6 with zone id', rejects, probeTo(['fe80::1%eth0', 1984]), 'PROTO_BAD_FIELD', badField('PROBE', 'address'));
test('bracketed IPv6', rejects, probeTo(['[::1]', 1984]), 'PROTO_BAD_FIELD', badField('PROBE', 'address'));
test('address with a third element', rejects, probeTo(['::1', 1984, 0]), 'PROTO_BAD_FIELD', badField('PROBE', 'address'));
test('65 listen addresses', rejects, pack([T.STARTUP, ID, KEY, 'h', Array.from({ length: 65 }, () => ['::1', 1]), 'v', '', 0, 0, []]), 'PROTO_BAD_FIELD', badField('STARTUP', 'addresses'));
test('17 CMA addresses', rejects, pack([T.SETCONFIG, ID, 1, ID, LAN, Array.from({ length: 17 }, () => ['::1', 1]), []]), 'PROTO_BAD_FIELD', badField('SETCONFIG', 'cmaAddresses'));

// Strings, bytes, lists, enums.
test('ringId of 129 chars', rejects, pack([T.HEARTBEAT, ID, 'r'.repeat(129), 1]), 'PROTO_BAD_FIELD', badField('HEARTBEAT', 'ringId'));
test('public key of 31 bytes', rejects, pack([T.PROBE, 1, ID, ['::1', 1], new Uint8Array(31), 500]), 'PROTO_BAD_FIELD', badField('PROBE', 'publicKey'));
test('public key as a string', rejects, pack([T.PROBE, 1, ID, ['::1', 1], 'k'.repeat(32), 500]), 'PROTO_BAD_FIELD', badField('PROBE', 'publicKey'));
test('public key as an Int8Array extension', rejects, pack([T.PROBE, 1, ID, ['::1', 1], new Int8Array(32), 500]), 'PROTO_BAD_FIELD', badField('PROBE', 'publicKey'));
test('segment data of 1201 bytes', rejects, segment(0, 1, new Uint8Array(1201)), 'PROTO_BAD_FIELD', badField('SEGMENT', 'data'));
test('fragIndex equal to fragCount', rejects, segment(2, 2), 'PROTO_BAD_FIELD', badField('SEGMENT', 'fragIndex'));
test('fragCount 0', rejects, segment(0, 0), 'PROTO_BAD_FIELD', badField('SEGMENT', 'fragCount'));
test('fragIndex over u16', rejects, segment(65536, 65535), 'PROTO_BAD_FIELD', badField('SEGMENT', 'fragIndex'));
test('33 discovery args', rejects, pack([T.DODISCOVER, 'arp', 1, 1, Array.from({ length: 33 }, () => 'a')]), 'PROTO_BAD_FIELD', badField('DODISCOVER', 'args'));
test('arg of 257 chars', rejects, pack([T.DODISCOVER, 'arp', 1, 1, ['a'.repeat(257)]]), 'PROTO_BAD_FIELD', badField('DODISCOVER', 'args'));
test('monitor state not in MONITOR_STATES', rejects, pack([T.MONSTATE, 'm', 'sideways', '']), 'PROTO_BAD_FIELD', badField('MONSTATE', 'state'));
test('discovery hash entry of one element', rejects, pack([T.STARTUP, ID, KEY, 'h', [], 'v', '', 0, 0, [['os']]]), 'PROTO_BAD_FIELD', badField('STARTUP', 'discoveryHashes'));

test('an encoded lone surrogate never comes out of the decoder', (t) => {
  // msgpackr's native string path replaces it with U+FFFD, its JS path yields the surrogate, which is refused.
  const input = concat(hex(`94 12 d920 ${Buffer.from(ID).toString('hex')} a3 eda080`), hex('01'));
  try {
    const message = decodeMessage(input);
    t.true(message.type === 'HEARTBEAT' && !/\p{Cs}/u.test(message.ringId));
  } catch (error) {
    t.like(error, { code: 'PROTO_BAD_FIELD', details: { field: 'ringId' } });
  }
});

// DISCOVERY payload.
const badPayload = badField('DISCOVERY', 'payload');
test('payload with a Date extension', rejects, discovery({ at: new Date(0) }), 'PROTO_BAD_FIELD', badPayload);
test('payload with a Set extension', rejects, discovery(new Set([1])), 'PROTO_BAD_FIELD', badPayload);
test('payload with an Error extension', rejects, discovery([new Error('x')]), 'PROTO_BAD_FIELD', badPayload);
test('payload with a RegExp extension', rejects, discovery({ re: /x/ }), 'PROTO_BAD_FIELD', badPayload);
test('payload with a Float64Array extension', rejects, discovery([new Float64Array(2)]), 'PROTO_BAD_FIELD', badPayload);
test('payload with undefined (extension 0)', rejects, discovery([undefined]), 'PROTO_BAD_FIELD', badPayload);
test('payload with an int64 beyond 2^53', rejects, concat(hex('95 0c a3746370 a168 c3 91'), hex('d3 8000000000000000')), 'PROTO_BAD_FIELD', badPayload);
test('payload with NaN', rejects, discovery({ x: Number.NaN }), 'PROTO_BAD_FIELD', badPayload);
test('payload nested deeper than MAX_PAYLOAD_DEPTH', rejects, discovery(nested(MAX_PAYLOAD_DEPTH + 1)), 'PROTO_BAD_FIELD', badPayload);

// Accepted edge cases.
test('seq as uint64 within range', accepts, concat(hbHead, hex('cf 0000000000000005')), { type: 'HEARTBEAT', seq: 5 });
test('seq of 2^53 − 1 as float64', accepts, hb(Number.MAX_SAFE_INTEGER), { seq: Number.MAX_SAFE_INTEGER });
test('integral float64 for a u32', accepts, concat(hex(`93 13 d920 ${Buffer.from(ID).toString('hex')}`), hex('cb 4014000000000000')), { nonce: 5 });
test('upper-case IPv6 literal', accepts, probeTo(['FD00::A', 1]), { address: { host: 'FD00::A', port: 1 } });
test('payload exactly MAX_PAYLOAD_DEPTH deep', accepts, discovery(nested(MAX_PAYLOAD_DEPTH)), { payload: nested(MAX_PAYLOAD_DEPTH) });
test('payload map with a __proto__ key decodes harmlessly', accepts, concat(hex('95 0c a3746370 a168 c3 81 a95f5f70726f746f5f5f 01')), {
  payload: { __proto_: 1 },
});
test('-0 (float64) becomes 0', accepts, concat(hbHead, hex('cb 8000000000000000')), { seq: 0 });
