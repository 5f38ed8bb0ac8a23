/**
 * Byte reading and formatting shared by the frame decoders. Readers assume the caller checked bounds (with
 * `need` or a length test) and read missing bytes as 0 rather than throwing; formatters never throw.
 */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const TEXT = new TextDecoder('utf-8', { fatal: false });

/** Unsigned 8-bit value at `offset`. */
export function u8(bytes: Uint8Array, offset: number): number {
  return bytes[offset] ?? 0;
}

/** Big-endian unsigned 16-bit value at `offset`. */
export function u16(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] ?? 0) << 8) | (bytes[offset + 1] ?? 0);
}

/** Big-endian unsigned 24-bit value at `offset`. */
export function u24(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] ?? 0) << 16) | ((bytes[offset + 1] ?? 0) << 8) | (bytes[offset + 2] ?? 0);
}

/** Big-endian unsigned 32-bit value at `offset`. */
export function u32(bytes: Uint8Array, offset: number): number {
  return (((bytes[offset] ?? 0) << 24) | ((bytes[offset + 1] ?? 0) << 16) | ((bytes[offset + 2] ?? 0) << 8) | (bytes[offset + 3] ?? 0)) >>> 0;
}

/** Lower-case hex without separators ("0080c2"). */
export function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += HEX[b] ?? '';
  return out;
}

/** Colon-separated lower-case hex ("00:19:2f:a7:b2:8d"): MAC addresses and OUIs. */
export function colonHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += (i === 0 ? '' : ':') + (HEX[bytes[i] ?? 0] ?? '');
  return out;
}

/** Dotted-quad IPv4 text. */
export function ipv4(bytes: Uint8Array): string {
  return `${u8(bytes, 0)}.${u8(bytes, 1)}.${u8(bytes, 2)}.${u8(bytes, 3)}`;
}

/** RFC 5952 IPv6 text: lower case, leading zeros dropped, the longest run (≥ 2) of zero groups as "::". */
export function ipv6(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(u16(bytes, i));
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength && j - i >= 2) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestStart === 0 && bestLength === 5 && groups[5] === 0xffff) return `::ffff:${ipv4(bytes.subarray(12))}`;
  const text = (from: number, to: number): string => groups.slice(from, to).map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return text(0, 8);
  return `${text(0, bestStart)}::${text(bestStart + bestLength, 8)}`;
}

/**
 * Text of a string TLV: UTF-8 (invalid sequences become U+FFFD), with trailing NULs removed — Extreme strings are
 * NUL-terminated inside the TLV and Cisco inventory strings are NUL-padded.
 */
export function text(bytes: Uint8Array): string {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  return TEXT.decode(bytes.subarray(0, end));
}

/** True when every byte is printable ASCII or common whitespace (so `text` shows it faithfully). */
export function isPrintable(bytes: Uint8Array): boolean {
  for (const b of bytes) if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b > 0x7e) return false;
  return true;
}

/**
 * Dotted text of a BER-encoded OBJECT IDENTIFIER value ("1.3.6.1.4.1.9"), or undefined when the encoding is
 * malformed (an unfinished sub-identifier or one over 2^53).
 */
export function berOid(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return undefined;
  const arcs: number[] = [];
  let value = 0;
  let open = false;
  for (const b of bytes) {
    value = value * 128 + (b & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER) return undefined;
    open = (b & 0x80) !== 0;
    if (!open) {
      if (arcs.length === 0) arcs.push(value < 40 ? 0 : value < 80 ? 1 : 2, value < 80 ? value % 40 : value - 80);
      else arcs.push(value);
      value = 0;
    }
  }
  return open ? undefined : arcs.join('.');
}

/**
 * The same bytes as a plain Uint8Array view. Node Buffers (what streams and fs hand out) make every `subarray`
 * allocate through Buffer's species constructor, which dominates a TLV walk; a plain view avoids it.
 */
export function plainView(bytes: Uint8Array): Uint8Array {
  return Object.getPrototypeOf(bytes) === Uint8Array.prototype ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
