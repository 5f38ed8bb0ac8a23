/**
 * Joining sockets to the processes that hold them: /proc/<pid>/fd/N → `socket:[inode]` names the `inode` column of
 * the socket tables. An inode can be held by several processes (a forked server's workers share the listener), so
 * each socket gets a list of owners, like `ss -p` prints `users:(("nginx",pid=1,fd=6),("nginx",pid=2,fd=6))`.
 * TIME_WAIT and request sockets (inode 0) never have an owner.
 */
import { DiscoveryError } from '../errors.ts';
import { toText, WarningSink, type ParseResult, type TextInput } from './parse-result.ts';
import { parseCmdline, parseExeLink, parseFdLinks, type FdSocket } from './proc-pid-links.ts';
import { parseProcStat, parseProcStatus } from './proc-pid-stat.ts';
import type { ProcNetSocket } from './proc-net.ts';

/** What a collector read for one process; any file it could not read (exited, no permission) is left out. */
export interface RawProcFiles {
  readonly pid: number;
  /** `readlink` targets of /proc/<pid>/fd/*, bare or as `N -> target` lines. */
  readonly fdLinks?: readonly string[];
  readonly cmdline?: TextInput;
  /** /proc/<pid>/comm (the name plus a newline); status `Name` wins when both are given. */
  readonly comm?: TextInput;
  readonly status?: TextInput;
  readonly stat?: TextInput;
  /** `readlink /proc/<pid>/exe`. */
  readonly exe?: string;
}

/** One process, as much as its files told. */
export interface ProcessRecord {
  readonly pid: number;
  readonly sockets: readonly FdSocket[];
  /** The comm: status `Name`, else stat's comm, else the comm file. */
  readonly name?: string;
  readonly exe?: string;
  /** The exe link said ` (deleted)`: the binary was removed or replaced since the process started. */
  readonly exeDeleted?: boolean;
  readonly cmdline?: readonly string[];
  /** Effective uid (status `Uid:` second column), which is what `ps` shows as the user. */
  readonly uid?: number;
  readonly ppid?: number;
  /** stat field 22; (pid, startTimeTicks) identifies a process across pid reuse. */
  readonly startTimeTicks?: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Builds a {@link ProcessRecord} from one process's raw files. A file that fails to parse becomes a warning. */
export function processFromProc(raw: RawProcFiles): ParseResult<ProcessRecord> {
  const sink = new WarningSink();
  const rec: Mutable<ProcessRecord> = { pid: raw.pid, sockets: [] };
  if (raw.fdLinks !== undefined) {
    const fds = parseFdLinks(raw.fdLinks);
    sink.addAll(fds.warnings, 'fd');
    rec.sockets = fds.value;
  }
  if (raw.cmdline !== undefined) rec.cmdline = parseCmdline(raw.cmdline);
  if (raw.exe !== undefined) {
    const exe = parseExeLink(raw.exe);
    rec.exe = exe.path;
    rec.exeDeleted = exe.deleted;
  }
  if (raw.comm !== undefined) rec.name = toText(raw.comm).replace(/\n$/, '');
  if (raw.stat !== undefined) {
    try {
      const stat = parseProcStat(raw.stat);
      rec.name = stat.comm;
      rec.ppid = stat.ppid;
      rec.startTimeTicks = stat.startTimeTicks;
    } catch (e) {
      if (!(e instanceof DiscoveryError)) throw e;
      sink.warn(0, `stat: ${e.message}`);
    }
  }
  if (raw.status !== undefined) {
    try {
      const status = parseProcStatus(raw.status);
      sink.addAll(status.warnings, 'status');
      rec.name = status.value.name;
      if (status.value.ppid !== undefined) rec.ppid = status.value.ppid;
      if (status.value.uid !== undefined) rec.uid = status.value.uid.effective;
    } catch (e) {
      if (!(e instanceof DiscoveryError)) throw e;
      sink.warn(0, `status: ${e.message}`);
    }
  }
  return sink.result(rec);
}

/** A process holding a socket, with the fd it holds it on. */
export interface SocketOwner {
  readonly pid: number;
  readonly fd?: number;
  readonly name?: string;
  readonly exe?: string;
  readonly cmdline?: readonly string[];
  readonly uid?: number;
  /** User name of `uid`, when a users map was given and has it. */
  readonly user?: string;
  readonly ppid?: number;
  readonly startTimeTicks?: number;
}

/** A socket and the processes holding it (empty when none was seen: other namespace, no permission, TIME_WAIT). */
export interface JoinedSocket {
  readonly socket: ProcNetSocket;
  /** Sorted by pid, then fd. */
  readonly owners: readonly SocketOwner[];
}

/** Options for {@link joinSocketsToProcesses}. */
export interface JoinOptions {
  /** uid → user name (e.g. from `parsePasswd`). */
  readonly users?: ReadonlyMap<number, string>;
}

/** The owner fields of a process (everything but its socket list), with the user name when known. */
function ownerBase(p: ProcessRecord, users: ReadonlyMap<number, string> | undefined): SocketOwner {
  const user = p.uid === undefined ? undefined : users?.get(p.uid);
  const { sockets: _sockets, exeDeleted: _deleted, ...rest } = p;
  return user === undefined ? rest : { ...rest, user };
}

/** Gives each socket its owning processes by inode; pure, O(sockets + fds). Input order of sockets is kept. */
export function joinSocketsToProcesses(sockets: readonly ProcNetSocket[], processes: readonly ProcessRecord[], options: JoinOptions = {}): JoinedSocket[] {
  /** inode → owners; bounded by the number of socket fds given. */
  const byInode = new Map<number, SocketOwner[]>();
  for (const p of processes) {
    const base = ownerBase(p, options.users);
    for (const s of p.sockets) {
      if (s.inode === 0) continue;
      const owner = s.fd === undefined ? base : { ...base, fd: s.fd };
      const list = byInode.get(s.inode);
      if (list === undefined) byInode.set(s.inode, [owner]);
      else list.push(owner);
    }
  }
  for (const list of byInode.values()) list.sort((a, b) => a.pid - b.pid || (a.fd ?? -1) - (b.fd ?? -1));
  return sockets.map((socket) => ({ socket, owners: socket.inode === 0 ? [] : (byInode.get(socket.inode) ?? []) }));
}
