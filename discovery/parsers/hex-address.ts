/**
 * The kernel's hex socket addresses in /proc/net/{tcp,tcp6,udp,udp6}.
 *
 * The endianness rule: the kernel prints each 32-bit word of the address with `%08X` from the word as it sits in
 * memory, i.e. in *host* byte order. On a little-endian host (x86, arm64) an IPv4 word therefore reads backwards
 * (`0100007F` = 127.0.0.1) and an IPv6 address is four such words, each reversed on its own
 * (`00000000000000000000000001000000` = ::1). Ports are printed from `ntohs()` and are plain big-endian hex
 * (`1F90` = 8080). See net/ipv4/tcp_ipv4.c `get_tcp4_sock` and net/ipv6/tcp_ipv6.c `get_tcp6_sock`.
 */

/** Byte order of the host that produced the text; procfs never says, the collector knows (`os.endianness()`). */
export type HostByteOrder = 'little' | 'big';

/** An address and port as shown by `ss`. */
export interface SocketEndpoint {
  /** 4 for an IPv4 address (tcp/udp tables), 6 for IPv6 (tcp6/udp6, including IPv4-mapped addresses). */
  readonly family: 4 | 6;
  /** Canonical text: dotted quad, or RFC 5952 IPv6 (`::1`, `fe80::…`, `::ffff:198.18.1.1` for IPv4-mapped). */
  readonly address: string;
  /** The IPv4 address for family 4, and for an IPv4-mapped IPv6 address (a dual-stack socket); else absent. */
  readonly ipv4?: string;
  readonly port: number;
}

const HEX = /^[0-9A-Fa-f]+$/;

/** Reads 8 hex digits as four bytes in the given host order (little: `0100007F` → [127, 0, 0, 1]). */
function wordBytes(hex: string, order: HostByteOrder): number[] {
  const b = [0, 2, 4, 6].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return order === 'little' ? b.reverse() : b;
}

/** Decodes an 8-digit IPv4 word; undefined when it is not 8 hex digits. */
export function decodeHexIpv4(hex: string, order: HostByteOrder = 'little'): string | undefined {
  if (hex.length !== 8 || !HEX.test(hex)) return undefined;
  return wordBytes(hex, order).join('.');
}

/** Decodes a 32-digit IPv6 address (four host-order words) to its 16 bytes; undefined when malformed. */
export function decodeHexIpv6Bytes(hex: string, order: HostByteOrder = 'little'): number[] | undefined {
  if (hex.length !== 32 || !HEX.test(hex)) return undefined;
  return [0, 8, 16, 24].flatMap((i) => wordBytes(hex.slice(i, i + 8), order));
}

/** Whether 16 bytes are an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`). */
export function isV4Mapped(bytes: readonly number[]): boolean {
  return bytes.length === 16 && bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
}

/** Formats 16 bytes as RFC 5952 text: lower case, the longest run (≥ 2) of zero groups as `::`, v4-mapped dotted. */
export function formatIpv6(bytes: readonly number[]): string {
  if (isV4Mapped(bytes)) return `::ffff:${bytes.slice(12).join('.')}`;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  let bestStart = -1;
  let bestLen = 1; // a single zero group is never compressed
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [bestStart, bestLen] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/**
 * Decodes `ADDR:PORT` from a /proc/net table (8 or 32 hex digits, a colon, 4 hex digits); undefined when malformed.
 * The family follows the address length, so a tcp6 row is recognised as IPv6 whatever file it came from.
 */
export function decodeHexEndpoint(field: string, order: HostByteOrder = 'little'): SocketEndpoint | undefined {
  const colon = field.indexOf(':');
  if (colon < 0) return undefined;
  const portHex = field.slice(colon + 1);
  if (portHex.length !== 4 || !HEX.test(portHex)) return undefined;
  const port = parseInt(portHex, 16);
  const addrHex = field.slice(0, colon);
  if (addrHex.length === 8) {
    const v4 = decodeHexIpv4(addrHex, order);
    return v4 === undefined ? undefined : { family: 4, address: v4, ipv4: v4, port };
  }
  const bytes = decodeHexIpv6Bytes(addrHex, order);
  if (bytes === undefined) return undefined;
  const address = formatIpv6(bytes);
  return isV4Mapped(bytes) ? { family: 6, address, ipv4: bytes.slice(12).join('.'), port } : { family: 6, address, port };
}

/** Whether an endpoint's address is the wildcard (0.0.0.0, ::). */
export function isWildcardAddress(e: SocketEndpoint): boolean {
  return e.address === '0.0.0.0' || e.address === '::';
}
