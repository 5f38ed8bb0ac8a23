/**
 * Parser for the socket tables /proc/net/{tcp,tcp6,udp,udp6} (one row per socket in this network namespace).
 * Column layouts, from net/ipv4/tcp_ipv4.c, net/ipv6/tcp_ipv6.c and net/ipv4/udp.c:
 *
 * ```
 *   sl  local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode | extras
 *   tcp, tcp6 full socket:     refcnt pointer rto ato qack<<1|pingpong cwnd ssthresh   (17 fields)
 *   tcp TIME_WAIT / request:   refcnt pointer                                           (12 fields)
 *   udp, udp6:                 ref pointer drops                                        (13 fields)
 * ```
 *
 * Rows that lack one of the first ten fields, or whose address, state or numbers are not what the kernel
 * prints, are skipped with a warning; odd extras are kept raw with a warning. Only a missing header throws.
 */
import { DiscoveryError } from '../errors.ts';
import { decodeHexEndpoint, type HostAddress, type HostByteOrder, type SocketEndpoint } from './hex-address.ts';
import { toText, WarningSink, type ParseResult, type TextInput } from './parse-result.ts';
import { socketStateName, type SocketState } from './socket-states.ts';

/** Which /proc/net file a text came from. */
export type ProcNetTable = 'tcp' | 'tcp6' | 'udp' | 'udp6';

/** What the `tr` column says is pending (0–4 in the kernel; anything else is `unknown`). */
export type SocketTimer = 'none' | 'retransmit' | 'keepalive' | 'time_wait' | 'zero_window_probe' | 'unknown';

const TIMERS: readonly SocketTimer[] = ['none', 'retransmit', 'keepalive', 'time_wait', 'zero_window_probe'];

/** The seven TCP-only columns of a full TCP socket row. */
export interface TcpExtras {
  /** Retransmission timeout, in clock ticks (USER_HZ, normally 100 per second). */
  readonly rtoTicks: number;
  /** Delayed-ACK timeout, in clock ticks. */
  readonly atoTicks: number;
  /** `(quick << 1) | pingpong` of the delayed-ACK machinery. */
  readonly quickAckPingpong: number;
  /** Congestion window, in segments. */
  readonly congestionWindowSegments: number;
  /** Slow-start threshold in segments; -1 while in initial slow start; for LISTEN the fast-open queue limit. */
  readonly slowStartThreshold: number;
}

/** One socket row of a /proc/net/{tcp,tcp6,udp,udp6} table, every column decoded. */
export interface ProcNetSocket {
  readonly table: ProcNetTable;
  readonly protocol: 'tcp' | 'udp';
  /** Address family of the row (from the address length; agrees with the table unless a warning says not). */
  readonly family: 4 | 6;
  /** `sl`: the row number (tcp) or hash slot (udp). Not unique for udp. */
  readonly slot: number;
  readonly local: SocketEndpoint;
  /** The peer; 0.0.0.0:0 / [::]:0 for a listener or an unconnected UDP socket. */
  readonly remote: SocketEndpoint;
  /** The raw `st` code. */
  readonly stateCode: number;
  readonly state: SocketState;
  /** Bytes not yet acknowledged (tcp) or queued for sending (udp). */
  readonly txQueueBytes: number;
  /** Bytes not yet read (tcp, udp incl. overhead); for LISTEN the accept-queue length. */
  readonly rxQueueBytes: number;
  readonly timer: SocketTimer;
  /** Raw `tr` column. */
  readonly timerCode: number;
  /** `tm->when`: clock ticks until the timer fires. */
  readonly timerExpiresTicks: number;
  /** Unrecovered retransmit timeouts (`retrnsmt`). */
  readonly retransmits: number;
  /** Owner's uid (the listener's uid for a request socket); 0 for TIME_WAIT. */
  readonly uid: number;
  /** `timeout`: unanswered zero-window / keepalive probes (tcp), 0 for udp. */
  readonly probes: number;
  /** Socket inode: what `/proc/<pid>/fd/N → socket:[inode]` names. 0 for TIME_WAIT and request sockets. */
  readonly inode: number;
  readonly refCount?: number;
  /** Kernel socket pointer in hex (hashed or zeroed for unprivileged readers; differs between reads). */
  readonly pointer?: string;
  /** Present on full TCP rows (17 fields). */
  readonly tcp?: TcpExtras;
  /** Datagrams dropped (udp rows). */
  readonly drops?: number;
  /** Trailing fields of no known layout, kept raw (a warning says so). */
  readonly extraFields?: readonly string[];
}

