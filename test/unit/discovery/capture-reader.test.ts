/**
 * The pcap / pcapng stream reader: every container variant yields the same frames as the original capture, in
 * chunks of any size (tcpdump writing into a pipe), with bounded buffering and typed errors for foreign or
 * corrupt streams.
 */
import test from 'ava';
import fc from 'fast-check';
import { CaptureReader, FrameDecodeError, readCapture, type CapturedFrame } from '../../../discovery/parsers/frames.ts';
import { fixture } from '../../helpers/discovery-oracles.ts';
import { buildPcap, buildPcapng, concat, pcapngBlock, type FrameSpec } from '../../helpers/pcap-builders.ts';

const SAMPLE = 'tcpdump/LLDP_and_CDP.pcap';
const original = readCapture(fixture(SAMPLE)).value.frames;
const specs: FrameSpec[] = original.map((f) => ({ data: f.data, timestampSec: f.timestampSec, timestampNsec: f.timestampNsec, originalLength: f.originalLength }));

/** What must survive any re-encoding: bytes, lengths, time (to the µs the sample has), link type. */
function summary(frames: readonly CapturedFrame[]): unknown[] {
  return frames.map((f) => [Buffer.from(f.data).toString('hex'), f.originalLength, f.timestampSec, f.timestampNsec, f.linkType]);
}

function readInChunks(bytes: Uint8Array, cuts: readonly number[]): { frames: CapturedFrame[]; warnings: readonly string[] } {
  const reader = new CaptureReader();
  const frames: CapturedFrame[] = [];
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    frames.push(...reader.push(bytes.subarray(at, cut)));
    at = cut;
  }
  frames.push(...reader.push(bytes.subarray(at)));
  return { frames, warnings: reader.end() };
}

test('the sample: 12 frames with µs timestamps, link type Ethernet', (t) => {
  const { value, warnings } = readCapture(fixture(SAMPLE));
  t.is(value.format, 'pcap');
  t.is(value.frames.length, 12);
  t.deepEqual(warnings, []);
  t.true(value.frames.every((f) => f.linkType === 1 && f.interfaceId === 0 && f.data.length === f.originalLength));
  t.true(value.frames.every((f) => f.timestampNsec % 1000 === 0 && f.timestampNsec < 1e9));
});

test('chunked input of any size gives the same frames (1-byte, 7-byte, 4 KiB chunks)', (t) => {
  const bytes = fixture(SAMPLE);
  for (const size of [1, 7, 4096]) {
    const cuts = Array.from({ length: Math.floor(bytes.length / size) }, (_, i) => (i + 1) * size);
    const { frames, warnings } = readInChunks(bytes, cuts);
    t.deepEqual(summary(frames), summary(original), `chunks of ${size}`);
    t.deepEqual(warnings, []);
  }
});

test('property: arbitrary split points of pcap and pcapng streams never change the frames', (t) => {
  const streams = [fixture(SAMPLE), buildPcapng([{ packets: specs.map((frame) => ({ frame })), noise: true }])];
  fc.assert(
    fc.property(fc.constantFrom(...streams), fc.array(fc.nat(), { maxLength: 40 }), (bytes, raw) => {
      const cuts = raw.map((n) => n % (bytes.length + 1));
      return JSON.stringify(summary(readInChunks(bytes, cuts).frames)) === JSON.stringify(summary(original));
    }),
    { numRuns: 300 },
  );
  t.pass();
});

test('classic pcap: big-endian, and nanosecond magic in both byte orders', (t) => {
  for (const littleEndian of [true, false]) {
    for (const nanoseconds of [false, true]) {
      const nsSpecs = specs.map((s, i) => ({ ...s, timestampNsec: s.timestampNsec + (nanoseconds ? i + 1 : 0) }));
      const { value } = readCapture(buildPcap(nsSpecs, { littleEndian, nanoseconds }));
      t.is(value.format, 'pcap');
      t.deepEqual(
        value.frames.map((f) => [f.timestampSec, f.timestampNsec]),
        nsSpecs.map((s) => [s.timestampSec, s.timestampNsec]),
        `le=${littleEndian} ns=${nanoseconds}`,
      );
      t.deepEqual(summary(value.frames).map((s) => (s as unknown[])[0]), summary(original).map((s) => (s as unknown[])[0]));
    }
  }
});

test('a classic-pcap fraction of a second or more is carried into the seconds', (t) => {
  const [first] = specs;
  if (first === undefined) return t.fail();
  const bytes = buildPcap([first]);
  new DataView(bytes.buffer).setUint32(24 + 4, 2_500_000, true); // 2.5 s in the µs field
  const frame = readCapture(bytes).value.frames[0];
  t.is(frame?.timestampSec, first.timestampSec + 2);
  t.is(frame?.timestampNsec, 500_000_000);
});

