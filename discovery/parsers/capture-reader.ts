/**
 * Incremental capture reader: feed it the bytes of a pcap or pcapng stream in chunks of any size (tcpdump writing
 * `-w -` into a pipe) and it returns each frame as soon as its record is complete. It holds back at most one
 * partial record, so memory is bounded by MAX_RECORD_BYTES / MAX_PCAPNG_BLOCK_BYTES. Pure: no I/O, no clock.
 *
 * @example
 * const reader = new CaptureReader();
 * child.stdout.on('data', (chunk) => { for (const f of reader.push(chunk)) handle(decodeDiscoveryFrame(f.data, f.linkType)); });
 * child.stdout.on('end', () => log(reader.end()));
 */
import type { CaptureFormat, CapturedFrame } from './capture-types.ts';
import { FrameDecodeError } from './frame-errors.ts';
import { plainView } from './frame-bytes.ts';
import type { FrameResult } from './frame-result.ts';
import { isPcapMagic, parsePcapHeader, parsePcapRecord, PCAP_HEADER_BYTES, type PcapHeader } from './pcap-classic.ts';
import { isPcapngMagic, newPcapngSection, parsePcapngBlock, type PcapngSection } from './pcapng.ts';

/** Reads a capture stream chunk by chunk. After it throws, the stream is unusable and every later push rethrows. */
export class CaptureReader {
  /** Unconsumed bytes: at most one partial record or block (see the bounds above). */
  #pending: Uint8Array = new Uint8Array(0);
  #format: CaptureFormat | undefined;
  #pcapHeader: PcapHeader | undefined;
  readonly #section: PcapngSection = newPcapngSection();
  #failure: FrameDecodeError | undefined;
  #frames = 0;

  /** The container format, once the first bytes have told it. */
  get format(): CaptureFormat | undefined {
    return this.#format;
  }

  /** Link type of a classic pcap stream (pcapng frames carry their own). */
  get linkType(): number | undefined {
    return this.#pcapHeader?.linkType;
  }

  /** Frames returned so far. */
  get frameCount(): number {
    return this.#frames;
  }

  /** Adds a chunk and returns the frames it completed. Throws FrameDecodeError on a corrupt or foreign stream. */
  push(chunk: Uint8Array): CapturedFrame[] {
    if (this.#failure !== undefined) throw this.#failure;
    const bytes = this.#pending.length === 0 ? plainView(chunk) : concat(this.#pending, chunk);
    const frames: CapturedFrame[] = [];
    let offset: number;
    try {
      offset = this.#parse(bytes, frames);
    } catch (error) {
      if (error instanceof FrameDecodeError) this.#failure = error;
      throw error;
    }
    // Copy the leftover so a caller's chunk is not kept alive (and is free to be reused) once consumed.
    this.#pending = offset === bytes.length ? new Uint8Array(0) : bytes.slice(offset);
    this.#frames += frames.length;
    return frames;
  }

  /** Call when the stream ends: warnings about what was left unread (a cut last record, no header at all). */
  end(): readonly string[] {
    const warnings: string[] = [];
    if (this.#format === undefined) warnings.push(this.#pending.length === 0 ? 'empty capture stream' : 'capture stream ended inside its file header');
    else if (this.#pending.length > 0) warnings.push(`capture stream ended inside a record (${this.#pending.length} bytes dropped)`);
    this.#pending = new Uint8Array(0);
    return warnings;
  }

  #parse(bytes: Uint8Array, frames: CapturedFrame[]): number {
    let offset = 0;
    if (this.#format === undefined) {
      if (bytes.length < 4) return 0;
      if (isPcapngMagic(bytes)) this.#format = 'pcapng';
      else if (isPcapMagic(bytes)) {
        if (bytes.length < PCAP_HEADER_BYTES) return 0;
        this.#pcapHeader = parsePcapHeader(bytes);
        this.#format = 'pcap';
        offset = PCAP_HEADER_BYTES;
      } else {
        throw new FrameDecodeError('DISC_FRAME_CAPTURE_MAGIC', 'stream is neither pcap nor pcapng', { magic: Array.from(bytes.subarray(0, 4)) });
      }
    }
    const header = this.#pcapHeader;
    for (;;) {
      if (header !== undefined) {
        const record = parsePcapRecord(bytes, offset, header);
        if (record === undefined) return offset;
        frames.push(record.frame);
        offset = record.next;
      } else {
        const block = parsePcapngBlock(bytes, offset, this.#section);
        if (block === undefined) return offset;
        if (block.frame !== undefined) frames.push(block.frame);
        offset = block.next;
      }
    }
  }
}

/** The frames of a whole capture file and how it ended. */
export interface Capture {
  readonly format: CaptureFormat;
  readonly frames: readonly CapturedFrame[];
}

/** Reads a whole pcap or pcapng file held in memory. Throws FrameDecodeError when it is not a capture or is corrupt. */
export function readCapture(bytes: Uint8Array): FrameResult<Capture> {
  const reader = new CaptureReader();
  const frames = reader.push(bytes);
  const warnings = reader.end();
  const format = reader.format;
  if (format === undefined) throw new FrameDecodeError('DISC_FRAME_TRUNCATED', 'capture shorter than its file header', { length: bytes.length });
  return { value: { format, frames }, warnings };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
