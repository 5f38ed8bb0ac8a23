// Builders for /proc discovery tests and the procfs benchmark: fixture reading, synthetic socket tables, and a
// reader for `ss -H -tuanpe` output (the oracle of the live captures).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatProcNet, type ProcNetSocket, type SocketEndpoint } from '../../discovery/index.ts';

const FIXTURES = join(process.cwd(), 'test/fixtures/procfs');

/** A fixture file as text (relative to test/fixtures/procfs). */
export function fixture(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}

/** A fixture file as bytes. */
export function fixtureBytes(path: string): Uint8Array {
  return readFileSync(join(FIXTURES, path));
}

const v4 = (address: string, port: number): SocketEndpoint => ({ family: 4, address, ipv4: address, port });

/** States cycled through by {@link syntheticTcpSocket}: mostly ESTABLISHED and TIME_WAIT, some LISTEN. */
const STATE_CYCLE = [0x01, 0x01, 0x06, 0x01, 0x0a, 0x01, 0x06, 0x08, 0x01, 0x02, 0x04, 0x01, 0x06, 0x05, 0x01, 0x09, 0x01, 0x0b, 0x01, 0x03] as const;
const STATE_NAMES: Readonly<Record<number, ProcNetSocket['state']>> = {
  0x01: 'ESTABLISHED', 0x02: 'SYN_SENT', 0x03: 'SYN_RECV', 0x04: 'FIN_WAIT1', 0x05: 'FIN_WAIT2', 0x06: 'TIME_WAIT', 0x08: 'CLOSE_WAIT', 0x09: 'LAST_ACK', 0x0a: 'LISTEN', 0x0b: 'CLOSING',
};

/** The i-th socket of a deterministic busy-server /proc/net/tcp (TIME_WAIT and SYN_RECV rows have 12 fields). */
export function syntheticTcpSocket(i: number): ProcNetSocket {
  const stateCode = STATE_CYCLE[i % STATE_CYCLE.length] ?? 1;
  const short = stateCode === 0x06 || stateCode === 0x03;
  const listen = stateCode === 0x0a;
  const local = v4(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, listen ? 1024 + (i % 50_000) : 80);
  const remote = listen ? v4('0.0.0.0', 0) : v4(`172.16.${(i * 7) & 255}.${(i * 13) & 255}`, 1024 + ((i * 31) % 64_000));
  const base: ProcNetSocket = {
    table: 'tcp', protocol: 'tcp', family: 4, slot: i, local, remote, stateCode, state: STATE_NAMES[stateCode] ?? 'UNKNOWN',
    txQueueBytes: i % 3 === 0 ? i : 0, rxQueueBytes: i % 5 === 0 ? 2 * i : 0,
    timer: short ? 'time_wait' : 'none', timerCode: short ? 3 : 0, timerExpiresTicks: short ? i % 6000 : 0,
    retransmits: 0, uid: short ? 0 : 1000 + (i % 7), probes: 0, inode: short ? 0 : 100_000 + i,
    refCount: short ? 3 : 1, pointer: '0000000000000000',
  };
  if (short) return base;
  return { ...base, tcp: { rtoTicks: listen ? 100 : 20, atoTicks: 4, quickAckPingpong: 0, congestionWindowSegments: 10, slowStartThreshold: listen ? 0 : -1 } };
}

/** A /proc/net/tcp text with `count` rows, and the sockets it should parse to. */
export function syntheticProcNetTcp(count: number): { text: string; sockets: ProcNetSocket[] } {
  const sockets = Array.from({ length: count }, (_, i) => syntheticTcpSocket(i));
  return { text: formatProcNet('tcp', sockets), sockets };
}

/** One line of `ss -H -tuanpe`, as the fields the oracle comparisons use. */
export interface SsRow {
  readonly netid: 'tcp' | 'udp';
  readonly state: string;
  readonly recvQ: number;
  readonly sendQ: number;
  readonly local: { readonly address: string; readonly port: number };
  readonly peer: { readonly address: string; readonly port: number };
  readonly users: readonly { readonly name: string; readonly pid: number; readonly fd: number }[];
  readonly inode: number;
}

/** `[::1]:123` → ::1 123; `*:8080` → :: 8080 (ss's dual-stack wildcard); `0.0.0.0:*` → 0.0.0.0 0. */
function ssEndpoint(text: string): { address: string; port: number } {
  const i = text.lastIndexOf(':');
  const host = text.slice(0, i).replace(/^\[(.*)\]$/, '$1');
  const port = text.slice(i + 1);
  return { address: host === '*' ? '::' : host, port: port === '*' ? 0 : Number(port) };
}

/** Parses `ss -H -tuanpe` output (one socket per line). */
export function parseSs(text: string): SsRow[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const f = line.trim().split(/\s+/);
      const users = [...line.matchAll(/\("([^"]*)",pid=(\d+),fd=(\d+)\)/g)].map((m) => ({ name: m[1] ?? '', pid: Number(m[2]), fd: Number(m[3]) }));
      return {
        netid: f[0] === 'udp' ? 'udp' : 'tcp',
        state: f[1] ?? '',
        recvQ: Number(f[2]),
        sendQ: Number(f[3]),
        local: ssEndpoint(f[4] ?? ''),
        peer: ssEndpoint(f[5] ?? ''),
        users,
        inode: Number(/ ino:(\d+)/.exec(line)?.[1]),
      };
    });
}

/** The state name our parser gives for an `ss` state column. */
export function stateFromSs(netid: 'tcp' | 'udp', ssState: string): string {
  if (netid === 'udp') return ssState === 'UNCONN' ? 'UNCONNECTED' : 'CONNECTED';
  return ssState === 'ESTAB' ? 'ESTABLISHED' : ssState;
}
