// What one discovery cycle costs the nanoprobe (issue 6: "nanoprobe CPU/RSS during a discovery run"): for each
// kind, the whole path the daemon runs — collect (files, /proc, local tools), build the payload, canonical JSON
// and SHA-256 — via HostCollectors.run, then the core's diff index of the result, on this machine; and netstat over a procfs-like tree with 10k sockets
// owned by 100 processes (1,000 fds each was unrealistic; 100 sockets each is a busy server's workers).
// CPU is this process's user+system time (child tools such as dpkg-query and ip are timed in wall ms only).
// The child runs with the nanoprobe's own V8 flags (NANOPROBE_NODE_FLAGS).
// Run: npm run bench -- discovery-collect
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatProcNet, procNetHeader } from '../discovery/index.ts';
import { nanoprobeNodeArgs } from '../scripts/nanoprobe-bundle.ts';
import { syntheticTcpSocket } from '../test/helpers/procfs.ts';
import type { BenchFigure } from './report.ts';

export interface CollectBenchInit {
  /** Collections per kind (the figure is the median). */
  readonly cycles: number;
  /** Sockets in the procfs-like tree. */
  readonly sockets: number;
  /** Processes owning them. */
  readonly processes: number;
}

const DEFAULT_INIT: CollectBenchInit = { cycles: 15, sockets: 10_000, processes: 100 };

/** The nanoprobe's RSS target during discovery (issue 6). */
const RSS_TARGET_MB = 64;

/** Default intervals the docs recommend, to turn ms per cycle into a share of one core. */
const INTERVAL_MS: Readonly<Record<string, number>> = { netstat: 60_000, arp: 60_000, inventory: 3_600_000 };

interface CycleStats {
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
  baselineRssMb: number;
  payloadBytes: number;
}

/**
 * The V8 flags the nanoprobe runs with (nanoprobe/cli.ts's shebang): the child must be the same kind of process,
 * or its RSS says nothing about the nanoprobe's (V8's default heap sizing alone takes a 10k-socket run from
 * ≈ 62 MB to ≈ 120 MB: it grows the young generation up to 16 MB semi-spaces on the parser's garbage). The child
 * loads the unbundled modules; the packaged single-file bundle runs ≈ 4 MB smaller (bench/results/footprint.json).
 */
export const NANOPROBE_NODE_FLAGS: readonly string[] = nanoprobeNodeArgs();

/** Runs the collections in a fresh nanoprobe-like process (bench/discovery-collect-child.ts). */
function measure(kind: string, cycles: number, procRoot?: string, flags: readonly string[] = NANOPROBE_NODE_FLAGS): CycleStats {
  const child = join(dirname(fileURLToPath(import.meta.url)), 'discovery-collect-child.js');
  const r = spawnSync(process.execPath, [...flags, child, kind, String(cycles), ...(procRoot === undefined ? [] : [procRoot])], { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`${kind}: ${r.stderr}`);
  return JSON.parse(r.stdout) as CycleStats;
}

/** A /proc-like tree: net/{tcp,tcp6,udp,udp6} with `sockets` TCP rows, and `processes` pids holding them by fd. */
export function procfsTree(sockets: number, processes: number): string {
  const root = mkdtempSync(join(tmpdir(), 'rw-bench-proc-'));
  const rows = Array.from({ length: sockets }, (_, i) => syntheticTcpSocket(i));
  mkdirSync(join(root, 'net'));
  writeFileSync(join(root, 'net/tcp'), formatProcNet('tcp', rows));
  writeFileSync(join(root, 'net/tcp6'), `${procNetHeader('tcp6')}\n`);
  writeFileSync(join(root, 'net/udp'), `${procNetHeader('udp')}\n`);
  writeFileSync(join(root, 'net/udp6'), `${procNetHeader('udp6')}\n`);
  for (let p = 0; p < processes; p++) {
    const pid = 1000 + p;
    const dir = join(root, String(pid));
    mkdirSync(join(dir, 'fd'), { recursive: true });
    writeFileSync(join(dir, 'cmdline'), 'nginx: worker process\0');
    writeFileSync(join(dir, 'status'), `Name:\tnginx\nState:\tS (sleeping)\nTgid:\t${pid}\nPid:\t${pid}\nPPid:\t1\nUid:\t33\t33\t33\t33\nGid:\t33\t33\t33\t33\nThreads:\t1\n`);
    writeFileSync(join(dir, 'stat'), `${pid} (nginx) S 1 ${pid} ${pid} 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 ${4242 + p} 1000000 100 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n`);
    symlinkSync('/usr/sbin/nginx', join(dir, 'exe'));
    let fd = 3;
    for (let i = p; i < sockets; i += processes) {
      const inode = rows[i]?.inode ?? 0;
      if (inode !== 0) symlinkSync(`socket:[${inode}]`, join(dir, 'fd', String(fd++)));
    }
  }
  return root;
}

/** Runs the benchmark. */
export function runCollectBench(init: CollectBenchInit = DEFAULT_INIT): BenchFigure[] {
  const figures: BenchFigure[] = [];
  const round = (x: number): number => Math.round(x * 100) / 100;
  for (const kind of ['netstat', 'arp', 'inventory']) {
    const s = measure(kind, init.cycles);
    const interval = INTERVAL_MS[kind] ?? 60_000;
    figures.push({
      name: `${kind} collection on this host (collect + payload + sha256 + diff index), wall ms per cycle`,
      value: round(s.wallMs),
      unit: 'ms',
      extra: { cpuMs: round(s.cpuMs), payloadBytes: s.payloadBytes, baselineRssMb: round(s.baselineRssMb), percentOfCoreAtInterval: round((100 * s.cpuMs) / interval), intervalMs: interval },
    });
    figures.push({ name: `${kind} collection on this host: peak RSS of a nanoprobe-like process`, value: round(s.peakRssMb), unit: 'MB', target: { op: '<=', value: RSS_TARGET_MB } });
  }
  const root = procfsTree(init.sockets, init.processes);
  try {
    const s = measure('netstat', Math.max(3, Math.floor(init.cycles / 3)), root);
    const k = `${init.sockets / 1000}k sockets, ${init.processes} processes`;
    figures.push({ name: `netstat over a procfs-like tree (${k}), wall ms per cycle`, value: round(s.wallMs), unit: 'ms', extra: { cpuMs: round(s.cpuMs), payloadBytes: s.payloadBytes, baselineRssMb: round(s.baselineRssMb), percentOfCoreAt60s: round((100 * s.cpuMs) / 60_000) } });
    figures.push({ name: `netstat over a procfs-like tree (${k}): peak RSS of a nanoprobe-like process`, value: round(s.peakRssMb), unit: 'MB', target: { op: '<=', value: RSS_TARGET_MB } });
    const plain = measure('netstat', Math.max(3, Math.floor(init.cycles / 3)), root, []);
    figures.push({ name: `netstat over a procfs-like tree (${k}): peak RSS with V8's default flags (no --lite-mode; for comparison, no target)`, value: round(plain.peakRssMb), unit: 'MB', extra: { wallMs: round(plain.wallMs), cpuMs: round(plain.cpuMs) } });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return figures;
}
