/**
 * Golden bytes and catalogue consistency for the message codec (STYLE practice 7).
 *
 * test/fixtures/wire/v1/<TYPE>.hex holds the hex of encodeMessage(SAMPLE_MESSAGES[TYPE]) and is compared byte for
 * byte, so any change of the wire format shows up as a fixture diff. After a deliberate wire change (which needs a
 * protocol version bump), regenerate the fixtures with:
 *
 *   npx tsc -p tsconfig.json && UPDATE_GOLDEN=1 npx ava test/unit/protocol/codec.test.ts
 *
 * The same test also checks that docs/protocol-messages.md lists every type and field as the schema has them.
 */

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import {
  decodeMessage,
  EncodeError,
  encodeMessage,
  MESSAGE_TYPES,
  messageTypeName,
  RETIRED_TYPE_NUMBERS,
} from '../../../protocol/index.ts';
import type { Message, MessageTypeName } from '../../../protocol/index.ts';
import { SCHEMAS } from '../../../protocol/schema.ts';
import type { TypeSchema } from '../../../protocol/schema.ts';
import { SAMPLE_MESSAGES } from '../../helpers/sample-messages.ts';

const FIXTURE_DIR = join(process.cwd(), 'test/fixtures/wire/v1');
const UPDATE_GOLDEN = process.env['UPDATE_GOLDEN'] === '1';
const TYPE_NAMES = Object.keys(MESSAGE_TYPES) as MessageTypeName[];

const toHex = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');

if (UPDATE_GOLDEN) mkdirSync(FIXTURE_DIR, { recursive: true });

for (const name of TYPE_NAMES) {
  test(`golden bytes: ${name}`, (t) => {
    const sample: Message = SAMPLE_MESSAGES[name];
    const hex = toHex(encodeMessage(sample));
    const file = join(FIXTURE_DIR, `${name}.hex`);
    if (UPDATE_GOLDEN) writeFileSync(file, `${hex}\n`);
    const golden = readFileSync(file, 'utf8').trim();
    t.is(hex, golden, `encoding of SAMPLE_MESSAGES.${name} differs from ${file}`);
    t.deepEqual(decodeMessage(Buffer.from(golden, 'hex')), sample);
  });
}

test('every MESSAGE_TYPES entry has a sample, a schema and a fixture, and nothing else does', (t) => {
  t.deepEqual(Object.keys(SAMPLE_MESSAGES).sort(), [...TYPE_NAMES].sort());
  t.deepEqual(SCHEMAS.map((schema) => schema.name).sort(), [...TYPE_NAMES].sort());
  const fixtures = readdirSync(FIXTURE_DIR).filter((file) => file.endsWith('.hex'));
  t.deepEqual(fixtures.sort(), TYPE_NAMES.map((name) => `${name}.hex`).sort());
  for (const name of TYPE_NAMES) t.is(SAMPLE_MESSAGES[name].type, name);
});

test('type numbers are unique positive integers, none of them retired', (t) => {
  const numbers: number[] = Object.values(MESSAGE_TYPES);
  t.is(new Set(numbers).size, numbers.length);
  for (const n of numbers) {
    t.true(Number.isInteger(n) && n > 0, `${n}`);
    t.false(RETIRED_TYPE_NUMBERS.includes(n), `${n} is retired`);
  }
});

test('messageTypeName inverts MESSAGE_TYPES and knows no other number', (t) => {
  for (const name of TYPE_NAMES) t.is(messageTypeName(MESSAGE_TYPES[name]), name);
  for (const n of [0, -1, 1.5, Number.NaN, 23, 99, 2 ** 32, ...RETIRED_TYPE_NUMBERS]) t.is(messageTypeName(n), undefined, `${n}`);
});

test('the schema has exactly the fields of each message type, in a fixed order', (t) => {
  for (const schema of SCHEMAS) {
    const sampleFields = Object.keys(SAMPLE_MESSAGES[schema.name]).filter((key) => key !== 'type');
    t.deepEqual([...schema.fields.map((field) => field.name)].sort(), sampleFields.sort(), schema.name);
    t.is(new Set(schema.fields.map((field) => field.name)).size, schema.fields.length, `${schema.name}: duplicate field`);
  }
});

test('the wire form is [typeNumber, ...fields] in schema order', (t) => {
  const bytes = encodeMessage(SAMPLE_MESSAGES.PING);
  // fixarray(3), 19, str8(32) "c0ffee00…", uint32 0x12345678
  t.is(toHex(bytes), `9313d920${Buffer.from('c0ffee00'.repeat(4)).toString('hex')}ce12345678`);
});

