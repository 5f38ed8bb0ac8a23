/**
 * Builders for capture containers in every variant the reader must handle (classic pcap in both byte orders with
 * µs or ns timestamps, pcapng with EPB / SPB / obsolete packet blocks, several sections and interfaces) and for
 * Linux cooked link headers, so the real Ethernet captures can be re-wrapped and read back.
 */

/** A frame to write. */
export interface FrameSpec {
  readonly data: Uint8Array;
  readonly timestampSec: number;
  readonly timestampNsec: number;
  readonly originalLength?: number;
}

/** Little helper writing integers in a chosen byte order. */
class Writer {
  readonly #parts: number[] = [];
  readonly #le: boolean;

  constructor(littleEndian: boolean) {
    this.#le = littleEndian;
  }

  u8(v: number): this {
    this.#parts.push(v & 0xff);
    return this;
  }

  u16(v: number): this {
    return this.#le ? this.u8(v).u8(v >> 8) : this.u8(v >> 8).u8(v);
  }

  u32(v: number): this {
    return this.#le ? this.u16(v & 0xffff).u16(v >>> 16) : this.u16(v >>> 16).u16(v & 0xffff);
  }

  bytes(b: Uint8Array | readonly number[]): this {
    for (const x of b) this.#parts.push(x);
    return this;
  }

