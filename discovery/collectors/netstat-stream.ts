/**
 * The `netstat` kind's collector in bounded memory (issue 6: ≤ 64 MB RSS during a discovery run at 10k sockets).
 * Unlike {@link collectSockets} (which holds every row and every fd link, for `nanoprobe discover netstat`), it
 * 1. streams /proc/net/{tcp,tcp6,udp,udp6} through a 64 KiB buffer into the pure line parser and keeps only the
 *    rows the payload can use (listeners, client connections; TIME_WAIT dropped at once) — NetstatBuilder;
 * 2. walks /proc/<pid>/fd and keeps, per fd, only a socket inode some kept row has (inode → owners, built
 *    incrementally); only a process holding one is read (cmdline, status, stat, exe);
 * 3. returns the same payload as `netstatPayload(joinSocketsToProcesses(…))`;
 * with a NetstatOwnerCache, step 2 is skipped while the tables show only sockets whose owners it knows.
 * Passive: reads files only.
 */
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { open, readFile, readdir, readlink } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { join } from 'node:path';
import { NetstatBuilder, payloadProcess, processFromProc, ProcNetLineParser, socketInodeOfLink, type NetstatPayload, type PayloadProcess, type ProcNetOptions, type ProcNetTable } from '../index.ts';
import { MAX_FDS_PER_PROCESS, MAX_PROCESSES } from './procfs.ts';

/** Bytes read from a socket table at a time. */
export const LINE_READ_CHUNK_BYTES = 64 * 1024;

/** Carry-over kept of an unfinished line between chunks (no /proc/net row is near this long): bounds memory. */
const MAX_LINE_CHARS = 4096;

const TABLES: readonly ProcNetTable[] = ['tcp', 'tcp6', 'udp', 'udp6'];

/** Processes scanned between two yields to the event loop (heartbeats must not wait for a whole scan). */
const PROCESSES_PER_SLICE = 64;

/**
 * Calls `onLine` with each line of the file (without its newline), reading it `LINE_READ_CHUNK_BYTES` at a time.
 * False when the file cannot be opened (absent: no IPv6, or not ours to read).
 */
export async function forEachLine(path: string, onLine: (line: string) => void, chunkBytes = LINE_READ_CHUNK_BYTES): Promise<boolean> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch {
    return false;
  }
  try {
    const buf = Buffer.allocUnsafe(chunkBytes);
    const decoder = new StringDecoder('utf8');
    let carry = '';
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, chunkBytes, null);
      if (bytesRead === 0) break;
      const text = carry + decoder.write(buf.subarray(0, bytesRead));
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        onLine(text.slice(start, nl));
        start = nl + 1;
      }
      carry = text.slice(start, start + MAX_LINE_CHARS);
    }
    carry += decoder.end();
    if (carry !== '') onLine(carry);
    return true;
  } finally {
    await fh.close();
  }
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined; // gone (the process exited) or not ours to read
  }
}

/** The inodes of `pid`'s fds that `builder` wants (sync on purpose: see collectSockets' fdLinks). */
function wantedInodes(pid: string, procRoot: string, builder: NetstatBuilder): number[] {
  let fds: string[];
  try {
    fds = readdirSync(join(procRoot, pid, 'fd'));
  } catch {
    return [];
  }
  const out: number[] = [];
  const n = Math.min(fds.length, MAX_FDS_PER_PROCESS);
  for (let i = 0; i < n; i++) {
    let target: string;
    try {
      target = readlinkSync(join(procRoot, pid, 'fd', fds[i] ?? ''));
    } catch {
      continue; // the fd was closed (or the process exited) since readdir
    }
    if (!target.includes('socket:[') && !target.startsWith('[0000]:')) continue;
    const inode = socketInodeOfLink(target);
    if (inode !== undefined && builder.wants(inode)) out.push(inode);
  }
  return out;
}

/** What a streaming netstat collection gave. */
export interface NetstatCollection {
  readonly payload: NetstatPayload;
  readonly warnings: readonly string[];
  /** Processes whose fds were read: 0 when the owners came from the cache. */
  readonly processesScanned: number;
}

/** Runs between two full fd scans when the socket tables show nothing new (see NetstatOwnerCache). */
export const DEFAULT_FULL_SCAN_EVERY = 10;

