// Joining sockets to processes by inode, checked against the users:(…) column of ss -tuanpe.
import test from 'ava';
import { joinSocketsToProcesses, parseProcNet, processFromProc, type JoinedSocket, type ProcessRecord, type ProcNetSocket, type ProcNetTable } from '../../../discovery/index.ts';
import { fixture, fixtureBytes, parseSs } from '../../helpers/procfs.ts';

const TABLES: readonly ProcNetTable[] = ['tcp', 'tcp6', 'udp', 'udp6'];
const sockets = (prefix: string): ProcNetSocket[] => TABLES.flatMap((t) => parseProcNet(fixture(`${prefix}proc-net-${t}`), t).value);
const fdLines = (path: string): string[] => fixture(path).split('\n');

/** Every socket's owners as "pid/fd" lists, next to what ss says, keyed by inode. */
function compareWithSs(t: { deepEqual: (a: unknown, b: unknown, m?: string) => void; true: (v: boolean, m?: string) => void }, joined: JoinedSocket[], ssText: string): void {
  const ss = parseSs(ssText);
  t.deepEqual(joined.length, ss.length, 'one joined socket per ss row');
  for (const row of ss) {
    const j = joined.find((x) => x.socket.inode === row.inode);
    const ours = (j?.owners ?? []).map((o) => `${o.pid}/${o.fd}`);
    const theirs = [...row.users].sort((a, b) => a.pid - b.pid).map((u) => `${u.pid}/${u.fd}`);
    t.deepEqual(ours, theirs, `inode ${row.inode}`);
    for (const u of row.users) t.true((j?.owners.find((o) => o.pid === u.pid)?.name ?? '').startsWith(u.name), `name of ${u.pid}`);
  }
}

test('live netns, both hosts: every socket gets the pid and fd ss shows, plus name and cmdline', (t) => {
  const pidOf = (key: string): number => Number(new RegExp(`${key}=(\\d+)`).exec(fixture('live-netns-kernel-6.18/pids.txt'))?.[1]);
  for (const [host, role, key] of [['hostA', 'server', 'server_pid'], ['hostB', 'client', 'client_pid']] as const) {
    const base = `live-netns-kernel-6.18/${host}.${role}-pid`;
    const proc = processFromProc({
      pid: pidOf(key),
      fdLinks: fdLines(`${base}.fd-readlink.txt`),
      comm: fixture(`${base}.comm`),
      cmdline: fixture(`${base}.cmdline.txt`).replaceAll(' ', '\0'), // the capture turned the NULs into spaces
    });
    t.deepEqual(proc.warnings, []);
    const joined = joinSocketsToProcesses(sockets(`live-netns-kernel-6.18/${host}.`), [proc.value]);
    compareWithSs(t, joined, fixture(`live-netns-kernel-6.18/${host}.ss-tuanpe.txt`));
    t.deepEqual(joined[0]?.owners[0]?.cmdline, ['/usr/bin/python3', `${role}.py`, `/srv/proclab/${role}.pid`]);
  }
});

function unshareProcesses(): ProcessRecord[] {
  const pids = fixture('live-unshare-kernel-6.18/pids.txt');
  return (['server', 'worker'] as const).map((who) => {
    const r = processFromProc({
      pid: Number(new RegExp(`${who}_pid=(\\d+)`).exec(pids)?.[1]),
      fdLinks: fdLines(`live-unshare-kernel-6.18/${who}.fd-readlink.txt`),
      cmdline: fixtureBytes(`live-unshare-kernel-6.18/${who}.cmdline`),
      status: fixtureBytes(`live-unshare-kernel-6.18/${who}.status`),
      stat: fixtureBytes(`live-unshare-kernel-6.18/${who}.stat`),
      exe: fixture(`live-unshare-kernel-6.18/${who}.exe.txt`).trim(),
    });
    if (r.warnings.length > 0) throw new Error(JSON.stringify(r.warnings));
    return r.value;
  });
}

test('live unshare: a forked worker shares the listeners, so those inodes have two owners, as in ss', (t) => {
  const joined = joinSocketsToProcesses(sockets('live-unshare-kernel-6.18/'), unshareProcesses(), { users: new Map([[0, 'root']]) });
  compareWithSs(t, joined, fixture('live-unshare-kernel-6.18/ss-tuanpe.txt'));
  const listener = joined.find((j) => j.socket.state === 'LISTEN' && j.socket.local.port === 7000);
  t.deepEqual(listener?.owners, [
    { pid: 29791, fd: 3, name: 'we(ir) d\\\n)', exe: '/root/.pyenv/versions/3.11.7/bin/python3.11', cmdline: ['/root/.pyenv/versions/3.11.7/bin/python3', '/tmp/procfs-cap/srv.py'], uid: 0, user: 'root', ppid: 1, startTimeTicks: 929167 },
    { pid: 29837, fd: 3, name: 'worker 2', exe: '/root/.pyenv/versions/3.11.7/bin/python3.11', cmdline: ['/root/.pyenv/versions/3.11.7/bin/python3', '/tmp/procfs-cap/srv.py'], uid: 0, user: 'root', ppid: 29791, startTimeTicks: 929193 },
  ]);
});

test('TIME_WAIT rows (inode 0) never get an owner, even from a process listing inode 0', (t) => {
  const tw = parseProcNet(fixture('robinmonjo-dock/proc-net-tcp'), 'tcp').value;
  const joined = joinSocketsToProcesses(tw, [{ pid: 9, sockets: [{ fd: 3, inode: 84336181 }, { fd: 4, inode: 0 }] }]);
  t.is(joined.filter((j) => j.owners.length > 0).length, 1);
  t.like(joined[0], { socket: { local: { port: 9999 } }, owners: [{ pid: 9, fd: 3 }] });
  t.true(joined.filter((j) => j.socket.inode === 0).every((j) => j.owners.length === 0));
});

test('a process whose stat or status is unreadable garbage still joins, with warnings', (t) => {
  const r = processFromProc({ pid: 5, fdLinks: ['socket:[1]'], stat: 'garbage', status: 'Name:\tonly\n', exe: '/bin/x (deleted)' });
  t.deepEqual(r.value, { pid: 5, sockets: [{ inode: 1 }], exe: '/bin/x', exeDeleted: true });
  t.deepEqual(r.warnings.map((w) => w.message.split(':')[0]), ['stat', 'status']);
});
