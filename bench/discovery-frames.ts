// Discovery-frame decoding throughput (STYLE practice 22): LLDP and CDP frames/s through decodeDiscoveryFrame (link
// layer + protocol decoder + checksum), and a whole capture through the stream reader. Frames come from the test
// fixtures (real captures). Run: npm run bench -- discovery-frames
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CaptureReader, decodeDiscoveryFrame, readCapture } from '../discovery/parsers/frames.ts';
import { opsPerSecond, type BenchFigure } from './report.ts';

/** How long each figure is measured. */
export interface FramesBenchInit {
  readonly durationMs: number;
}

const DEFAULT_INIT: FramesBenchInit = { durationMs: 1_000 };
const FIXTURES = join(process.cwd(), 'test/fixtures/lldp-cdp');

function frame(capture: string, frameNumber: number): Uint8Array {
  const found = readCapture(readFileSync(join(FIXTURES, capture))).value.frames[frameNumber - 1];
  if (found === undefined) throw new Error(`${capture} has no frame ${frameNumber}`);
  return found.data;
}

/** Runs the benchmark and returns decode rates in frames/s. */
export function runFramesBench(init: FramesBenchInit = DEFAULT_INIT): BenchFigure[] {
  const cases: [string, Uint8Array][] = [
    ['LLDP decode, lldpd 1.0.16 frame with MED + 802.3 (199 B)', frame('lldpd-live/lldpd-1.0.16-all-protocols.pcap', 1)],
    ['LLDP decode, Cisco 3560 frame (296 B)', frame('tcpdump/LLDP_and_CDP.pcap', 3)],
    ['LLDP decode, minimal frame (60 B)', frame('lldpd/seed-lldp.0.pcap', 1)],
    ['CDP decode + checksum, Catalyst 3560 CDPv2 (400 B)', frame('tcpdump/3560_CDP.pcap', 1)],
    ['CDP decode + checksum, IP phone CDPv2 (135 B)', frame('ladvd/good/cdp-49.good.phone.pcap', 1)],
  ];
  const figures: BenchFigure[] = cases.map(([name, bytes]) => ({
    name: name.replace(/\(\d+ B\)/, `(${bytes.length} B)`),
    value: opsPerSecond(() => decodeDiscoveryFrame(bytes), init.durationMs),
    unit: 'frames/s',
  }));
  // A mixed trace (LLDP + CDP + unrelated traffic) pushed through the stream reader in 4 KiB chunks, then decoded.
  const trace = new Uint8Array(readFileSync(join(FIXTURES, 'tcpdump/erspan-type-i-4.pcap')));
  let frames = 0;
  const tracesPerSecond = opsPerSecond(
    () => {
      const reader = new CaptureReader();
      for (let at = 0; at < trace.length; at += 4096) {
        for (const f of reader.push(trace.subarray(at, at + 4096))) {
          decodeDiscoveryFrame(f.data, f.linkType);
          frames++;
        }
      }
    },
    init.durationMs,
    10,
  );
  const perTrace = frames > 0 ? readCapture(trace).value.frames.length : 0;
  figures.push({ name: 'pcap stream read + classify/decode, mixed trace (119 frames)', value: tracesPerSecond * perTrace, unit: 'frames/s', extra: { traceBytes: trace.length } });
  return figures;
}