/**
 * Owners found by the last full fd scan, kept between runs of a long-lived collector (the nanoprobe). Walking every
 * process's fds is most of a run's CPU; when every socket the tables show was already there at the last scan and
 * its owners still run, a socket inode (unique while the socket exists) still has the same owners — except a
 * process that inherited or was passed the socket since, which a full scan every `fullScanEvery` runs catches.
 */
export class NetstatOwnerCache {
  readonly fullScanEvery: number;
  /** Inode → owners, of the last full scan's kept sockets; bounded by them. */
  #owners = new Map<number, readonly PayloadProcess[]>();
  #runsSinceFull = Number.POSITIVE_INFINITY;

  constructor(fullScanEvery = DEFAULT_FULL_SCAN_EVERY) {
    this.fullScanEvery = fullScanEvery;
  }

  /** Fills `builder`'s owners from the cache and returns true when that is still exact (class comment). */
  reuse(builder: NetstatBuilder, procRoot: string): boolean {
    if (this.#runsSinceFull + 1 >= this.fullScanEvery) return false;
    const alive = new Map<number, boolean>();
    const isAlive = (pid: number): boolean => {
      let a = alive.get(pid);
      if (a === undefined) alive.set(pid, (a = existsSync(join(procRoot, String(pid)))));
      return a;
    };
    for (const inode of builder.inodes()) {
      const owners = this.#owners.get(inode);
      if (owners === undefined || !owners.every((o) => isAlive(o.pid))) return false;
    }
    for (const inode of builder.inodes()) for (const o of this.#owners.get(inode) ?? []) builder.addOwner(inode, o);
    this.#runsSinceFull++;
    return true;
  }

  /** Remembers a full scan's owners. */
  remember(builder: NetstatBuilder): void {
    this.#owners = new Map();
    for (const inode of builder.inodes()) this.#owners.set(inode, builder.ownersOf(inode));
    this.#runsSinceFull = 0;
  }
}

/**
 * The `netstat` payload of the host (or of a /proc-like tree at `procRoot`), in bounded memory (module comment).
 * `signal` stops the scan between two slices of processes, with its reason.
 */
export async function collectNetstat(procRoot = '/proc', signal?: AbortSignal, options: ProcNetOptions = {}, cache?: NetstatOwnerCache): Promise<NetstatCollection> {
  const builder = new NetstatBuilder();
  const warnings: string[] = [];
  for (const table of TABLES) {
    const parser = new ProcNetLineParser(table, options);
    let failed: Error | undefined;
    const read = await forEachLine(join(procRoot, 'net', table), (line) => {
      if (failed !== undefined) return;
      try {
        const row = parser.line(line);
        if (row !== undefined) builder.addSocket(row);
      } catch (err) {
        failed = err instanceof Error ? err : new Error(String(err)); // DISC_BAD_HEADER: not a socket table; the rest of the file is ignored
      }
    });
    if (!read) continue;
    try {
      if (failed !== undefined) throw failed;
      for (const w of parser.finish()) warnings.push(`${table}: ${JSON.stringify(w)}`);
    } catch (err) {
      warnings.push(`${table}: ${err instanceof Error ? err.message : String(err)}`);
    }
    signal?.throwIfAborted();
  }
  if (cache?.reuse(builder, procRoot) === true) return { payload: builder.payload(), warnings, processesScanned: 0 };
  const pids = (await readdir(procRoot)).filter((d) => /^\d+$/.test(d)).slice(0, MAX_PROCESSES);
  for (const [i, pid] of pids.entries()) {
    if (i % PROCESSES_PER_SLICE === PROCESSES_PER_SLICE - 1) {
      await yieldToLoop();
      signal?.throwIfAborted();
    }
    const inodes = wantedInodes(pid, procRoot, builder);
    if (inodes.length === 0) continue; // no socket the payload shows, or not readable
    const [cmdline, status, stat, exe] = await Promise.all([
      readOptional(join(procRoot, pid, 'cmdline')),
      readOptional(join(procRoot, pid, 'status')),
      readOptional(join(procRoot, pid, 'stat')),
      readlink(join(procRoot, pid, 'exe')).catch(() => undefined),
    ]);
    const r = processFromProc({ pid: Number(pid), ...(cmdline === undefined ? {} : { cmdline }), ...(status === undefined ? {} : { status }), ...(stat === undefined ? {} : { stat }), ...(exe === undefined ? {} : { exe }) });
    const p = payloadProcess(r.value);
    for (const inode of inodes) builder.addOwner(inode, p);
  }
  cache?.remember(builder);
  return { payload: builder.payload(), warnings, processesScanned: pids.length };
}