/** Options for {@link parseProcNet}. */
export interface ProcNetOptions {
  /** Byte order of the host the text came from (default `little`, as on x86 and arm64). */
  readonly byteOrder?: HostByteOrder;
}

const HEADER = /^sl\s+local_address\s/;
const WHITESPACE = /\s+/;
const HEX_RE = /^[0-9A-Fa-f]{1,16}$/;
const UINT_RE = /^\d{1,16}$/;
const INT_RE = /^-?\d{1,16}$/;

function hex(s: string | undefined): number | undefined {
  return s !== undefined && HEX_RE.test(s) ? parseInt(s, 16) : undefined;
}
function uint(s: string | undefined): number | undefined {
  return s !== undefined && UINT_RE.test(s) ? Number(s) : undefined;
}
function int(s: string | undefined): number | undefined {
  return s !== undefined && INT_RE.test(s) ? Number(s) : undefined;
}
function pair(s: string | undefined, parse: (x: string) => number | undefined): [number, number] | undefined {
  const i = s?.indexOf(':') ?? -1;
  if (s === undefined || i < 0) return undefined;
  const a = parse(s.slice(0, i));
  const b = parse(s.slice(i + 1));
  return a === undefined || b === undefined ? undefined : [a, b];
}

/**
 * Parses the text of /proc/net/tcp, tcp6, udp or udp6. Throws {@link DiscoveryError} `DISC_BAD_HEADER` when the
 * first non-blank line is not the `sl local_address …` header; every other problem is a warning.
 */
export function parseProcNet(input: TextInput, table: ProcNetTable, options: ProcNetOptions = {}): ParseResult<ProcNetSocket[]> {
  const parser = new ProcNetLineParser(table, options);
  const sockets: ProcNetSocket[] = [];
  for (const line of toText(input).split('\n')) {
    const row = parser.line(line);
    if (row !== undefined) sockets.push(row);
  }
  return { value: sockets, warnings: parser.finish() };
}

/**
 * The same parser one line at a time, for a reader that streams the table instead of holding its text (pure:
 * the caller does the I/O). Feed every line in order (without its newline), then call `finish()`, which throws
 * `DISC_BAD_HEADER` if no header came and returns the warnings. `line()` throws the same error when a row comes
 * before the header.
 */
export class ProcNetLineParser {
  readonly #table: ProcNetTable;
  readonly #order: HostByteOrder;
  readonly #protocol: 'tcp' | 'udp';
  readonly #wantFamily: 4 | 6;
  readonly #sink = new WarningSink();
  /** Hex address → decoded address; bounded by the number of rows. */
  readonly #cache = new Map<string, HostAddress | undefined>();
  #headerSeen = false;
  #lineNo = 0;

  constructor(table: ProcNetTable, options: ProcNetOptions = {}) {
    this.#table = table;
    this.#order = options.byteOrder ?? 'little';
    this.#protocol = table.startsWith('tcp') ? 'tcp' : 'udp';
    this.#wantFamily = table.endsWith('6') ? 6 : 4;
  }

