/**
 * Parsers for what a collector reads under /proc/<pid>/: the fd symlink targets, `cmdline`, and the `exe` link.
 * Reading them needs the same uid or CAP_SYS_PTRACE; the collector passes what it could read.
 */
import { toText, WarningSink, type ParseResult, type TextInput } from './parse-result.ts';

/** One socket a process holds open. */
export interface FdSocket {
  /** The fd number when the entry said it (`3 -> socket:[69925]`); absent for a bare target. */
  readonly fd?: number;
  /** The socket inode: the `inode` column of /proc/net/{tcp,udp,…}. */
  readonly inode: number;
}

const SOCKET_LINK = /^socket:\[(\d{1,16})\]$/;
/** Linux 2.0/2.2 printed every fd as `[dev]:inode`; sockfs has device 0000, so `[0000]:N` is socket N. */
const OLD_SOCKET_LINK = /^\[0000\]:(\d{1,16})$/;
/** The other link kinds an fd can have (paths, `pipe:[N]`, `anon_inode:…`, namespaces, old `[dev]:N`); skipped. */
const OTHER_LINK = /^(\/|\.\.?\/|anon_inode:|[a-z_]+:\[\d+\]$|\[[0-9a-f]{4}\]:\d+$)/;

/**
 * The socket inode an fd's `readlink` target names (`socket:[12345]`, the old `[0000]:12345`, or a path ending
 * in `/socket:[12345]`), or undefined for any other link — one link at a time, for a streaming collector.
 */
export function socketInodeOfLink(target: string): number | undefined {
  const under = target.lastIndexOf('/socket:[');
  const t = under >= 0 ? target.slice(under + 1) : target;
  const m = SOCKET_LINK.exec(t) ?? OLD_SOCKET_LINK.exec(t);
  return m === null ? undefined : Number(m[1]);
}

/**
 * Finds the sockets in a list of fd link targets, each either a bare `readlink` result (`socket:[12345]`) or an
 * `N -> target` line as `ls -l`/`find -printf` print them. Files, pipes, anon inodes are skipped; a `socket:`
 * link that is not `socket:[digits]`, or an entry of no known form, is a warning.
 */
export function parseFdLinks(entries: readonly string[]): ParseResult<FdSocket[]> {
  const sink = new WarningSink();
  const out: FdSocket[] = [];
  entries.forEach((entry, i) => {
    const raw = entry.trim();
    if (raw === '') return;
    const arrow = raw.indexOf(' -> ');
    let fd: number | undefined;
    let target = raw;
    if (arrow >= 0) {
      const name = raw.slice(0, arrow).trim();
      const last = name.slice(name.lastIndexOf('/') + 1);
      fd = /^\d{1,9}$/.test(last) ? Number(last) : undefined;
      target = raw.slice(arrow + 4).trim();
    }
    const under = target.lastIndexOf('/socket:['); // a path ending in a socket name (a test tree's symlinks)
    if (under >= 0) target = target.slice(under + 1);
    const inode = socketInodeOfLink(target);
    if (inode !== undefined) {
      out.push(fd === undefined ? { inode } : { fd, inode });
    } else if (target.startsWith('socket:') || !OTHER_LINK.test(target)) {
      sink.warn(i + 1, 'fd link of no known form', raw);
    }
  });
  return sink.result(out);
}

/**
 * Splits /proc/<pid>/cmdline (arguments separated and terminated by NUL) into its arguments. Kernel threads
 * have an empty cmdline (→ []). A process that rewrote its argv (setproctitle) may have one space-separated
 * string and no NUL; it is returned as one argument.
 */
export function parseCmdline(input: TextInput): string[] {
  const text = toText(input);
  if (text === '') return [];
  const args = text.split('\0');
  if (args.at(-1) === '') args.pop();
  return args;
}

/** The `/proc/<pid>/exe` link target, split into the path and whether the file was deleted (or replaced). */
export interface ExeLink {
  readonly path: string;
  /** The kernel appends ` (deleted)` when the binary was unlinked or replaced (e.g. by a package upgrade). */
  readonly deleted: boolean;
}

/** Parses the `exe` link target. */
export function parseExeLink(target: string): ExeLink {
  const suffix = ' (deleted)';
  return target.endsWith(suffix) ? { path: target.slice(0, -suffix.length), deleted: true } : { path: target, deleted: false };
}
