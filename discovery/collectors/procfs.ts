import { readFile, readdir, readlink } from 'node:fs/promises';
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

async function fdLinks(pid: string, procRoot: string): Promise<string[]> {
  let fds: string[];
  try {
    fds = (await readdir(join(procRoot, pid, 'fd'))).slice(0, MAX_FDS_PER_PROCESS);
  } catch {
    return [];
  }
  const links = await Promise.all(fds.map((fd) => readlink(join(procRoot, pid, 'fd', fd)).then((target) => `${fd} -> ${target}`, () => undefined)));
  return links.filter((l): l is string => l !== undefined && l.includes('socket:['));
}

/**
 * Reads /proc/net/{tcp,tcp6,udp,udp6} and every /proc/<pid> it may (fd links, cmdline, status, stat, exe) and
 * joins sockets to their owners — what `ss -tuanp` shows. Passive: reads files only. Processes that vanish midway
 * are skipped; without privileges, other users' processes have no fds to read and their sockets no owner.
 */
export async function collectSockets(procRoot = '/proc'): Promise<SocketCollection> {
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
  for (const pid of pids) {
    const links = await fdLinks(pid, procRoot);
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