  /** The socket of one line, or undefined (header, blank line, or a row skipped with a warning). */
  line(raw: string): ProcNetSocket | undefined {
    this.#lineNo += 1;
    const line = raw.trim();
    if (line === '') return undefined;
    if (line.startsWith('sl') && HEADER.test(line)) {
      this.#headerSeen = true;
      return undefined;
    }
    const table = this.#table;
    if (!this.#headerSeen) throw new DiscoveryError('DISC_BAD_HEADER', `/proc/net/${table}: first line is not the "sl local_address" header`, { excerpt: line.slice(0, 80) });
    const i = this.#lineNo;
    const row = parseRow(line.split(WHITESPACE), table, this.#protocol, this.#order, this.#cache);
    if (typeof row === 'string') {
      this.#sink.warn(i, row, raw);
      return undefined;
    }
    if (row.family !== this.#wantFamily) this.#sink.warn(i, `IPv${row.family} row in /proc/net/${table}`, raw);
    if (row.state === 'UNKNOWN') this.#sink.warn(i, `unknown ${this.#protocol} state code 0x${row.stateCode.toString(16)}`, raw);
    if (row.extraFields !== undefined) this.#sink.warn(i, `${row.extraFields.length} trailing fields of no known ${this.#protocol} layout kept raw`, raw);
    return row;
  }

  /** The warnings of the whole table; throws `DISC_BAD_HEADER` if the header never came. */
  finish(): ParseResult<null>['warnings'] {
    if (!this.#headerSeen) throw new DiscoveryError('DISC_BAD_HEADER', `/proc/net/${this.#table}: empty input, no header`);
    return this.#sink.result(null).warnings;
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Decodes one row's fields, or says why not. */
function parseRow(
  f: readonly string[],
  table: ProcNetTable,
  protocol: 'tcp' | 'udp',
  order: HostByteOrder,
  cache: Map<string, HostAddress | undefined>,
): ProcNetSocket | string {
  if (f.length < 10) return `row has ${f.length} fields, need at least 10`;
  const slotField = f[0] ?? '';
  const slot = slotField.endsWith(':') ? uint(slotField.slice(0, -1)) : undefined;
  if (slot === undefined) return 'bad sl field';
  const local = decodeHexEndpoint(f[1] ?? '', order, cache);
  const remote = decodeHexEndpoint(f[2] ?? '', order, cache);
  if (local === undefined || remote === undefined) return 'bad hex address:port';
  if (local.family !== remote.family) return 'local and remote address families differ';
  const stateCode = (f[3] ?? '').length <= 2 ? hex(f[3]) : undefined;
  if (stateCode === undefined) return 'bad st field';
  const queues = pair(f[4], hex);
  const timer = pair(f[5], hex);
  const retransmits = hex(f[6]);
  const uid = uint(f[7]);
  const probes = int(f[8]);
  const inode = uint(f[9]);
  if (queues === undefined || timer === undefined || retransmits === undefined || uid === undefined || probes === undefined || inode === undefined) {
    return 'bad number in the queue, timer, retrnsmt, uid, timeout or inode column';
  }
  const row: Mutable<ProcNetSocket> = {
    table,
    protocol,
    family: local.family,
    slot,
    local,
    remote,
    stateCode,
    state: socketStateName(protocol, stateCode),
    txQueueBytes: queues[0],
    rxQueueBytes: queues[1],
    timer: TIMERS[timer[0]] ?? 'unknown',
    timerCode: timer[0],
    timerExpiresTicks: timer[1],
    retransmits,
    uid,
    probes,
    inode,
  };
  if (f.length > 10) addExtras(row, f, protocol);
  return row;
}

/** refcnt and pointer (all layouts), then tcp's five or udp's one; anything else is kept raw. */
function addExtras(row: Mutable<ProcNetSocket>, f: readonly string[], protocol: 'tcp' | 'udp'): void {
  const refCount = int(f[10]);
  const pointer = f[11];
  if (refCount === undefined || pointer === undefined || !HEX_RE.test(pointer)) {
    row.extraFields = f.slice(10);
    return;
  }
  row.refCount = refCount;
  row.pointer = pointer;
  const extra = f.length - 12;
  if (extra === 0) return;
  if (protocol === 'tcp' && extra === 5) {
    const [rto, ato, qack, cwnd, ssthresh] = [uint(f[12]), uint(f[13]), uint(f[14]), uint(f[15]), int(f[16])];
    if (rto !== undefined && ato !== undefined && qack !== undefined && cwnd !== undefined && ssthresh !== undefined) {
      row.tcp = { rtoTicks: rto, atoTicks: ato, quickAckPingpong: qack, congestionWindowSegments: cwnd, slowStartThreshold: ssthresh };
      return;
    }
  }
  if (protocol === 'udp' && extra === 1) {
    const drops = uint(f[12]);
    if (drops !== undefined) {
      row.drops = drops;
      return;
    }
  }
  row.extraFields = f.slice(12);
}

/** Parses /proc/net/tcp (see {@link parseProcNet}). */
export function parseProcNetTcp(input: TextInput, options?: ProcNetOptions): ParseResult<ProcNetSocket[]> {
  return parseProcNet(input, 'tcp', options);
}
/** Parses /proc/net/tcp6 (see {@link parseProcNet}). */
export function parseProcNetTcp6(input: TextInput, options?: ProcNetOptions): ParseResult<ProcNetSocket[]> {
  return parseProcNet(input, 'tcp6', options);
}
/** Parses /proc/net/udp (see {@link parseProcNet}). */
export function parseProcNetUdp(input: TextInput, options?: ProcNetOptions): ParseResult<ProcNetSocket[]> {
  return parseProcNet(input, 'udp', options);
}
/** Parses /proc/net/udp6 (see {@link parseProcNet}). */
export function parseProcNetUdp6(input: TextInput, options?: ProcNetOptions): ParseResult<ProcNetSocket[]> {
  return parseProcNet(input, 'udp6', options);
}
