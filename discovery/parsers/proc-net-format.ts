/**
 * The inverse of {@link parseProcNet}: prints sockets the way the kernel does (same widths and hex byte order).
 * The simulator uses it to give virtual hosts a /proc, tests use it for round trips and large tables.
 */
import { DiscoveryError } from '../errors.ts';
import type { HostByteOrder, SocketEndpoint } from './hex-address.ts';
import type { ProcNetSocket, ProcNetTable } from './proc-net.ts';

const HEADERS: Readonly<Record<ProcNetTable, string>> = {
  tcp: '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
  tcp6: '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
  udp: '   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops',
  udp6: '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops',
};

/** The header line of a table, as the kernel prints it (without the tcp trailing padding). */
export function procNetHeader(table: ProcNetTable): string {
  return HEADERS[table];
}

function hex(n: number, width: number): string {
  return n.toString(16).toUpperCase().padStart(width, '0');
}

function wordHex(bytes: readonly number[], order: HostByteOrder): string {
  const b = order === 'little' ? [...bytes].reverse() : bytes;
  return b.map((x) => hex(x, 2)).join('');
}

/** Parses IPv4 dotted text to 4 bytes; undefined when malformed. */
function ipv4Bytes(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.map(Number);
}

/** Parses IPv6 text (with `::` and an optional dotted IPv4 tail) to 16 bytes; undefined when malformed. */
export function ipv6Bytes(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const toGroups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    for (const part of s.split(':')) {
      const v4 = part.includes('.') ? ipv4Bytes(part) : undefined;
      if (v4 !== undefined) out.push((v4[0] ?? 0) * 256 + (v4[1] ?? 0), (v4[2] ?? 0) * 256 + (v4[3] ?? 0));
      else if (/^[0-9a-fA-F]{1,4}$/.test(part)) out.push(parseInt(part, 16));
      else return undefined;
    }
    return out;
  };
  const head = toGroups(halves[0] ?? '');
  const tail = halves.length === 2 ? toGroups(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined;
  return [...head, ...Array<number>(fill).fill(0), ...tail].flatMap((g) => [g >> 8, g & 0xff]);
}

/** Prints an endpoint as `ADDR:PORT` in the kernel's hex, host byte order per 32-bit word. */
export function encodeHexEndpoint(e: SocketEndpoint, order: HostByteOrder = 'little'): string {
  const bytes = e.family === 4 ? ipv4Bytes(e.address) : ipv6Bytes(e.address);
  if (bytes === undefined) throw new DiscoveryError('DISC_BAD_ADDRESS', `not an IPv${e.family} address: ${e.address}`, { address: e.address });
  let addr = '';
  for (let i = 0; i < bytes.length; i += 4) addr += wordHex(bytes.slice(i, i + 4), order);
  return `${addr}:${hex(e.port, 4)}`;
}

/** Prints one socket as a row of its table (the kernel's field widths; TIME_WAIT-style rows when no extras). */
export function formatProcNetRow(s: ProcNetSocket, order: HostByteOrder = 'little'): string {
  const sl = `${s.slot}:`.padStart(s.protocol === 'udp' ? 6 : 5);
  let row =
    `${sl} ${encodeHexEndpoint(s.local, order)} ${encodeHexEndpoint(s.remote, order)} ${hex(s.stateCode, 2)} ` +
    `${hex(s.txQueueBytes, 8)}:${hex(s.rxQueueBytes, 8)} ${hex(s.timerCode, 2)}:${hex(s.timerExpiresTicks, 8)} ` +
    `${hex(s.retransmits, 8)} ${String(s.uid).padStart(5)} ${String(s.probes).padStart(8)} ${s.inode}`;
  if (s.refCount !== undefined && s.pointer !== undefined) row += ` ${s.refCount} ${s.pointer}`;
  if (s.tcp !== undefined) {
    const t = s.tcp;
    row += ` ${t.rtoTicks} ${t.atoTicks} ${t.quickAckPingpong} ${t.congestionWindowSegments} ${t.slowStartThreshold}`;
  }
  if (s.drops !== undefined) row += ` ${s.drops}`;
  if (s.extraFields !== undefined) row += ` ${s.extraFields.join(' ')}`;
  return row;
}

/** Prints a whole table: header, then one row per socket, newline-terminated. */
export function formatProcNet(table: ProcNetTable, sockets: readonly ProcNetSocket[], order: HostByteOrder = 'little'): string {
  return `${[procNetHeader(table), ...sockets.map((s) => formatProcNetRow(s, order))].join('\n')}\n`;
}
