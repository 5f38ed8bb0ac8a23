import { readdirSync, readlinkSync } from 'node:fs';
import { readFile, readdir, readlink } from 'node:fs/promises';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { join } from 'node:path';
import { joinSocketsToProcesses, parseProcNet, processFromProc, type JoinedSocket, type ProcNetSocket, type ProcessRecord } from '../index.ts';

/** What a procfs collection saw: sockets joined to their processes, plus parser warnings. */
export interface SocketCollection {
  readonly sockets: readonly JoinedSocket[];
  readonly warnings: readonly string[];
  readonly processesScanned: number;
}

/** Processes and fds read at most per collection (bounds work on a huge host). */
export const MAX_PROCESSES = 65_536;
export const MAX_FDS_PER_PROCESS = 65_536;

const TABLES = ['tcp', 'tcp6', 'udp', 'udp6'] as const;

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined; // gone (the process exited) or not ours to read
  }
}

/**
 * The socket links of one process's fds. Synchronous on purpose: /proc reads never touch a disk, and one
 * readlink through the libuv thread pool costs ~4× a direct one (bench/discovery-collect.ts: 8,000 fds in
 * ~40 ms instead of ~170 ms). The caller yields to the event loop between processes.
 */
function fdLinks(pid: string, procRoot: string): string[] {
  let fds: string[];
  try {
    fds = readdirSync(join(procRoot, pid, 'fd')).slice(0, MAX_FDS_PER_PROCESS);
  } catch {
    return [];
  }
  const links: string[] = [];
  for (const fd of fds) {
    try {
      const target = readlinkSync(join(procRoot, pid, 'fd', fd));
      if (target.includes('socket:[')) links.push(`${fd} -> ${target}`);
    } catch {
      // the fd was closed (or the process exited) since readdir
    }
  }
  return links;
}

/** Processes scanned between two yields to the event loop (heartbeats must not wait for a whole scan). */
const PROCESSES_PER_SLICE = 64;

/**
 * Reads /proc/net/{tcp,tcp6,udp,udp6} and every /proc/<pid> it may (fd links, cmdline, status, stat, exe) and
 * joins sockets to their owners — what `ss -tuanp` shows. Passive: reads files only. Processes that vanish midway
 * are skipped; without privileges, other users' processes have no fds to read and their sockets no owner.
 * `signal` (the nanoprobe gave up on this run) stops the scan between two slices of processes, with its reason.
 */
export async function collectSockets(procRoot = '/proc', signal?: AbortSignal): Promise<SocketCollection> {
  const warnings: string[] = [];
  const sockets: ProcNetSocket[] = [];
  for (const table of TABLES) {
    const text = await readOptional(join(procRoot, 'net', table));
    if (text === undefined) continue;
    const r = parseProcNet(text, table);
    sockets.push(...r.value);
    warnings.push(...r.warnings.map((w) => `${table}: ${typeof w === 'string' ? w : JSON.stringify(w)}`));
  }
  const pids = (await readdir(procRoot)).filter((d) => /^\d+$/.test(d)).slice(0, MAX_PROCESSES);
  const processes: ProcessRecord[] = [];
  for (const [i, pid] of pids.entries()) {
    if (i % PROCESSES_PER_SLICE === PROCESSES_PER_SLICE - 1) {
      await yieldToLoop();
      signal?.throwIfAborted();
    }
    const links = fdLinks(pid, procRoot);
    if (links.length === 0) continue; // no socket, or not readable: nothing to join
    const [cmdline, status, stat, exe] = await Promise.all([
      readOptional(join(procRoot, pid, 'cmdline')),
      readOptional(join(procRoot, pid, 'status')),
      readOptional(join(procRoot, pid, 'stat')),
      readlink(join(procRoot, pid, 'exe')).catch(() => undefined),
    ]);
    const r = processFromProc({ pid: Number(pid), fdLinks: links, ...(cmdline === undefined ? {} : { cmdline }), ...(status === undefined ? {} : { status }), ...(stat === undefined ? {} : { stat }), ...(exe === undefined ? {} : { exe }) });
    processes.push(r.value);
  }
  return { sockets: joinSocketsToProcesses(sockets, processes), warnings, processesScanned: pids.length };
}
