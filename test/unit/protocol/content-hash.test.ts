/** The streamed canonical JSON is byte for byte JSON.stringify(canonical(x)); the hash is its SHA-256. */
import { createHash } from 'node:crypto';
import test from 'ava';
import * as fc from 'fast-check';
import { canonical, canonicalData, canonicalJson, contentHash } from '../../../protocol/index.ts';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

test('canonicalJson = JSON.stringify(canonical(x)) for anything (incl. index-like keys, bytes, undefined)', (t) => {
  fc.assert(
    fc.property(fc.anything({ withBigInt: true, withTypedArray: true, withBoxedValues: false, withNullPrototype: true, withSparseArray: true, withObjectString: true }), (x) => {
      t.is(canonicalJson(x), JSON.stringify(canonical(x)));
    }),
    { numRuns: 3_000 },
  );
  t.is(canonicalJson({ b: 1, 10: 'x', a: undefined, 9: [undefined, Infinity], z: new Uint8Array([1, 255]) }), '{"9":[null,null],"10":"x","b":1,"z":"01ff"}');
});

test('contentHash streams: same as hashing the whole text, also past the 64 KiB batch', (t) => {
  const big = { rows: Array.from({ length: 5_000 }, (_, i) => ({ i, s: `row ${i} ${'x'.repeat(i % 40)}` })) };
  t.is(contentHash(big), sha(JSON.stringify(canonical(big))));
  fc.assert(fc.property(fc.jsonValue(), (x) => contentHash(x) === sha(JSON.stringify(canonical(x)))), { numRuns: 500 });
});

test('canonicalData returns plain data itself, and a canonical copy otherwise', (t) => {
  const plain = { a: [1, 'x', null, { b: true }] };
  t.is(canonicalData(plain), plain);
  const odd = { a: undefined, b: new Uint8Array([1]), c: NaN };
  t.deepEqual(canonicalData(odd), { b: '01', c: null });
});