  pad4(): this {
    while (this.#parts.length % 4 !== 0) this.#parts.push(0);
    return this;
  }

  get length(): number {
    return this.#parts.length;
  }

  done(): Uint8Array {
    return Uint8Array.from(this.#parts);
  }
}

/** A classic pcap file. */
export function buildPcap(frames: readonly FrameSpec[], options: { littleEndian?: boolean; nanoseconds?: boolean; linkType?: number; versionMajor?: number } = {}): Uint8Array {
  const w = new Writer(options.littleEndian ?? true);
  w.u32(options.nanoseconds === true ? 0xa1b23c4d : 0xa1b2c3d4).u16(options.versionMajor ?? 2).u16(4).u32(0).u32(0).u32(262_144).u32(options.linkType ?? 1);
  for (const f of frames) {
    const fraction = options.nanoseconds === true ? f.timestampNsec : Math.floor(f.timestampNsec / 1000);
    w.u32(f.timestampSec).u32(fraction).u32(f.data.length).u32(f.originalLength ?? f.data.length).bytes(f.data);
  }
  return w.done();
}

/** One pcapng block: type, body (padded to 4), lengths. */
export function pcapngBlock(type: number, body: Uint8Array, littleEndian = true): Uint8Array {
  const padded = body.length + ((4 - (body.length % 4)) % 4);
  const total = 12 + padded;
  return new Writer(littleEndian).u32(type).u32(total).bytes(body).pad4().u32(total).done();
}

/** Options of one pcapng section. */
export interface PcapngSectionSpec {
  readonly littleEndian?: boolean;
  /** One entry per interface: link type and raw if_tsresol byte (omitted = default µs). */
  readonly interfaces?: readonly { readonly linkType: number; readonly tsresol?: number }[];
  /** Frames and the interface they came from; `simple` writes an SPB (no timestamp, interface 0). */
  readonly packets: readonly { readonly frame: FrameSpec; readonly interfaceId?: number; readonly kind?: 'epb' | 'spb' | 'obsolete' }[];
  /** Add an unknown block type and a Name Resolution Block between packets. */
  readonly noise?: boolean;
}

/** A pcapng stream of one or more sections. */
export function buildPcapng(sections: readonly PcapngSectionSpec[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const section of sections) {
    const le = section.littleEndian ?? true;
    parts.push(pcapngBlock(0x0a0d0d0a, new Writer(le).u32(0x1a2b3c4d).u16(1).u16(0).u32(0xffffffff).u32(0xffffffff).done(), le));
    for (const iface of section.interfaces ?? [{ linkType: 1 }]) {
      const w = new Writer(le).u16(iface.linkType).u16(0).u32(262_144);
      w.u16(2).u16(4).bytes([0x65, 0x74, 0x68, 0x30]); // if_name "eth0"
      if (iface.tsresol !== undefined) w.u16(9).u16(1).u8(iface.tsresol).pad4();
      w.u16(0).u16(0);
      parts.push(pcapngBlock(1, w.done(), le));
    }
    for (const { frame, interfaceId = 0, kind = 'epb' } of section.packets) {
      if (section.noise === true) {
        parts.push(pcapngBlock(0x0bad_cafe, Uint8Array.from([1, 2, 3, 4, 5]), le));
        parts.push(pcapngBlock(4, new Writer(le).u16(0).u16(0).done(), le));
      }
      const resolution = section.interfaces?.[interfaceId]?.tsresol;
      const ticks = ticksOf(frame, resolution);
      const original = frame.originalLength ?? frame.data.length;
      if (kind === 'spb') parts.push(pcapngBlock(3, new Writer(le).u32(original).bytes(frame.data).pad4().done(), le));
      else if (kind === 'obsolete') {
        const w = new Writer(le).u16(interfaceId).u16(0).u32(Number(ticks >> 32n)).u32(Number(ticks & 0xffffffffn));
        parts.push(pcapngBlock(2, w.u32(frame.data.length).u32(original).bytes(frame.data).pad4().done(), le));
      } else {
        const w = new Writer(le).u32(interfaceId).u32(Number(ticks >> 32n)).u32(Number(ticks & 0xffffffffn));
        parts.push(pcapngBlock(6, w.u32(frame.data.length).u32(original).bytes(frame.data).pad4().u16(0).u16(0).done(), le));
      }
    }
  }
  return concat(parts);
}

function ticksOf(frame: FrameSpec, tsresol: number | undefined): bigint {
  const resolution = tsresol ?? 6;
  const perSecond = (resolution & 0x80) === 0 ? 10n ** BigInt(resolution) : 2n ** BigInt(resolution & 0x7f);
  return BigInt(frame.timestampSec) * perSecond + (BigInt(frame.timestampNsec) * perSecond) / 1_000_000_000n;
}

/** Re-wraps an Ethernet frame as Linux cooked v1 (the destination MAC is lost, as in real captures). */
export function toCookedV1(ethernet: Uint8Array, packetType = 2): Uint8Array {
  const header = new Writer(false).u16(packetType).u16(1).u16(6).bytes(ethernet.subarray(6, 12)).u16(0).done();
  return concat([header, cookedBody(ethernet)]);
}

/** Re-wraps an Ethernet frame as Linux cooked v2. */
export function toCookedV2(ethernet: Uint8Array, interfaceIndex: number, packetType = 2): Uint8Array {
  const body = cookedBody(ethernet);
  const protocol = ((body[0] ?? 0) << 8) | (body[1] ?? 0);
  const header = new Writer(false).u16(protocol).u16(0).u32(interfaceIndex).u16(1).u8(packetType).u8(6).bytes(ethernet.subarray(6, 12)).u16(0).done();
  return concat([header, body.subarray(2)]);
}

/**
 * What follows the addresses in a cooked header: the EtherType (or 0x0004 for an 802.3 length-framed frame, whose
 * length field is dropped) and the rest. VLAN tags stay in place, as libpcap re-inserts them.
 */
function cookedBody(ethernet: Uint8Array): Uint8Array {
  let at = 12;
  const tags: number[] = [];
  while ([0x8100, 0x88a8].includes(((ethernet[at] ?? 0) << 8) | (ethernet[at + 1] ?? 0))) {
    tags.push(...ethernet.subarray(at, at + 4));
    at += 4;
  }
  const type = ((ethernet[at] ?? 0) << 8) | (ethernet[at + 1] ?? 0);
  if (type > 1500) return concat([Uint8Array.from(tags), ethernet.subarray(at)]);
  // A length-framed frame: the (innermost) type becomes 0x0004 and the 802.3 length field is gone. Zero padding
  // stays, as in real cooked captures of short frames; a non-zero trailer (an FCS) goes, as Linux strips it.
  const llc = ethernet.subarray(at + 2);
  const trailer = llc.subarray(type);
  return concat([Uint8Array.from([...tags, 0x00, 0x04]), trailer.every((b) => b === 0) ? llc : llc.subarray(0, type)]);
}

/** Concatenates byte arrays. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
