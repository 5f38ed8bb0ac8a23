// /proc/<pid>/{fd,cmdline,exe,status,stat}, /proc/stat btime and /etc/passwd.
import test from 'ava';
import {
  DiscoveryError,
  parseBootTimeSec,
  parseCmdline,
  parseExeLink,
  parseFdLinks,
  parsePasswd,
  parseProcStat,
  parseProcStatus,
  processStartMs,
} from '../../../discovery/index.ts';
import { fixture, fixtureBytes } from '../../helpers/procfs.ts';

const lines = (path: string): string[] => fixture(path).split('\n');

test('fd links: sockets found by inode and fd; files, pipes and anon inodes skipped silently', (t) => {
  const r = parseFdLinks(lines('live-netns-kernel-6.18/hostA.server-pid.fd-readlink.txt'));
  t.deepEqual(r.warnings, []);
  t.deepEqual(
    r.value.map((s) => [s.fd, s.inode]),
    [[11, 70004], [12, 70005], [3, 69925], [4, 69926], [5, 69927], [6, 69928], [7, 69929], [8, 69930], [9, 69931]],
  );
  t.deepEqual(parseFdLinks(['socket:[12345]', 'anon_inode:[eventfd]', 'pipe:[7]', '/dev/null', 'net:[4026531992]']).value, [{ inode: 12345 }]);
});

test('fd links: a test tree symlink ending in socket:[N], and the old [0000]:N form, are sockets', (t) => {
  t.deepEqual(parseFdLinks(lines('robinmonjo-dock/proc-9-fd-symlinks.txt')).value, [{ fd: 3, inode: 84336181 }]);
  const bast = lines('bastjan-netstat/proc-pid-symlinks.txt').filter((l) => l.includes('/fd/'));
  t.deepEqual(parseFdLinks(bast), { value: [{ fd: 2, inode: 44360 }, { fd: 2, inode: 44365 }], warnings: [] });
});

test('fd links: a malformed socket link or a target of no known form is a warning', (t) => {
  const r = parseFdLinks(['3 -> socket:[abc]', '4 -> socket:[1]', 'weird thing', '']);
  t.deepEqual(r.value, [{ fd: 4, inode: 1 }]);
  t.deepEqual(r.warnings.map((w) => w.line), [1, 3]);
});

test('cmdline: NUL-separated and NUL-terminated; empty for kernel threads; a rewritten argv stays one string', (t) => {
  t.deepEqual(parseCmdline(fixtureBytes('live-unshare-kernel-6.18/server.cmdline')), ['/root/.pyenv/versions/3.11.7/bin/python3', '/tmp/procfs-cap/srv.py']);
  t.deepEqual(parseCmdline('/usr/bin/bundle\0exec\0puma\0-p41703\0'), ['/usr/bin/bundle', 'exec', 'puma', '-p41703']);
  t.deepEqual(parseCmdline(''), []);
  t.deepEqual(parseCmdline('nginx: worker process'), ['nginx: worker process']);
  t.deepEqual(parseCmdline('a\0\0b\0'), ['a', '', 'b']);
});

test('exe: the path, and whether the kernel marked it (deleted)', (t) => {
  t.deepEqual(parseExeLink(fixture('live-unshare-kernel-6.18/server.exe.txt').trim()), { path: '/root/.pyenv/versions/3.11.7/bin/python3.11', deleted: false });
  t.deepEqual(parseExeLink('/usr/sbin/sshd (deleted)'), { path: '/usr/sbin/sshd', deleted: true });
});

test('status: Name with the kernel escapes undone (parens, space, backslash, newline), ids, PPid, threads, RSS', (t) => {
  const r = parseProcStatus(fixture('live-unshare-kernel-6.18/server.status'));
  t.deepEqual(r.warnings, []);
  t.like(r.value, { name: 'we(ir) d\\\n)', state: 'S', pid: 29791, tgid: 29791, ppid: 1, threads: 1, vmRssKiB: 14520 });
  t.deepEqual(r.value.uid, { real: 0, effective: 0, saved: 0, filesystem: 0 });
  t.is(r.value.fields.get('CapEff'), '000001fffeffffff');
  t.is(r.value.fields.size, 59, "every line of the file");
  t.like(parseProcStatus(fixture('live-unshare-kernel-6.18/worker.status')).value, { name: 'worker 2', pid: 29837, ppid: 29791 });
});

test('status: odd lines are warnings; without Name and Pid it throws DISC_BAD_RECORD', (t) => {
  const r = parseProcStatus('Name:\tx\nPid:\t7\nno colon here\nUid:\t1000\t1000\n__proto__:\tx\n');
  t.like(r.value, { name: 'x', pid: 7 });
  t.is(r.value.uid, undefined);
  t.deepEqual(r.warnings.map((w) => w.message), ['status line is not "Key: value"', 'Uid is not four numbers']);
  for (const bad of ['', 'Name:\tx\n', 'Pid:\t7\n', 'Name:\tx\nPid:\tseven\n']) {
    t.is(t.throws(() => parseProcStatus(bad), { instanceOf: DiscoveryError }).code, 'DISC_BAD_RECORD');
  }
});

test('stat: comm runs to the last ")" even across a newline; ppid, CPU ticks, threads, start time (field 22)', (t) => {
  const s = parseProcStat(fixture('live-unshare-kernel-6.18/server.stat'));
  t.like(s, { pid: 29791, comm: 'we(ir) d\\\n)', state: 'S', ppid: 1, userTicks: 5, systemTicks: 2, threads: 1, startTimeTicks: 929167 });
  t.is(s.fields.length, 50);
  t.like(parseProcStat(fixture('live-unshare-kernel-6.18/worker.stat')), { pid: 29837, comm: 'worker 2', ppid: 29791, startTimeTicks: 929193 });
});

test('stat: no "(comm)", cut before field 22, or a non-numeric field throws DISC_BAD_RECORD', (t) => {
  const full = fixture('live-unshare-kernel-6.18/worker.stat');
  const cut = full.split(' ').slice(0, 22).join(' ');
  for (const bad of ['', '29837 worker S 1', 'x (a) S 1', cut, full.replace(' 929193 ', ' soon ')]) {
    t.is(t.throws(() => parseProcStat(bad), { instanceOf: DiscoveryError }).code, 'DISC_BAD_RECORD', bad.slice(0, 30));
  }
});

test('start time: btime + ticks / USER_HZ gives the wall-clock start', (t) => {
  const btime = parseBootTimeSec(`cpu  1 2 3\n${fixture('live-unshare-kernel-6.18/proc-stat-btime.txt')}processes 9\n`);
  t.is(btime, 1_795_414_377);
  t.is(processStartMs(929_167, btime), 1_795_414_377_000 + 9_291_670);
  t.is(processStartMs(250, 0, 250), 1000);
  t.is(t.throws(() => parseBootTimeSec('cpu 1 2 3\n'), { instanceOf: DiscoveryError }).code, 'DISC_BAD_RECORD');
});

test('passwd: uid → name, first name wins, comments skipped, odd lines warned', (t) => {
  const r = parsePasswd('root:x:0:0:root:/root:/bin/bash\n# c\n\ntoor:x:0:0::/root:/bin/sh\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n+nis::::::\nbroken\n');
  t.deepEqual([...r.value], [[0, 'root'], [33, 'www-data']]);
  t.deepEqual(r.warnings.map((w) => w.line), [6, 7]);
});
