/**
 * Fuzzing (STYLE practice 21): random and mutated frames, PDUs and capture streams either decode to
 * `{ value, warnings }` or throw FrameDecodeError — never anything else, never a hang.
 */
import test from 'ava';
import fc from 'fast-check';
import {
  CaptureReader,
  decodeCdp,
  decodeDiscoveryFrame,
  decodeEdp,
  decodeFdp,
  decodeLldp,
  decodeSonmp,
  FrameDecodeError,
  MAX_WARNINGS,
  readCapture,
  type FrameResult,
} from '../../../discovery/parsers/frames.ts';
import { captureFiles, fixture } from '../../helpers/discovery-oracles.ts';

const FUZZ_RUNS = 5_000;

/** The fuzz property: a FrameDecodeError, or a serialisable value with a bounded list of string warnings. */
function safely(run: () => FrameResult<unknown>): boolean {
  let result: FrameResult<unknown>;
  try {
    result = run();
  } catch (error) {
    if (error instanceof FrameDecodeError) return true;
    throw error;
  }
  JSON.stringify(result.value);
  return result.warnings.length <= MAX_WARNINGS + 1 && result.warnings.every((w) => typeof w === 'string');
}

/** Every discovery frame of the corpus, as mutation seeds. */
const SEEDS: Uint8Array[] = captureFiles().flatMap((capture) =>
  readCapture(fixture(capture))
    .value.frames.filter((f) => {
      try {
        return decodeDiscoveryFrame(f.data, f.linkType).value.protocol !== 'none';
      } catch {
        return true; // malformed discovery frames are good seeds too
      }
    })
    .map((f) => f.data),
);

/** A real frame with a few bytes overwritten, then cut or extended. */
const mutatedFrame = fc
  .tuple(
    fc.constantFrom(...SEEDS),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
    fc.option(fc.nat(), { nil: undefined }),
    fc.uint8Array({ maxLength: 16 }),
  )
  .map(([seed, edits, cut, tail]) => {
    const bytes = Uint8Array.from(seed);
    for (const [at, value] of edits) bytes[at % bytes.length] = value;
    const kept = cut === undefined ? bytes : bytes.subarray(0, cut % (bytes.length + 1));
    return Uint8Array.from([...kept, ...tail]);
  });

test(`random bytes as Ethernet / cooked frames (${FUZZ_RUNS} runs)`, (t) => {
  t.true(SEEDS.length > 200, `${SEEDS.length} seed frames`);
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 1600 }), fc.constantFrom(1, 113, 276), (bytes, linkType) => safely(() => decodeDiscoveryFrame(bytes, linkType))),
    { numRuns: FUZZ_RUNS },
  );
});

test(`mutated real LLDP / CDP / EDP / FDP / SONMP frames (${FUZZ_RUNS} runs)`, (t) => {
  fc.assert(fc.property(mutatedFrame, (bytes) => safely(() => decodeDiscoveryFrame(bytes))), { numRuns: FUZZ_RUNS });
  t.pass();
});

test(`random PDUs straight into each protocol decoder (${FUZZ_RUNS} runs)`, (t) => {
  const decoders = [decodeLldp, decodeCdp, decodeFdp, decodeEdp, decodeSonmp];
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 600 }), fc.constantFrom(...decoders), (bytes, decode) => safely(() => decode(bytes))),
    { numRuns: FUZZ_RUNS },
  );
  t.pass();
});

test('TLV-shaped random LLDPDUs (valid headers, random values) decode or are refused cleanly', (t) => {
  const tlv = fc
    .tuple(fc.integer({ min: 0, max: 127 }), fc.uint8Array({ maxLength: 40 }), fc.boolean())
    .map(([type, value, org]) => {
      const body = org ? Uint8Array.from([...[[0x00, 0x80, 0xc2], [0x00, 0x12, 0x0f], [0x00, 0x12, 0xbb]][value.length % 3] ?? [], ...value]) : value;
      const t2 = org ? 127 : type;
      return [(t2 << 1) | (body.length >> 8), body.length & 0xff, ...body];
    });
  fc.assert(
    fc.property(fc.array(tlv, { maxLength: 20 }), (tlvs) => safely(() => decodeLldp(Uint8Array.from(tlvs.flat())))),
    { numRuns: FUZZ_RUNS },
  );
  t.pass();
});

test('mutated and cut capture streams: frames, warnings or FrameDecodeError', (t) => {
  const streams = captureFiles()
    .slice(0, 40)
    .map((c) => fixture(c));
  fc.assert(
    fc.property(fc.constantFrom(...streams), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat(), (stream, edits, cut) => {
      const bytes = Uint8Array.from(stream.subarray(0, cut % (stream.length + 1)));
      for (const [at, value] of edits) if (bytes.length > 0) bytes[at % bytes.length] = value;
      const reader = new CaptureReader();
      try {
        reader.push(bytes);
      } catch (error) {
        if (error instanceof FrameDecodeError) return true;
        throw error;
      }
      return reader.end().every((w) => typeof w === 'string');
    }),
    { numRuns: 2_000 },
  );
  t.pass();
});
