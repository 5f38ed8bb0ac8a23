// /proc socket-table parsing at busy-server scale (STYLE practice 22): a 10k-connection /proc/net/tcp (and the
// same as IPv4-mapped tcp6 rows), parsed from text and from bytes; the inode join of 10k sockets to 1k processes;
// the listener/client split. Run: npm run bench -- discovery-procfs
import type { BenchFigure } from './report.ts';
import {
  clientConnections,
  formatProcNet,
  joinSocketsToProcesses,
  listeners,
  parseProcNetTcp,
  parseProcNetTcp6,
  type ProcessRecord,
  type ProcNetSocket,
} from '../discovery/index.ts';
import { syntheticTcpSocket } from '../test/helpers/procfs.ts';

/** Scale of the run; the defaults are the benchmark's names. */
export interface ProcfsBenchInit {
  /** Rows in the generated /proc/net/tcp. */
  readonly connections: number;
  /** Processes the sockets are spread over for the join. */
  readonly processes: number;
  /** How long each case is repeated, in ms (the figure is the median repetition). */
  readonly durationMs: number;
}

const DEFAULT_INIT: ProcfsBenchInit = { connections: 10_000, processes: 1_000, durationMs: 2_000 };

/** Median wall time of `fn` in ms, repeated for about `durationMs` (at least 5 times) after 2 warm-up runs. */
function medianMs(fn: () => unknown, durationMs: number): number {
  fn();
  fn();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < 5 || performance.now() - start < durationMs) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

/** The same sockets as IPv4-mapped rows of a dual-stack server's tcp6. */
function asMappedV6(s: ProcNetSocket): ProcNetSocket {
  const map = (e: ProcNetSocket['local']): ProcNetSocket['local'] => ({ family: 6, address: e.address === '0.0.0.0' ? '::' : `::ffff:${e.address}`, port: e.port });
  return { ...s, table: 'tcp6', family: 6, local: map(s.local), remote: map(s.remote) };
}

/** Runs the benchmark and returns its figures (rows/s, ms per table, join and split times). */
export function runProcfsBench(init: ProcfsBenchInit = DEFAULT_INIT): BenchFigure[] {
  const { connections, processes, durationMs } = init;
  const sockets = Array.from({ length: connections }, (_, i) => syntheticTcpSocket(i));
  const tcp = formatProcNet('tcp', sockets);
  const tcpBytes = new TextEncoder().encode(tcp);
  const tcp6 = formatProcNet('tcp6', sockets.map(asMappedV6));
  if (parseProcNetTcp(tcp).value.length !== connections || parseProcNetTcp6(tcp6).value.length !== connections) throw new Error('generated tables do not parse back');

  const procs: ProcessRecord[] = Array.from({ length: processes }, (_, p) => ({
    pid: 1000 + p,
    name: `worker-${p}`,
    exe: '/usr/sbin/nginx',
    cmdline: ['nginx: worker process'],
    uid: 33,
    startTimeTicks: 4242 + p,
    sockets: sockets.filter((_, i) => i % processes === p && sockets[i]?.inode !== 0).map((s, fd) => ({ fd: fd + 3, inode: s.inode })),
  }));
  const users = new Map([[33, 'www-data']]);

  const parseText = medianMs(() => parseProcNetTcp(tcp), durationMs);
  const parseBytes = medianMs(() => parseProcNetTcp(tcpBytes), durationMs);
  const parse6 = medianMs(() => parseProcNetTcp6(tcp6), durationMs);
  const join = medianMs(() => joinSocketsToProcesses(sockets, procs, { users }), durationMs);
  const split = medianMs(() => [listeners(sockets), clientConnections(sockets)], durationMs);
  const k = `${connections / 1000}k`;
  const perSecond = (ms: number): number => Math.round(connections / (Math.max(ms, 1e-3) / 1000));
  const round = (ms: number): number => Math.round(ms * 100) / 100;
  return [
    { name: `parse /proc/net/tcp ${k} rows (text)`, value: perSecond(parseText), unit: 'lines/s', extra: { msPerTable: round(parseText), bytes: tcpBytes.length } },
    { name: `parse /proc/net/tcp ${k} rows, ms per table`, value: round(parseText), unit: 'ms' },
    { name: `parse /proc/net/tcp ${k} rows (bytes, incl. UTF-8 decode)`, value: perSecond(parseBytes), unit: 'lines/s', extra: { msPerTable: round(parseBytes) } },
    { name: `parse /proc/net/tcp6 ${k} rows (IPv4-mapped)`, value: perSecond(parse6), unit: 'lines/s', extra: { msPerTable: round(parse6) } },
    { name: `join ${k} sockets to ${processes / 1000}k processes`, value: round(join), unit: 'ms' },
    { name: `listeners + clientConnections over ${k} sockets`, value: round(split), unit: 'ms' },
  ];
}