test('pcapng: both byte orders, EPB/SPB/obsolete blocks, unknown blocks skipped, timestamp resolutions', (t) => {
  for (const littleEndian of [true, false]) {
    const stream = buildPcapng([{ littleEndian, noise: true, packets: specs.map((frame) => ({ frame })) }]);
    const { value } = readCapture(stream);
    t.is(value.format, 'pcapng');
    t.deepEqual(summary(value.frames), summary(original), `EPB le=${littleEndian}`);
  }
  const one = specs[0];
  if (one === undefined) return t.fail();
  const exact = { ...one, timestampSec: 1_700_000_000, timestampNsec: 123_456_789 };
  const stream = buildPcapng([
    {
      interfaces: [{ linkType: 1, tsresol: 9 }, { linkType: 113 }, { linkType: 1, tsresol: 0x80 | 20 }],
      packets: [
        { frame: exact, interfaceId: 0 },
        { frame: exact, interfaceId: 1 },
        { frame: exact, interfaceId: 2 },
        { frame: exact, interfaceId: 0, kind: 'obsolete' },
        { frame: exact, kind: 'spb' },
      ],
    },
  ]);
  const frames = readCapture(stream).value.frames;
  t.deepEqual(
    frames.map((f) => [f.interfaceId, f.linkType, f.timestampSec, f.timestampNsec]),
    [
      [0, 1, 1_700_000_000, 123_456_789], // 10^-9
      [1, 113, 1_700_000_000, 123_456_000], // default 10^-6
      [2, 1, 1_700_000_000, 123_456_001], // 2^-20 s ticks (129,453), back to ns
      [0, 1, 1_700_000_000, 123_456_789],
      [0, 1, 0, 0], // a simple packet block has no time
    ],
  );
  t.true(frames.every((f) => Buffer.from(f.data).equals(Buffer.from(exact.data))));
});

test('pcapng: a second section with the other byte order and its own interfaces', (t) => {
  const [a, b] = specs;
  if (a === undefined || b === undefined) return t.fail();
  const stream = buildPcapng([
    { littleEndian: true, interfaces: [{ linkType: 1 }, { linkType: 1 }], packets: [{ frame: a, interfaceId: 1 }] },
    { littleEndian: false, interfaces: [{ linkType: 276 }], packets: [{ frame: b, interfaceId: 0 }] },
  ]);
  const frames = readCapture(stream).value.frames;
  t.deepEqual(frames.map((f) => [f.interfaceId, f.linkType]), [[1, 1], [0, 276]]);
});

test('snaplen-cut records keep their original length (tcpdump lldp_8023_mtu-oobr.pcap)', (t) => {
  const [frame] = readCapture(fixture('tcpdump/malformed/lldp_8023_mtu-oobr.pcap')).value.frames;
  t.is(frame?.data.length, 20);
  t.is(frame?.originalLength, 262_144);
});

test('end(): a stream cut inside a record or its header is reported, not thrown', (t) => {
  const bytes = fixture(SAMPLE);
  const cut = readCapture(bytes.subarray(0, bytes.length - 10));
  t.is(cut.value.frames.length, 11);
  t.is(cut.warnings.length, 1);
  t.regex(cut.warnings[0] ?? '', /inside a record/);
  const reader = new CaptureReader();
  t.deepEqual(reader.push(bytes.subarray(0, 10)), []);
  t.is(reader.format, undefined); // known once the whole file header is in
  t.deepEqual(reader.end(), ['capture stream ended inside its file header']);
  t.deepEqual(new CaptureReader().end(), ['empty capture stream']);
  t.is(t.throws(() => readCapture(bytes.subarray(0, 3)), { instanceOf: FrameDecodeError }).code, 'DISC_FRAME_TRUNCATED');
});

test('foreign and corrupt streams throw typed errors, and a failed reader stays failed', (t) => {
  const code = (bytes: Uint8Array): string => t.throws(() => readCapture(bytes), { instanceOf: FrameDecodeError }).code;
  t.is(code(new TextEncoder().encode('GET / HTTP/1.1\r\n')), 'DISC_FRAME_CAPTURE_MAGIC');
  t.is(code(buildPcap(specs, { versionMajor: 3 })), 'DISC_FRAME_CAPTURE_CORRUPT');
  const huge = buildPcap([]);
  const record = new Uint8Array(16);
  new DataView(record.buffer).setUint32(8, 262_145, true);
  t.is(code(concat([huge, record])), 'DISC_FRAME_CAPTURE_CORRUPT');
  const shb = buildPcapng([{ interfaces: [], packets: [] }]);
  t.is(code(concat([shb, Uint8Array.from([6, 0, 0, 0, 13, 0, 0, 0, 0, 0, 0, 0, 13, 0, 0, 0])])), 'DISC_FRAME_CAPTURE_CORRUPT'); // length not ×4
  const epb = pcapngBlock(6, new Uint8Array(20));
  t.is(code(concat([shb, epb])), 'DISC_FRAME_CAPTURE_CORRUPT'); // packet for an undeclared interface
  const badTrailer = Uint8Array.from(pcapngBlock(0x0bad, new Uint8Array(4)));
  badTrailer[badTrailer.length - 4] = 0x20;
  t.is(code(concat([shb, badTrailer])), 'DISC_FRAME_CAPTURE_CORRUPT');
  const noBom = Uint8Array.from(shb);
  noBom[8] = 0;
  t.is(code(noBom), 'DISC_FRAME_CAPTURE_MAGIC');
  const reader = new CaptureReader();
  const first = t.throws(() => reader.push(Uint8Array.from([1, 2, 3, 4])), { instanceOf: FrameDecodeError });
  t.is(t.throws(() => reader.push(fixture(SAMPLE))), first);
});
