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

const HEX8 = /^[0-9A-Fa-f]{8}$/;
const HEX32 = /^[0-9A-Fa-f]{32}$/;
const HEX4 = /^[0-9A-Fa-f]{4}$/;

/** Reads 8 hex digits as four bytes in the given host order (little: `0100007F` → [127, 0, 0, 1]). */
function wordBytes(hex: string, order: HostByteOrder): [number, number, number, number] {
  const w = parseInt(hex, 16);
  const b: [number, number, number, number] = [w >>> 24, (w >>> 16) & 255, (w >>> 8) & 255, w & 255];
  return order === 'little' ? [b[3], b[2], b[1], b[0]] : b;
}

/** Decodes an 8-digit IPv4 word; undefined when it is not 8 hex digits. */
export function decodeHexIpv4(hex: string, order: HostByteOrder = 'little'): string | undefined {
  if (!HEX8.test(hex)) return undefined;
  return wordBytes(hex, order).join('.');
}

/** Decodes a 32-digit IPv6 address (four host-order words) to its 16 bytes; undefined when malformed. */
export function decodeHexIpv6Bytes(hex: string, order: HostByteOrder = 'little'): number[] | undefined {
  if (!HEX32.test(hex)) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < 32; i += 8) bytes.push(...wordBytes(hex.slice(i, i + 8), order));
  return bytes;
}

/** Whether 16 bytes are an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`). */
export function isV4Mapped(bytes: readonly number[]): boolean {
  if (bytes.length !== 16 || bytes[10] !== 0xff || bytes[11] !== 0xff) return false;
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;
  return true;
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

/** The address half of an endpoint. */
export type HostAddress = Omit<SocketEndpoint, 'port'>;

/** Decodes the hex address part (8 or 32 digits); undefined when malformed. */
function decodeHexAddress(addrHex: string, order: HostByteOrder): HostAddress | undefined {
  if (addrHex.length === 8) {
    const v4 = decodeHexIpv4(addrHex, order);
    return v4 === undefined ? undefined : { family: 4, address: v4, ipv4: v4 };
  }
  const bytes = decodeHexIpv6Bytes(addrHex, order);
  if (bytes === undefined) return undefined;
  const address = formatIpv6(bytes);
  return isV4Mapped(bytes) ? { family: 6, address, ipv4: bytes.slice(12).join('.') } : { family: 6, address };
}

/**
 * Decodes `ADDR:PORT` from a /proc/net table (8 or 32 hex digits, a colon, 4 hex digits); undefined when malformed.
 * The family follows the address length, so a tcp6 row is recognised as IPv6 whatever file it came from.
 * `cache` (hex address → decoded address, owned by one parse and bounded by its row count) saves re-decoding the
 * few addresses a busy table repeats thousands of times.
 */
export function decodeHexEndpoint(field: string, order: HostByteOrder = 'little', cache?: Map<string, HostAddress | undefined>): SocketEndpoint | undefined {
  const colon = field.indexOf(':');
  if (colon < 0) return undefined;
  const portHex = field.slice(colon + 1);
  if (!HEX4.test(portHex)) return undefined;
  const addrHex = field.slice(0, colon);
  let host = cache?.get(addrHex);
  if (host === undefined) {
    host = decodeHexAddress(addrHex, order);
    cache?.set(addrHex, host);
  }
  if (host === undefined) return undefined;
  const port = parseInt(portHex, 16);
  return host.ipv4 === undefined ? { family: host.family, address: host.address, port } : { family: host.family, address: host.address, ipv4: host.ipv4, port };
}

/** Whether an endpoint's address is the wildcard (0.0.0.0, ::). */
export function isWildcardAddress(e: SocketEndpoint): boolean {
  return e.address === '0.0.0.0' || e.address === '::';
}
