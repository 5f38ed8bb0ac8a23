/**
 * Property tests for the codec (STYLE practice 21): every valid message round-trips exactly, and decodeMessage
 * fed random or mutated bytes either returns a message that re-encodes validly or throws DecodeError — nothing else.
 */

import { isDeepStrictEqual } from 'node:util';
import test from 'ava';
import fc from 'fast-check';
import { Packr, Unpackr } from 'msgpackr';
import { DecodeError, decodeMessage, encodeMessage, MESSAGE_TYPES } from '../../../protocol/index.ts';
import type { Message, MessageTypeName } from '../../../protocol/index.ts';
import { arbHostId, arbIp, arbMessage, MESSAGE_ARBITRARIES } from '../../helpers/message-arbitraries.ts';

const FUZZ_RUNS = 10_000;
const TYPE_NUMBERS: number[] = Object.values(MESSAGE_TYPES);

/** The fuzz property: a DecodeError, or a message that survives encode → decode unchanged. */
function decodesSafely(bytes: Uint8Array): boolean {
  let message: Message;
  try {
    message = decodeMessage(bytes);
  } catch (error) {
    if (error instanceof DecodeError) return true;
    throw error;
  }
  return isDeepStrictEqual(decodeMessage(encodeMessage(message)), message);
}

for (const name of Object.keys(MESSAGE_TYPES) as MessageTypeName[]) {
  test(`round trip: ${name}`, (t) => {
    const arbitrary: fc.Arbitrary<Message> = MESSAGE_ARBITRARIES[name];
    fc.assert(
      fc.property(arbitrary, (message) => {
        const bytes = encodeMessage(message);
        const decoded = decodeMessage(bytes);
        // Exact equality, and canonical bytes: re-encoding the decoded message gives the same bytes.
        return isDeepStrictEqual(decoded, message) && Buffer.compare(encodeMessage(decoded), bytes) === 0;
      }),
      { numRuns: 200 },
    );
    t.pass();
  });
}

test('decodeMessage of arbitrary bytes: a valid message or DecodeError, nothing else', (t) => {
  // Half pure noise, half noise behind a plausible header (array marker + known type number) to get past the
  // first checks and exercise the field validators.
  const plausible = fc
    .tuple(fc.integer({ min: 0, max: 15 }), fc.constantFrom(...TYPE_NUMBERS), fc.uint8Array({ maxLength: 200 }))
    .map(([arity, type, rest]) => Uint8Array.from([0x90 + arity, type, ...rest]));
  fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), plausible), decodesSafely), { numRuns: FUZZ_RUNS });
  t.pass();
});

/** Small edits of a byte string: flip a bit, overwrite, truncate, append, insert, delete. */
const arbMutation = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('append' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
);
type Mutation = typeof arbMutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(input: Uint8Array, mutation: Mutation): Uint8Array {
  const bytes = Array.from(input);
  const at = 'at' in mutation ? mutation.at % Math.max(1, bytes.length) : 0;
  switch (mutation.op) {
    case 'flip':
      bytes[at] = (bytes[at] ?? 0) ^ (1 << mutation.bit);
      break;
    case 'set':
      bytes[at] = mutation.byte;
      break;
    case 'truncate':
      bytes.length = at;
      break;
    case 'append':
      bytes.push(...mutation.bytes);
      break;
    case 'insert':
      bytes.splice(at, 0, mutation.byte);
      break;
    case 'delete':
      bytes.splice(at, 1);
      break;
  }
  return Uint8Array.from(bytes);
}

test('decodeMessage of mutated valid encodings: a valid message or DecodeError, nothing else', (t) => {
  const arbMutated = fc
    .tuple(arbMessage, fc.array(arbMutation, { minLength: 1, maxLength: 3 }))
    .map(([message, mutations]) => mutations.reduce(mutate, encodeMessage(message)));
  fc.assert(fc.property(arbMutated, decodesSafely), { numRuns: FUZZ_RUNS });
  t.pass();
});

/** Values a confused or hostile peer might put in a field (including extension types our packer never writes). */
const arbWireValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.integer({ min: -1, max: 70_000 }),
  fc.maxSafeInteger(),
  fc.double(),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }),
  fc.string({ maxLength: 300 }),
  arbHostId,
  arbIp,
  fc.uint8Array({ maxLength: 40 }),
  fc.date({ noInvalidDate: true }),
  fc.tuple(arbIp, fc.integer({ min: -1, max: 70_000 })),
  fc.array(fc.oneof(fc.integer({ min: -1, max: 5000 }), fc.string({ maxLength: 40 }), arbIp), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.integer(), { maxKeys: 3 }),
);

test('decodeMessage of valid encodings with one field replaced: a valid message or DecodeError', (t) => {
  const loosePackr = new Packr({ useRecords: false, moreTypes: true });
  const looseUnpackr = new Unpackr({ useRecords: false });
  const arbSwapped = fc.tuple(arbMessage, fc.nat(), arbWireValue).map(([message, index, value]) => {
    const wire = looseUnpackr.unpack(encodeMessage(message)) as unknown[];
    wire[1 + (index % (wire.length - 1))] = value;
    return loosePackr.pack(wire);
  });
  fc.assert(fc.property(arbSwapped, decodesSafely), { numRuns: 3000 });
  t.pass();
});