test('decoded messages are fresh: plain objects, bytes copied into plain Uint8Arrays', (t) => {
  const received = Buffer.from(encodeMessage(SAMPLE_MESSAGES.SEGMENT));
  const first = decodeMessage(received);
  const second = decodeMessage(received);
  if (first.type !== 'SEGMENT' || second.type !== 'SEGMENT') return t.fail('wrong type');
  t.is(Object.getPrototypeOf(first), Object.prototype);
  t.is(first.data.constructor, Uint8Array);
  t.not(first.data, second.data);
  const before = Uint8Array.from(first.data);
  received.fill(0xff);
  t.deepEqual(first.data, before, 'decoded bytes alias the received buffer');
  return undefined;
});

test('encoded bytes are not overwritten by later encodes', (t) => {
  const first = encodeMessage(SAMPLE_MESSAGES.HEARTBEAT);
  const copy = Uint8Array.from(first);
  for (let seq = 0; seq < 2000; seq++) encodeMessage({ ...SAMPLE_MESSAGES.HEARTBEAT, seq });
  t.deepEqual(Uint8Array.from(first), copy);
});

test('encodeMessage refuses invalid messages with EncodeError', (t) => {
  const bad: unknown[] = [
    { ...SAMPLE_MESSAGES.HEARTBEAT, senderId: 'NOT-HEX' },
    { ...SAMPLE_MESSAGES.HEARTBEAT, seq: -1 },
    { ...SAMPLE_MESSAGES.HEARTBEAT, seq: 2 ** 53 },
    { ...SAMPLE_MESSAGES.SETCONFIG, timing: { intervalMs: 1000, lateMs: 1000, deadMs: 3000 } },
    { ...SAMPLE_MESSAGES.PROBE, address: { host: 'localhost', port: 1984 } },
    { ...SAMPLE_MESSAGES.PROBE, publicKey: new Uint8Array(31) },
    { ...SAMPLE_MESSAGES.SEGMENT, fragIndex: 3, fragCount: 3 },
    { ...SAMPLE_MESSAGES.DISCOVERY, payload: { when: new Date(0) } },
    { ...SAMPLE_MESSAGES.DISCOVERY, payload: new Map() },
    { ...SAMPLE_MESSAGES.DISCOVERY, payload: { missing: undefined } },
    { ...SAMPLE_MESSAGES.DISCOVERY, payload: JSON.parse('{"__proto__": 1}') as unknown },
    { ...SAMPLE_MESSAGES.DISCOVERY, payload: [1n] },
    { ...SAMPLE_MESSAGES.HEARTBEAT, ringId: 'ring\uD800' },
    { ...SAMPLE_MESSAGES.MONSTATE, state: 'sideways' },
    { type: 'NOPE' },
    { ...SAMPLE_MESSAGES.PING, nonce: undefined },
    null,
  ];
  bad.forEach((message, i) => {
    t.throws(() => encodeMessage(message as Message), { instanceOf: EncodeError }, `bad message #${i}`);
  });
});

test('encodeMessage refuses a message over MAX_MESSAGE_BYTES', (t) => {
  const payload = Array.from({ length: 5 }, () => new Uint8Array(1024 * 1024));
  t.throws(() => encodeMessage({ ...SAMPLE_MESSAGES.DISCOVERY, payload }), { instanceOf: EncodeError, message: /MAX_MESSAGE_BYTES/ });
});

/** The docs section for one type, exactly as docs/protocol-messages.md must contain it. */
function docSection(schema: TypeSchema): string {
  const rows = schema.fields.map((field, i) => `| ${i + 1} | \`${field.name}\` | ${field.kind.describe} |`);
  return [`### ${schema.number} ${schema.name} (${schema.direction})`, '', '| # | field | kind and bounds |', '|---|---|---|', ...rows].join('\n');
}

test('docs/protocol-messages.md lists every type and field as the schema does', (t) => {
  const doc = readFileSync(join(process.cwd(), 'docs/protocol-messages.md'), 'utf8');
  for (const schema of SCHEMAS) {
    t.true(doc.includes(docSection(schema)), `docs section for ${schema.name} is missing or stale; expected:\n${docSection(schema)}`);
    t.true(doc.includes(`| ${schema.number} | ${schema.name} | ${schema.direction} |`), `summary row for ${schema.name}`);
  }
});
